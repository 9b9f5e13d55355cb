/**
 * The honest-but-curious server of an aggregator with `inversionAttack`: in round 1 it takes what one client
 * actually sent — after that client's clipping, local noise and compression, decoded against the global
 * model — and runs the gradient-inversion attack on it. The simulation knows the client's training rows,
 * so the result carries the real image beside the reconstruction; a real server would not have it.
 */
import { gradientLeakage, inferredLabelOf, type GradientLeakage } from '../attack/gradientLeakage.js';
import type { Dataset } from '../data/dataset.js';
import type { FullFitRes } from '../protocol/messages.js';
import type { Reply } from '../server/strategy.js';
import type { Partition } from '../split/partition.js';
import type { InvertResult, InvertTask } from './messages.js';
import type { FederationPlan } from './plan.js';

/** The round the server attacks: the first, where every client starts from the same known model. */
export const ATTACKED_ROUND = 1;

/** Runs DLG's optimiser on a worker (the pool's `invert`). */
export type Inverter = (task: Omit<InvertTask, 'type' | 'backend'>) => Promise<InvertResult>;

/**
 * The attack on round `round`'s answers, or undefined where the aggregator runs none, it is not the attacked
 * round, no client answered, or the data are not images (validation refuses that first). `dlg` asks
 * `invert` for its reconstruction, seeded by `seed`.
 */
export async function probeLeakage(
  plan: FederationPlan,
  dataset: Dataset,
  partitions: ReadonlyMap<string, Partition>,
  global: Float32Array,
  results: readonly Reply<FullFitRes>[],
  round: number,
  invert: Inverter,
  seed: number,
): Promise<GradientLeakage | undefined> {
  const method = plan.params.inversionAttack;
  if (method === 'none' || round !== ATTACKED_ROUND || results.length === 0 || dataset.featureShape.length < 2) return undefined;
  const lowest = results.reduce((a, b) => (b.client.cid < a.client.cid ? b : a));
  const target = results.find((r) => r.client.cid === plan.params.attackClient) ?? lowest;
  const cid = target.client.cid;
  const group = plan.groups.find((g) => cid >= g.firstId && cid < g.firstId + g.splitClients.length);
  const partition = group && partitions.get(group.splitId);
  if (!group || !partition) return undefined;
  const local = group.splitClients[cid - group.firstId];
  const offset = partition.trainOffsets[local];
  const examples = partition.trainOffsets[local + 1] - offset;
  if (examples === 0) return undefined;
  const row = partition.trainIndices[offset];
  const f = dataset.numFeatures;
  const received = target.res.weights;
  let optimised: Float32Array | undefined;
  if (method === 'dlg') {
    const update = new Float32Array(new SharedArrayBuffer(received.length * 4));
    for (let i = 0; i < update.length; i++) update[i] = received[i] - global[i];
    const { attackIterations: iterations, attackLearningRate: learningRate } = plan.params;
    // iDLG: the optimiser takes the label the update gives away, not the true one (the server does not know it).
    optimised = (await invert({ model: plan.model, globalWeights: global, update, label: inferredLabelOf(plan.model, global, received), iterations, learningRate, seed })).input;
  }
  return gradientLeakage({
    method,
    spec: plan.model,
    global,
    received,
    real: dataset.train.x.subarray(row * f, (row + 1) * f),
    trueLabel: dataset.train.y[row],
    round,
    clientId: cid,
    clientNodeId: target.client.groupNodeId,
    examples,
    ...(optimised ? { optimised } : {}),
  });
}
