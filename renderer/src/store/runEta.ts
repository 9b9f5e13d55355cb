/**
 * How long the run has left, from the rounds it has done: the status bar's "about 40 s left". The runner
 * plays each round's federations one after another, so a round of the run lasts the sum of its
 * federations' rounds; each federation's next rounds are taken to last as long as its rounds so far did
 * (the first one included, whose worker start-up makes the estimate err long, not short).
 */
import type { FederationMetrics } from './runState.js';

/** Milliseconds left, or null until every federation that has rounds left has finished one. */
export function remainingMs(federations: readonly Pick<FederationMetrics, 'rounds' | 'records'>[]): number | null {
  let left = 0;
  for (const f of federations) {
    const done = f.records.length;
    const todo = f.rounds - (done > 0 ? f.records[done - 1].round : 0);
    if (todo <= 0) continue;
    if (done === 0) return null;
    const mean = f.records.reduce((s, r) => s + r.ms, 0) / done;
    left += mean * todo;
  }
  return left;
}
