/** What the workbench knows about the current run: per-node state, live metrics per aggregator, a log. */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import type { Problem } from '../../../engine/format/problems.js';
import type { PartitionInfo, RoundRecord, RunEvent } from '../../../engine/run/events.js';
import type { AggregatorPreview } from './aggregatorPreview.js';
import type { GradientLeakage } from '../../../engine/attack/gradientLeakage.js';
import type { NodePrivacy } from './privacyMetrics.js';

export type RunStatus = 'idle' | 'starting' | 'running' | 'finished' | 'failed' | 'cancelled';
export type NodeRunStatus = 'queued' | 'running' | 'done' | 'error';

export interface NodeRunState {
  status: NodeRunStatus;
  /** The round being worked on (1-based) and how many there are. */
  round?: number;
  rounds?: number;
  /** Share of the node's work done, 0..1, for the progress ring. */
  progress?: number;
  /** Why the node failed. */
  message?: string;
  /** A client node's clients that failed in the current round (threw, lost their thread, timed out), and the last reason. */
  failed?: { round: number; count: number; last: string };
  /** An evaluate node's latest test accuracy. */
  accuracy?: number;
  /** An aggregator with differential privacy: its federation's ε so far, at its δ. */
  privacy?: NodePrivacy;
  /** An aggregator whose server ran the gradient-inversion attack: what it recovered. */
  leakage?: GradientLeakage;
}

/** One value per round, as the charts draw it. */
export interface RoundPoint {
  round: number;
  value: number;
}

export interface FederationMetrics {
  aggregatorId: string;
  label: string;
  strategy: string;
  rounds: number;
  /** Clients in the federation, across its client groups. */
  clients: number;
  /** The round in progress or last done; 0 before the first. */
  round: number;
  /** Clients sampled in the current round, and how many have finished (or dropped). */
  sampled: number;
  finished: number;
  records: RoundRecord[];
  /** Σ (n_i/n)·L_i per round. */
  trainLoss: RoundPoint[];
  testLoss: RoundPoint[];
  accuracy: RoundPoint[];
  federatedAccuracy: RoundPoint[];
  bytesUp: RoundPoint[];
  bytesDown: RoundPoint[];
  /** ε at `delta` after each round, where the aggregator has differential privacy (empty otherwise). */
  epsilon: RoundPoint[];
  delta: number;
  /** Each client's local training loss, by client id, for the rounds it took part in. */
  clientLoss: Record<number, RoundPoint[]>;
}

export interface LogLine {
  level: 'info' | 'warning' | 'error';
  text: string;
}

export interface RunState {
  runId: string | null;
  /** The tab whose document is running. */
  tabKey: string | null;
  status: RunStatus;
  /** Paused between rounds (or started paused to be stepped). */
  paused: boolean;
  /** The document as it was started, to map events to nodes. */
  doc: PipelineDocument | null;
  backend: string | null;
  adapter: string | null;
  workers: number | null;
  federations: Record<string, FederationMetrics>;
  federationOrder: string[];
  /** Partitions by split node id (labelCounts[client][class]). */
  partitions: Record<string, PartitionInfo>;
  nodes: Record<string, NodeRunState>;
  /** Per client node: the example-weighted mean loss of its clients per round (for the sparkline). */
  clientNodeLoss: Record<string, RoundPoint[]>;
  /** Per client node: each of its clients' simulated speed (steps per second), where the group simulates devices. */
  clientNodeSpeeds: Record<string, number[]>;
  /** Running sums behind `clientNodeLoss` for the current round. */
  clientNodeSums: Record<string, { round: number; loss: number; examples: number }>;
  /**
   * Per federation, the events of the round in progress that lesson mode explains (round-started, dropouts,
   * failures, only the clients that moved the model most and least and those that sent partial work,
   * aggregated, evaluated), kept small on purpose: see KEPT_ROUND_FAILURES and KEPT_PARTIALS.
   */
  roundEvents: Record<string, RunEvent[]>;
  /** Per federation, the same events of its last finished round (moved over when `evaluated` arrives). */
  lastRoundEvents: Record<string, RunEvent[]>;
  /** Per aggregator, its last round's privacy previews (update norms against C, a masked update). */
  aggregatorPreviews: Record<string, AggregatorPreview>;
  /**
   * Why the run failed or was refused. `problems` are every node and field the host named (none for a
   * failure that belongs to no node), for the Problems panel and the canvas.
   */
  error: { message: string; nodeId?: string; field?: string; problems: Problem[] } | null;
  wallMs: number | null;
  log: LogLine[];
}

/** How many log lines are kept. */
export const LOG_LIMIT = 2000;

/** How many client-failed events of one round lesson mode keeps (the round's record lists every failure). */
export const KEPT_ROUND_FAILURES = 20;
/** How many client-finished events with partial work of one round lesson mode keeps, besides the two movers. */
export const KEPT_PARTIALS = 20;

export const idleRunState = (): RunState => ({
  runId: null,
  tabKey: null,
  status: 'idle',
  paused: false,
  doc: null,
  backend: null,
  adapter: null,
  workers: null,
  federations: {},
  federationOrder: [],
  partitions: {},
  nodes: {},
  clientNodeLoss: {},
  clientNodeSpeeds: {},
  clientNodeSums: {},
  roundEvents: {},
  lastRoundEvents: {},
  aggregatorPreviews: {},
  error: null,
  wallMs: null,
  log: [],
});

/** Whether a run is going on (it may be paused). */
export const isActive = (s: Pick<RunState, 'status'>): boolean => s.status === 'starting' || s.status === 'running';
