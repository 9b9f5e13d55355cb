/**
 * What the server talks to: one client, wherever it runs. Shaped like Flower's ClientProxy. The in-process
 * proxy over the worker pool is one implementation; remote clients and queue workers are others. A proxy
 * may keep state between rounds (SCAFFOLD's control variate, a client's momentum).
 */
import type { ClientParams } from '../format/params.js';
import type { EvaluateIns, EvaluateOutcome, FitIns, FitOutcome } from '../protocol/messages.js';
import type { AvailabilityTrace } from '../sim/availability.js';

/** One client of a federation, as the server sees it. */
export interface ClientProxy {
  /** The client's id within its federation; aggregation runs in increasing id order. */
  readonly cid: number;
  /** The client node (group) it belongs to, for events and the workbench. */
  readonly groupNodeId: string;
  /** Trains on the client's data; resolves with an update or a failure value, never rejects for the client's own faults. */
  fit(ins: FitIns, signal: AbortSignal): Promise<FitOutcome>;
  /** Scores the global model on the client's local hold-out; resolves with scores or a failure value. */
  evaluate(ins: EvaluateIns, signal: AbortSignal): Promise<EvaluateOutcome>;
  /** Whether the client has a local hold-out to be evaluated on. */
  readonly canEvaluate: boolean;
}

/** One client node's clients, with the sampling and training settings the server applies to them. */
export interface ClientGroup {
  /** The client node. */
  readonly nodeId: string;
  readonly params: ClientParams;
  /** The split that holds the clients' data, part of every per-client seed. */
  readonly splitId: string;
  /** The split's client numbers this group takes, in order. */
  readonly splitClients: readonly number[];
  /** One proxy per client, in the same order as `splitClients`. */
  readonly proxies: readonly ClientProxy[];
  /** When each client is online; absent: always. */
  readonly availability?: AvailabilityTrace;
}

/** The clients a federation's strategy may sample from: Flower's ClientManager, grouped by client node. */
export interface ClientManager {
  readonly groups: readonly ClientGroup[];
  /** The run's seed, which every sampling and client seed derives from. */
  readonly seed: number;
  /** The simulated clock at the start of the round, in seconds (0 where no device is simulated). */
  readonly time: number;
}
