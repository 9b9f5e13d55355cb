/** Over-selection, as production systems sample: ask more clients than needed, keep the first K to finish. */

/** How many clients to sample when K are needed and a fraction `extra` more are asked: ⌈K·(1 + extra)⌉, at most the available. */
export function overSampleCount(needed: number, extra: number, available: number): number {
  if (extra <= 0) return Math.min(needed, available);
  return Math.min(available, Math.ceil(needed * (1 + extra) - 1e-9));
}

/** The answers kept: the first `keep` by simulated finish time, ties broken by the lower client id; in client-id order. */
export function firstToFinish<T extends { cid: number; finish: number }>(answers: readonly T[], keep: number): { kept: T[]; late: T[] } {
  const byFinish = [...answers].sort((a, b) => a.finish - b.finish || a.cid - b.cid);
  const byId = (a: T, b: T) => a.cid - b.cid;
  return { kept: byFinish.slice(0, keep).sort(byId), late: byFinish.slice(keep).sort(byId) };
}
