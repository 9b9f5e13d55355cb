/**
 * Times a run's rounds from its event stream. A round's wall time runs from the end of the previous
 * round (its `evaluated` event; for round 1, `run-started`) to its own `evaluated` event, so it covers
 * sampling, dispatch, local training, aggregation — everything the coordinator waits for.
 */
import type { RunEvent } from '../engine/run/events.js';
import { cpuSnapshot, cpuUse, type CpuSnapshot, type CpuUse } from './cpuMeter.js';

export interface RoundTiming {
  round: number;
  /** Previous round's end → this round's end. */
  wallMs: number;
  /** `round-started` → `aggregated`: dispatch and training of the sampled clients plus aggregation. */
  trainMs: number;
  /** The strategy's aggregation time, as the event reports it. */
  aggregateMs: number;
  clients: number;
  examples: number;
  /** Σ of the clients' in-worker training times (what the workers spent in ModelRunner.train). */
  clientMs: number;
}

export interface TimedRounds {
  rounds: RoundTiming[];
  /** Rounds 2..N (round 1 starts the workers and is left out); all rounds when there is only one. */
  timed: RoundTiming[];
  wallMs: number;
  examples: number;
  clientMs: number;
  /** Examples of a timed round ÷ the median timed round's wall time. */
  samplesPerSec: number;
  /** All timed examples ÷ all timed rounds' wall time. */
  meanSamplesPerSec: number;
  meanRoundMs: number;
  medianRoundMs: number;
  /** CPU use over the timed rounds. */
  cpu: CpuUse;
}

export class RoundTimer {
  private readonly rounds = new Map<number, RoundTiming>();
  private lastEnd = 0;
  private readonly started = new Map<number, number>();
  /** CPU snapshots at the run's start and at each round's end, by round (0: run start). */
  private readonly snapshots = new Map<number, CpuSnapshot>();

  /** The listener to pass to `run.on` / `runPipeline`. */
  readonly listener = (event: RunEvent): void => {
    const now = performance.now();
    switch (event.type) {
      case 'run-started':
        this.lastEnd = now;
        this.snapshots.set(0, cpuSnapshot());
        break;
      case 'round-started':
        this.started.set(event.round, now);
        this.entry(event.round);
        break;
      case 'client-finished': {
        const r = this.entry(event.round);
        r.clients++;
        r.examples += event.examples;
        r.clientMs += event.ms;
        break;
      }
      case 'aggregated': {
        const r = this.entry(event.round);
        r.trainMs = now - (this.started.get(event.round) ?? now);
        r.aggregateMs = event.ms;
        break;
      }
      case 'evaluated': {
        const r = this.entry(event.round);
        r.wallMs = now - this.lastEnd;
        this.lastEnd = now;
        this.snapshots.set(event.round, cpuSnapshot());
        break;
      }
      default:
        break;
    }
  };

  private entry(round: number): RoundTiming {
    let r = this.rounds.get(round);
    if (!r) {
      r = { round, wallMs: 0, trainMs: 0, aggregateMs: 0, clients: 0, examples: 0, clientMs: 0 };
      this.rounds.set(round, r);
    }
    return r;
  }

  summary(): TimedRounds {
    const rounds = [...this.rounds.values()].sort((a, b) => a.round - b.round);
    const timed = rounds.length > 1 ? rounds.slice(1) : rounds;
    const wallMs = sum(timed.map((r) => r.wallMs));
    const examples = sum(timed.map((r) => r.examples));
    const medianRoundMs = median(timed.map((r) => r.wallMs));
    const from = this.snapshots.get((timed[0]?.round ?? 1) - 1);
    const to = this.snapshots.get(timed.at(-1)?.round ?? 0);
    return {
      rounds,
      timed,
      wallMs,
      examples,
      clientMs: sum(timed.map((r) => r.clientMs)),
      samplesPerSec: medianRoundMs > 0 ? (examples / timed.length / medianRoundMs) * 1000 : 0,
      meanSamplesPerSec: wallMs > 0 ? (examples / wallMs) * 1000 : 0,
      meanRoundMs: timed.length > 0 ? wallMs / timed.length : 0,
      medianRoundMs,
      cpu: from && to ? cpuUse(from, to) : { own: 0, others: null, ownMs: 0 },
    };
  }
}

/** The median (mean of the middle two for an even count); 0 for none. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
