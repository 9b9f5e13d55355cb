/**
 * iDLG's label inference (Zhao et al. 2020). With softmax cross-entropy on one example, the gradient of the
 * loss with respect to the last layer's bias is p − onehot(y): negative only at the true label y (pᵧ − 1 < 0)
 * and positive everywhere else. A single SGD step sends Δb = −lr·(p − onehot(y)), positive only at y, so the
 * server reads the label off the sign — the largest entry of the update, which stays the best guess when
 * clipping scaled it or noise blurred it.
 */

/** The label iDLG infers from the update (new − old) of the last layer's bias: the index of its largest entry. */
export function inferLabel(lastBiasUpdate: ArrayLike<number>): number {
  if (lastBiasUpdate.length === 0) throw new RangeError('Label inference needs the last layer’s bias update; it is empty.');
  let best = 0;
  for (let k = 1; k < lastBiasUpdate.length; k++) if (lastBiasUpdate[k] > lastBiasUpdate[best]) best = k;
  return best;
}
