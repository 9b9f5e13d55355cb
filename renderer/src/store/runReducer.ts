/**
 * Folds run events into the workbench's run state. Pure, so it is tested without a host; the workbench
 * calls it once per animation frame with the events that arrived since the last one.
 */
import { sourceOf } from '../../../engine/format/graph.js';
import { assertNever } from '../../../engine/format/nodeKinds.js';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { formatProblem, type Problem } from '../../../engine/format/problems.js';
import { problemsFrom } from '../../../engine/host/hostError.js';
import type { FederationInfo, RoundRecord, RunEvent } from '../../../engine/run/events.js';
import { formatBytes } from '../../../engine/text/bytes.js';
import { withAggregatorPreview } from './aggregatorPreview.js';
import { deltaOf } from './privacyMetrics.js';
import { keptLeakage, withLeakage } from './gradientLeakage.js';
import {
  KEPT_PARTIALS,
  KEPT_ROUND_FAILURES,
  LOG_LIMIT,
  idleRunState,
  type FederationMetrics,
  type LogLine,
  type NodeRunState,
  type RoundPoint,
  type RunState,
} from './runState.js';

/** The state of a run just requested: every node queued. */
export function beginRun(doc: PipelineDocument, tabKey: string, options: { startPaused?: boolean } = {}): RunState {
  const nodes: Record<string, NodeRunState> = {};
  for (const n of doc.nodes) if (n.kind !== 'note') nodes[n.id] = { status: 'queued' };
  return {
    ...idleRunState(),
    tabKey,
    doc,
    status: 'starting',
    paused: options.startPaused ?? false,
    nodes,
    log: [{ level: 'info', text: `Starting '${doc.name}'…` }],
  };
}

/** Applies a batch of events in order. */
export function applyRunEvents(state: RunState, events: readonly RunEvent[]): RunState {
  let s = state;
  for (const e of events) s = applyRunEvent(s, e);
  return s;
}

/** Applies one run event. */
export function applyRunEvent(state: RunState, event: RunEvent): RunState {
  return withAggregatorPreview(trackRound(applyOne(state, event), event), event);
}

/** How many client-dropped events of one round are kept (the record has the full count). */
const KEPT_DROPOUTS = 20;

/** Keeps the events lesson mode explains, per federation: a few per round, whatever the number of clients. */
function trackRound(state: RunState, event: RunEvent): RunState {
  if (!('aggregatorId' in event) || !state.federations[event.aggregatorId]) return state;
  const id = event.aggregatorId;
  const current = state.roundEvents[id] ?? [];
  let next: RunEvent[];
  switch (event.type) {
    case 'round-started':
      next = [event];
      break;
    case 'client-dropped':
      if (current.filter((e) => e.type === 'client-dropped').length >= KEPT_DROPOUTS) return state;
      next = [...current, event];
      break;
    case 'client-failed':
      // Stragglers past the deadline and clients that broke: a few named, the record counts them all.
      if (current.filter((e) => e.type === 'client-failed').length >= KEPT_ROUND_FAILURES) return state;
      next = [...current, event];
      break;
    case 'client-finished': {
      // The largest and the smallest mover matter to the explanation, and the first few that sent partial work.
      type Finished = Extract<RunEvent, { type: 'client-finished' }>;
      const finished = [...current.filter((e): e is Finished => e.type === 'client-finished'), event];
      // Ties: the lowest id moves most, the highest least, so two clients are kept whenever two finished.
      const most = finished.reduce((a, b) => (b.updateNorm > a.updateNorm || (b.updateNorm === a.updateNorm && b.clientId < a.clientId) ? b : a));
      const least = finished.reduce((a, b) => (b.updateNorm < a.updateNorm || (b.updateNorm === a.updateNorm && b.clientId > a.clientId) ? b : a));
      const kept = most === least ? [most] : [most, least];
      for (const e of finished.filter((f) => f.partial).slice(0, KEPT_PARTIALS)) if (!kept.includes(e)) kept.push(e);
      next = [...current.filter((e) => e.type !== 'client-finished'), ...kept];
      break;
    }
    case 'aggregated':
      next = [...current, event];
      break;
    case 'evaluated': {
      const done = [...current, event];
      return { ...state, roundEvents: { ...state.roundEvents, [id]: [] }, lastRoundEvents: { ...state.lastRoundEvents, [id]: done } };
    }
    default:
      return state;
  }
  return { ...state, roundEvents: { ...state.roundEvents, [id]: next } };
}

function applyOne(state: RunState, event: RunEvent): RunState {
  switch (event.type) {
    case 'run-started': {
      const federations: Record<string, FederationMetrics> = {};
      for (const f of event.federations) federations[f.aggregatorId] = newFederation(f, deltaOf(state.doc, f.aggregatorId));
      const nodes = { ...state.nodes };
      for (const n of state.doc?.nodes ?? []) {
        if (n.kind === 'dataset' || n.kind === 'split' || n.kind === 'model') nodes[n.id] = { status: 'done' };
      }
      for (const f of event.federations) nodes[f.aggregatorId] = { status: 'queued', round: 0, rounds: f.rounds, progress: 0 };
      // A group that feeds several aggregators has the same devices in each (they are drawn per split client).
      const clientNodeSpeeds: Record<string, number[]> = {};
      for (const f of event.federations) {
        for (const g of f.groups) if (g.speeds && g.speeds.length > 0 && !clientNodeSpeeds[g.clientNodeId]) clientNodeSpeeds[g.clientNodeId] = g.speeds;
      }
      const started = log(
        {
          ...state,
          runId: event.runId,
          status: 'running',
          backend: event.backend,
          adapter: event.adapter ?? null,
          workers: event.workers,
          federations,
          federationOrder: event.federations.map((f) => f.aggregatorId),
          partitions: Object.fromEntries(event.partitions.map((p) => [p.splitId, p])),
          nodes,
          clientNodeSpeeds,
        },
        'info',
        `Run ${event.runId}: '${event.pipeline}', backend ${event.backend}${event.adapter ? ` (${event.adapter})` : ''}, ${event.workers} worker${event.workers === 1 ? '' : 's'}, seed ${event.seed}.`,
      );
      // What loading did to the data (rows left out, values filled in) is worth a line each in Output.
      return (event.warnings ?? []).reduce((next, p) => log(next, 'warning', formatProblem(p)), started);
    }
    case 'round-started': {
      const fed = state.federations[event.aggregatorId];
      if (!fed) return state;
      const next = { ...fed, round: event.round, sampled: event.sampled.length, finished: 0 };
      const nodes = { ...state.nodes };
      nodes[fed.aggregatorId] = { status: 'running', round: event.round, rounds: fed.rounds, progress: progressOf(next), ...keptPrivacy(state.nodes[fed.aggregatorId]), ...keptLeakage(state.nodes[fed.aggregatorId]) };
      for (const id of clientNodesOf(state, fed.aggregatorId)) {
        nodes[id] = { status: 'running', round: event.round, rounds: fed.rounds, progress: 0 };
      }
      return { ...state, federations: { ...state.federations, [fed.aggregatorId]: next }, nodes };
    }
    case 'client-started':
      return state;
    case 'client-finished': {
      const fed = state.federations[event.aggregatorId];
      if (!fed) return state;
      const points = fed.clientLoss[event.clientId] ?? [];
      const next: FederationMetrics = {
        ...fed,
        finished: fed.finished + 1,
        clientLoss: { ...fed.clientLoss, [event.clientId]: [...points, { round: event.round, value: event.loss }] },
      };
      const sums = state.clientNodeSums[event.clientNodeId];
      const sum =
        sums && sums.round === event.round
          ? { round: event.round, loss: sums.loss + event.loss * event.examples, examples: sums.examples + event.examples }
          : { round: event.round, loss: event.loss * event.examples, examples: event.examples };
      const mean = sum.examples > 0 ? sum.loss / sum.examples : event.loss;
      return {
        ...state,
        federations: { ...state.federations, [fed.aggregatorId]: next },
        clientNodeSums: { ...state.clientNodeSums, [event.clientNodeId]: sum },
        clientNodeLoss: {
          ...state.clientNodeLoss,
          [event.clientNodeId]: upsert(state.clientNodeLoss[event.clientNodeId] ?? [], { round: event.round, value: mean }),
        },
        nodes: withProgress(state.nodes, next, [event.clientNodeId]),
      };
    }
    case 'client-dropped': {
      const fed = state.federations[event.aggregatorId];
      if (!fed) return state;
      const next = { ...fed, finished: fed.finished + 1 };
      return { ...state, federations: { ...state.federations, [fed.aggregatorId]: next }, nodes: withProgress(state.nodes, next, [event.clientNodeId]) };
    }
    case 'client-failed': {
      const fed = state.federations[event.aggregatorId];
      if (!fed) return state;
      const next = { ...fed, finished: fed.finished + 1 };
      const nodes = withProgress(state.nodes, next, [event.clientNodeId]);
      const node = nodes[event.clientNodeId];
      const count = node?.failed?.round === event.round ? node.failed.count + 1 : 1;
      const last = `client ${event.clientId} ${event.code}: ${event.message}`;
      nodes[event.clientNodeId] = { ...node, status: node?.status ?? 'running', failed: { round: event.round, count, last } };
      return log(
        { ...state, federations: { ...state.federations, [fed.aggregatorId]: next }, nodes },
        'warning',
        `${fed.label} round ${event.round}: ${last}`,
      );
    }
    case 'aggregated': {
      const fed = state.federations[event.aggregatorId];
      if (!fed) return state;
      const nodes = { ...state.nodes };
      for (const id of clientNodesOf(state, fed.aggregatorId)) {
        nodes[id] = { ...nodes[id], status: event.round >= fed.rounds ? 'done' : 'running', progress: 1 };
      }
      for (const id of evaluateNodesOf(state, fed.aggregatorId)) {
        nodes[id] = { ...nodes[id], status: 'running', round: event.round, rounds: fed.rounds };
      }
      if (event.epsilon === undefined) return { ...state, nodes };
      // ε is known once the round is aggregated; the record that follows carries the same value.
      nodes[fed.aggregatorId] = { ...nodes[fed.aggregatorId], status: nodes[fed.aggregatorId]?.status ?? 'running', privacy: { epsilon: event.epsilon, delta: fed.delta } };
      const withEpsilon = { ...fed, epsilon: upsert(fed.epsilon, { round: event.round, value: event.epsilon }) };
      return { ...state, nodes, federations: { ...state.federations, [fed.aggregatorId]: withEpsilon } };
    }
    case 'evaluated':
      return applyRecord(state, event.record);
    case 'diverged': {
      const nodes = { ...state.nodes, [event.aggregatorId]: { ...state.nodes[event.aggregatorId], status: 'error' as const, message: event.message } };
      return log({ ...state, nodes }, 'warning', event.message);
    }
    case 'privacy-budget': {
      // The federation stops here; its node keeps the ε it reached and says the budget stopped it.
      const fed = state.federations[event.aggregatorId];
      const node = state.nodes[event.aggregatorId];
      if (!fed || !node) return log(state, 'warning', event.message);
      const privacy = { epsilon: event.epsilon, delta: fed.delta, stopped: { budget: event.budget, next: event.next, round: event.round } };
      return log({ ...state, nodes: { ...state.nodes, [event.aggregatorId]: { ...node, privacy } } }, 'warning', event.message);
    }
    case 'gradient-leakage':
      return withLeakage(state, event);
    case 'paused':
      return log({ ...state, paused: true }, 'info', `Paused after round ${event.round}.`);
    case 'resumed':
      return log({ ...state, paused: false }, 'info', `Resumed at round ${event.round}.`);
    case 'finished': {
      const nodes = Object.fromEntries(
        Object.entries(state.nodes).map(([id, n]) => [id, n.status === 'error' ? n : { ...n, status: 'done' as const, progress: 1 }]),
      );
      const lines = event.summary.federations.map(
        (f) =>
          `${f.label}: ${f.rounds} rounds, test accuracy ${f.final.accuracy === null ? '—' : pct(f.final.accuracy)}, training loss ${f.final.trainLoss === null ? '—' : f.final.trainLoss.toFixed(4)}.`,
      );
      let next: RunState = { ...state, status: 'finished', paused: false, nodes, wallMs: event.summary.wallMs };
      next = log(next, 'info', `Finished in ${(event.summary.wallMs / 1000).toFixed(1)} s.`);
      for (const line of lines) next = log(next, 'info', line);
      return next;
    }
    case 'failed': {
      const problems = failedProblems(event);
      const nodes = markFailedNodes(state.nodes, problems);
      for (const [id, n] of Object.entries(nodes)) if (n.status === 'running') nodes[id] = { ...n, status: 'queued' };
      const next = log(
        { ...state, status: 'failed', paused: false, nodes, error: { message: event.message, nodeId: event.nodeId, field: event.field, problems } },
        'error',
        `Failed: ${event.message}`,
      );
      return logProblems(next, event.message, problems);
    }
    case 'cancelled': {
      const nodes = Object.fromEntries(
        Object.entries(state.nodes).map(([id, n]) => [id, n.status === 'running' ? { ...n, status: 'queued' as const } : n]),
      );
      return log({ ...state, status: 'cancelled', paused: false, nodes }, 'warning', `Stopped during round ${event.round}.`);
    }
    default:
      return assertNever(event, 'run event');
  }
}

/** Marks the run failed before any event came (the host refused to start it, maybe naming problems). */
export function runRefused(state: RunState, message: string, problems: readonly Problem[] = []): RunState {
  const next = log(
    { ...state, status: 'failed', paused: false, nodes: markFailedNodes(state.nodes, problems), error: { message, problems: [...problems] } },
    'error',
    `Could not start: ${message}`,
  );
  return logProblems(next, message, problems);
}

type FailedEvent = Extract<RunEvent, { type: 'failed' }>;

/**
 * Every problem a failed event names. The engine is moving to a `problems` list (each with its severity,
 * node and field); until then, and for failures from older engines, the event's one nodeId and field.
 * Read defensively: the list is not part of the event's type yet.
 */
function failedProblems(event: FailedEvent): Problem[] {
  const listed = 'problems' in event ? problemsFrom(event.problems) : [];
  if (listed.length > 0) return listed;
  if (!event.nodeId && !event.field) return [];
  return [{ severity: 'error', message: event.message, ...(event.nodeId ? { nodeId: event.nodeId } : {}), ...(event.field ? { field: event.field } : {}) }];
}

/** The nodes with the run's errors marked on them (a node with several shows them all). */
function markFailedNodes(nodes: Record<string, NodeRunState>, problems: readonly Problem[]): Record<string, NodeRunState> {
  const next = { ...nodes };
  const messages = new Map<string, string[]>();
  for (const p of problems) if (p.nodeId && p.severity === 'error') messages.set(p.nodeId, [...(messages.get(p.nodeId) ?? []), p.message]);
  for (const [id, lines] of messages) next[id] = { ...next[id], status: 'error', message: lines.join('\n') };
  return next;
}

/** Adds an Output line for each problem the failure's message does not already spell out. */
function logProblems(state: RunState, message: string, problems: readonly Problem[]): RunState {
  let next = state;
  for (const p of problems) if (!message.includes(p.message)) next = log(next, p.severity === 'error' ? 'error' : 'warning', formatProblem(p));
  return next;
}

function applyRecord(state: RunState, record: RoundRecord): RunState {
  const fed = state.federations[record.aggregatorId];
  if (!fed) return state;
  const r = record.round;
  const next: FederationMetrics = {
    ...fed,
    records: [...fed.records.filter((x) => x.round !== r), record],
    trainLoss: record.trainLoss === null ? fed.trainLoss : upsert(fed.trainLoss, { round: r, value: record.trainLoss }),
    testLoss: record.test ? upsert(fed.testLoss, { round: r, value: record.test.loss }) : fed.testLoss,
    accuracy: record.test ? upsert(fed.accuracy, { round: r, value: record.test.accuracy }) : fed.accuracy,
    federatedAccuracy: record.federated
      ? upsert(fed.federatedAccuracy, { round: r, value: record.federated.accuracy })
      : fed.federatedAccuracy,
    bytesUp: upsert(fed.bytesUp, { round: r, value: record.bytesUp }),
    bytesDown: upsert(fed.bytesDown, { round: r, value: record.bytesDown }),
    epsilon: record.epsilon === undefined ? fed.epsilon : upsert(fed.epsilon, { round: r, value: record.epsilon }),
  };
  const nodes = { ...state.nodes };
  const last = r >= fed.rounds;
  const privacy = record.epsilon === undefined ? keptPrivacy(nodes[fed.aggregatorId]) : { privacy: { ...nodes[fed.aggregatorId]?.privacy, epsilon: record.epsilon, delta: fed.delta } };
  nodes[fed.aggregatorId] = { status: last ? 'done' : 'running', round: r, rounds: fed.rounds, progress: r / fed.rounds, ...privacy, ...keptLeakage(nodes[fed.aggregatorId]) };
  for (const id of evaluateNodesOf(state, fed.aggregatorId)) {
    nodes[id] = {
      status: last ? 'done' : 'running',
      round: r,
      rounds: fed.rounds,
      progress: r / fed.rounds,
      accuracy: record.test?.accuracy ?? nodes[id]?.accuracy,
    };
  }
  const parts = [
    `${fed.label} round ${r}/${fed.rounds}:`,
    record.trainLoss === null ? 'no training loss' : `training loss ${record.trainLoss.toFixed(4)}`,
    record.test ? `test loss ${record.test.loss.toFixed(4)}, accuracy ${pct(record.test.accuracy)}` : undefined,
    record.federated ? `hold-out accuracy ${pct(record.federated.accuracy)} ± ${pct(record.federated.accuracyStd)}` : undefined,
    `${record.participants} clients${record.dropped ? `, ${record.dropped} dropped` : ''}`,
    `↑${formatBytes(record.bytesUp)} ↓${formatBytes(record.bytesDown)}`,
    `${Math.round(record.ms)} ms`,
    record.epsilon === undefined ? undefined : `ε ${record.epsilon.toFixed(3)} at δ ${fed.delta}`,
  ].filter(Boolean);
  return log({ ...state, federations: { ...state.federations, [fed.aggregatorId]: next }, nodes }, 'info', parts.join(' '));
}

/** The aggregator node's privacy, carried over when its run state is rebuilt (nothing where it has none). */
function keptPrivacy(node: NodeRunState | undefined): Pick<NodeRunState, 'privacy'> {
  return node?.privacy ? { privacy: node.privacy } : {};
}

function newFederation(f: FederationInfo, delta: number): FederationMetrics {
  return {
    aggregatorId: f.aggregatorId,
    label: f.label,
    strategy: f.strategy,
    rounds: f.rounds,
    clients: f.clients,
    round: 0,
    sampled: 0,
    finished: 0,
    records: [],
    trainLoss: [],
    testLoss: [],
    accuracy: [],
    federatedAccuracy: [],
    bytesUp: [],
    bytesDown: [],
    epsilon: [],
    delta,
    clientLoss: {},
  };
}

function progressOf(fed: FederationMetrics): number {
  const within = fed.sampled > 0 ? Math.min(1, fed.finished / fed.sampled) : 0;
  return Math.min(1, (fed.round - 1 + within) / Math.max(1, fed.rounds));
}

function withProgress(nodes: Record<string, NodeRunState>, fed: FederationMetrics, clientNodeIds: string[]): Record<string, NodeRunState> {
  const next = { ...nodes };
  const agg = next[fed.aggregatorId];
  if (agg) next[fed.aggregatorId] = { ...agg, progress: progressOf(fed) };
  const within = fed.sampled > 0 ? Math.min(1, fed.finished / fed.sampled) : 0;
  for (const id of clientNodeIds) {
    const n = next[id];
    if (n) next[id] = { ...n, progress: within };
  }
  return next;
}

/** The client nodes that feed an aggregator in the running document. */
function clientNodesOf(state: RunState, aggregatorId: string): string[] {
  const doc = state.doc;
  if (!doc) return [];
  return doc.edges.filter((e) => e.target === aggregatorId).map((e) => e.source);
}

/** The evaluate nodes fed by an aggregator in the running document. */
function evaluateNodesOf(state: RunState, aggregatorId: string): string[] {
  const doc = state.doc;
  if (!doc) return [];
  return doc.nodes.filter((n) => n.kind === 'evaluate' && sourceOf(doc, n.id, 'global', 'aggregator')?.id === aggregatorId).map((n) => n.id);
}

function upsert(points: RoundPoint[], p: RoundPoint): RoundPoint[] {
  const last = points[points.length - 1];
  if (last && last.round === p.round) return [...points.slice(0, -1), p];
  return [...points, p];
}

function log(state: RunState, level: LogLine['level'], text: string): RunState {
  const lines = [...state.log, { level, text }];
  if (lines.length > LOG_LIMIT) lines.splice(0, lines.length - LOG_LIMIT);
  return { ...state, log: lines };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
