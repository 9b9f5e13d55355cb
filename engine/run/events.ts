/**
 * The run's event stream, shared by the CLI, the hosts and the workbench (imported with `import type`).
 * Every event names the aggregator (federation) it belongs to, so one run can compare several variants.
 */
import type { GradientLeakage } from '../attack/gradientLeakage.js';
import type { StrategyName } from '../format/params.js';
import type { Problem } from '../format/problems.js';
import type { FailureCode, SimulatedTime } from '../protocol/messages.js';

export interface PartitionInfo {
  splitId: string;
  numClients: number;
  /** labelCounts[client][class] over training rows. */
  labelCounts: number[][];
  holdoutSizes: number[];
  classNames: string[];
}

export interface FederationInfo {
  aggregatorId: string;
  label: string;
  strategy: StrategyName;
  rounds: number;
  /** Clients in the federation, across its client groups. */
  clients: number;
  groups: {
    clientNodeId: string;
    splitId: string;
    clients: number;
    behaviour: string;
    /** Each client's simulated speed (steps per second), in client order, where the group simulates devices. */
    speeds?: number[];
  }[];
  weights: number;
  /** The aggregator's differential privacy mechanism, where it has one. */
  privacy?: string;
}

export interface CentralScores {
  examples: number;
  loss: number;
  accuracy: number;
  perClassAccuracy: number[];
  confusion: number[][];
}

export interface FederatedScores {
  clients: number;
  examples: number;
  /** Example-weighted means over the clients' hold-outs. */
  loss: number;
  accuracy: number;
  /** Spread (standard deviation) of the clients' accuracies. */
  accuracyStd: number;
}

/**
 * One client's update beside what secure aggregation let the server see of it, on at most 784 coordinates:
 * the weights into the first unit of the first layer, in the input's shape where it is an image (28 × 28 for MNIST).
 */
export interface SecureAggregationPreview {
  /** The round's first client (lowest id) that sent a masked input. */
  clientId: number;
  /** How the coordinates are drawn: rows × columns, in reading order. */
  rows: number;
  columns: number;
  /** Its update Δᵢ on these coordinates, clipped to secAggRange as it went into the protocol (4 significant digits). */
  update: number[];
  /** The same coordinates of the masked input the server received: unsigned 32-bit words, as sent. */
  masked: number[];
  /** The same coordinates of the unmasked average update (before any DP noise; 4 significant digits). */
  average: number[];
}

/** A client that failed in a round (other than dropping out), as kept in the round's record. */
export interface ClientFailureRecord {
  clientId: number;
  clientNodeId: string;
  code: FailureCode;
  message: string;
}

/** One round of one federation, as kept in metrics files and charts. */
export interface RoundRecord {
  aggregatorId: string;
  round: number;
  participants: number;
  dropped: number;
  /** Σ (n_i/n)·L_i over the round's participants, L_i their mean local training loss. */
  trainLoss: number | null;
  bytesUp: number;
  bytesDown: number;
  ms: number;
  test?: CentralScores;
  federated?: FederatedScores;
  /** Set on the round where the global model stopped being finite; the federation stops there. */
  diverged?: boolean;
  /** Clients that failed this round (threw, lost their thread, timed out…); their updates are not in the aggregate. */
  failures?: ClientFailureRecord[];
  /** Simulated seconds the round lasted, where devices are simulated. */
  simulatedSeconds?: number;
  /** The simulated clock at the end of the round: simulated seconds since the first round began. */
  clock?: number;
  /** Clients whose update is partial work, cut by the deadline. */
  partial?: number;
  /** Differential privacy: ε at the aggregator's δ after this round (RDP accountant), where privacy is on. */
  epsilon?: number;
  /** Differential privacy: the sampling rate q the accountant used this round, and the clip norm the updates were clipped to. */
  samplingRate?: number;
  clipNorm?: number;
}

export type RunEvent =
  | {
      type: 'run-started';
      runId: string;
      pipeline: string;
      seed: number;
      backend: string;
      /** The GPU adapter the backend runs on (webgpu), e.g. "SwiftShader driver 5.0.0, software". */
      adapter?: string;
      workers: number;
      federations: FederationInfo[];
      partitions: PartitionInfo[];
      /** What the user should know before round 1, per node and field: planning's warnings (workers capped at what the machine holds) and loading's notes (rows with missing values left out…). */
      warnings?: Problem[];
    }
  | { type: 'round-started'; aggregatorId: string; round: number; sampled: number[] }
  | { type: 'client-started'; aggregatorId: string; round: number; clientId: number; clientNodeId: string }
  | {
      type: 'client-finished';
      aggregatorId: string;
      round: number;
      clientId: number;
      clientNodeId: string;
      examples: number;
      loss: number;
      /** ‖w_i − w_global‖, how far this client moved the model. */
      updateNorm: number;
      bytesUp: number;
      bytesDown: number;
      ms: number;
      /** The client's simulated download, compute and upload seconds, where its device is simulated. */
      simulated?: SimulatedTime;
      /** Set when a deadline cut its local work: the steps it took of those asked. */
      partial?: { steps: number; of: number };
      /**
       * Under secure aggregation: this client's protocol bytes, already counted in bytesUp (which is then
       * its protocol upload, the masked vector included, instead of its weights) and bytesDown (the model
       * plus these). Such a client-finished comes once the round's protocol has run, just before `aggregated`.
       */
      secAgg?: { up: number; down: number };
    }
  | { type: 'client-dropped'; aggregatorId: string; round: number; clientId: number; clientNodeId: string }
  /** A client answered with a failure value; the round goes on without its update. */
  | { type: 'client-failed'; aggregatorId: string; round: number; clientId: number; clientNodeId: string; code: FailureCode; message: string }
  | {
      type: 'aggregated';
      aggregatorId: string;
      round: number;
      participants: number;
      trainLoss: number | null;
      /** Clients the strategy kept, where it chooses (Krum). */
      selected?: number[];
      /** Clients that failed or dropped out this round, when any did. */
      failed?: number;
      /** ε at δ after this round, where the aggregator has differential privacy. */
      epsilon?: number;
      /**
       * Differential privacy: the L2 norms of the round's updates as they reached the server, in client-id
       * order (server-side modes: before it clipped them; client-side: after the clients did; under secure
       * aggregation the server never sees them, the simulation reports them), and the clip norm C of the round.
       */
      updateNorms?: { norms: number[]; clipNorm: number };
      /** Secure aggregation: the round's first client's update, its masked input as the server received it, and the average. */
      maskedPreview?: SecureAggregationPreview;
      ms: number;
    }
  /** A federation stopped before a round that would take ε past its epsilonBudget; the others go on. */
  | { type: 'privacy-budget'; aggregatorId: string; round: number; epsilon: number; next: number; budget: number; message: string }
  | { type: 'evaluated'; aggregatorId: string; round: number; record: RoundRecord }
  /** The server's gradient-inversion attack (inversionAttack) on one client's round-1 update: real and reconstructed image. */
  | ({ type: 'gradient-leakage'; aggregatorId: string } & GradientLeakage)
  /** One federation blew up (non-finite weights or loss); the run goes on with the others. */
  | { type: 'diverged'; aggregatorId: string; round: number; message: string }
  | { type: 'paused'; round: number }
  | { type: 'resumed'; round: number }
  | { type: 'finished'; summary: RunSummary }
  /** The run stopped; `problems` holds every problem behind it, `nodeId` and `field` the first one's. */
  | { type: 'failed'; message: string; nodeId?: string; field?: string; problems?: Problem[] }
  | { type: 'cancelled'; round: number };

export interface FederationSummary {
  aggregatorId: string;
  label: string;
  strategy: StrategyName;
  rounds: number;
  history: RoundRecord[];
  /** The round this federation diverged in, if it did. */
  divergedAt?: number;
  /** The round this federation did not run because it would have passed its epsilonBudget, if any. */
  budgetStoppedAt?: number;
  final: { accuracy: number | null; loss: number | null; trainLoss: number | null };
  /** The bytes the federation's rounds moved, summed over `history` (engine/export/traffic.ts). */
  traffic?: TrafficTotals;
  /** What the server's gradient-inversion attack recovered, where the aggregator ran one. */
  leakage?: GradientLeakage;
}

/** A federation's traffic over a run: the sums of its rounds' `bytesUp` (clients to server) and `bytesDown` (server to clients). */
export interface TrafficTotals {
  bytesUp: number;
  bytesDown: number;
}

export interface RunSummary {
  runId: string;
  pipeline: string;
  seed: number;
  backend: string;
  workers: number;
  wallMs: number;
  federations: FederationSummary[];
}
