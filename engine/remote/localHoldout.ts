/**
 * A remote client's local hold-out: the rows it keeps back from training to score the global model on
 * when the server asks (Flower's federated evaluation). The client draws them itself, seeded, so the
 * same file keeps the same rows held out on every join; the server hears only how many. DOM-free and
 * Node-free: `fedflow join` and the browser page both use it.
 */
import { Rng } from '../random/rng.js';

/** The largest hold-out fraction a client may keep: at least half its rows train. */
export const MAX_HOLDOUT_FRACTION = 0.5;

/** The seed of the draw where the client names none. */
export const HOLDOUT_SEED = 0x686f6c64;

/** Row numbers of a client's data: those it trains on (in file order) and those it holds out (increasing). */
export interface HoldoutSplit {
  train: number[];
  holdout: number[];
}

/** Keeps floor(fraction·n) rows drawn at random (never the last training row) as the hold-out, the rest for training. */
export function holdoutSplit(n: number, fraction: number, seed = HOLDOUT_SEED): HoldoutSplit {
  if (!(fraction >= 0 && fraction <= MAX_HOLDOUT_FRACTION)) throw new RangeError(`the hold-out fraction must be from 0 to ${MAX_HOLDOUT_FRACTION} (got ${fraction})`);
  const k = Math.max(0, Math.min(Math.floor(fraction * n), n - 1));
  const holdout = k > 0 ? new Rng(seed).sample(n, k) : [];
  const held = new Set(holdout);
  const train: number[] = [];
  for (let i = 0; i < n; i++) if (!held.has(i)) train.push(i);
  return { train, holdout };
}
