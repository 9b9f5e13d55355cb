/**
 * Lesson mode's plain-language account of one round: who was sampled, who dropped out, who was too slow
 * for the deadline and what they sent (nothing, or partial work), who failed, how long the round lasted in
 * simulated time, who moved the model most and least, whom a choosing strategy (Krum) kept, and how the
 * test accuracy changed. Pure, so it is tested without a host; the lesson panel calls it with the events
 * the run store kept of the round.
 */
import type { FailureCode } from '../../../engine/protocol/messages.js';
import type { ClientFailureRecord, RunEvent } from '../../../engine/run/events.js';
import { KEPT_PARTIALS, type RunState } from './runState.js';
import { formatSeconds } from './simulatedTime.js';

/** What the explanation may know beyond the round's own events. */
export interface FederationContext {
  label?: string;
  strategy?: string;
  /** Rounds the federation runs in all. */
  rounds?: number;
  /** Clients in the federation (to say "8 of 10 were sampled"). */
  clients?: number;
  /** Test accuracy (0..1) of the last evaluation before this round, to show the change. */
  previousAccuracy?: number | null;
  /** The round's deadline in simulated seconds (the aggregator's `deadline`), to name it. */
  deadline?: number;
}

export interface ExplainPrevious {
  /** By aggregator id. */
  federations?: Record<string, FederationContext>;
}

/** What ‖Δ‖ means, said under any explanation that uses it: the lesson must not assume the notation. */
export const UPDATE_NORM_GLOSSARY =
  '‖Δ‖ is how far a client moved the model: the length of its update, ‖w_client − w_global‖, the distance between the weights it trained and the global model it was sent.';

/** The glossary lines an explanation needs (today: ‖Δ‖ when a line uses it). */
export function explanationGlossary(explanation: RoundExplanation): string[] {
  return explanation.lines.some((l) => l.includes('‖Δ‖')) ? [UPDATE_NORM_GLOSSARY] : [];
}

export interface RoundExplanation {
  title: string;
  /** One block per federation, in the order the events name them. */
  lines: string[];
}

type Ev<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;
type RoundEvent = Ev<'round-started'> | Ev<'client-dropped'> | Ev<'client-failed'> | Ev<'client-finished'> | Ev<'aggregated'> | Ev<'evaluated'>;

const isRoundEvent = (e: RunEvent): e is RoundEvent =>
  e.type === 'round-started' ||
  e.type === 'client-dropped' ||
  e.type === 'client-failed' ||
  e.type === 'client-finished' ||
  e.type === 'aggregated' ||
  e.type === 'evaluated';

/** Explains one round from its events (of one or several federations). */
export function explainRound(events: readonly RunEvent[], previous: ExplainPrevious = {}): RoundExplanation {
  const byFed = new Map<string, RoundEvent[]>();
  for (const e of events) {
    if (!isRoundEvent(e)) continue;
    const list = byFed.get(e.aggregatorId) ?? [];
    list.push(e);
    byFed.set(e.aggregatorId, list);
  }
  if (byFed.size === 0) return { title: 'No round yet', lines: ['Nothing has happened yet: step one round to see what the federation does.'] };

  const blocks: { id: string; round: number; text: string }[] = [];
  for (const [id, all] of byFed) {
    // Only the latest round of each federation, should the events hold more.
    const round = Math.max(...all.map((e) => e.round));
    const mine = all.filter((e) => e.round === round);
    blocks.push({ id, round, text: explainFederation(mine, previous.federations?.[id] ?? {}) });
  }
  const round = Math.max(...blocks.map((b) => b.round));
  const contexts = blocks.map((b) => previous.federations?.[b.id] ?? {});
  const totals = [...new Set(contexts.map((c) => c.rounds).filter((r): r is number => typeof r === 'number'))];
  let title = `Round ${round}${totals.length === 1 ? ` of ${totals[0]}` : ''}`;
  if (blocks.length === 1) title += ` — ${nameOf(blocks[0].id, contexts[0])}`;
  const lines = blocks.length === 1 ? [blocks[0].text] : blocks.map((b, i) => `${nameOf(b.id, contexts[i])}: ${b.text}`);
  return { title, lines };
}

function nameOf(id: string, c: FederationContext): string {
  if (c.label && c.strategy && !c.label.includes(c.strategy)) return `${c.label} (${c.strategy})`;
  return c.label ?? c.strategy ?? id;
}

function explainFederation(events: readonly RoundEvent[], c: FederationContext): string {
  const sentences: string[] = [];
  const started = events.find((e): e is Ev<'round-started'> => e.type === 'round-started');
  const dropped = events.filter((e): e is Ev<'client-dropped'> => e.type === 'client-dropped');
  const finished = events.filter((e): e is Ev<'client-finished'> => e.type === 'client-finished');
  const aggregated = events.find((e): e is Ev<'aggregated'> => e.type === 'aggregated');
  const evaluated = events.find((e): e is Ev<'evaluated'> => e.type === 'evaluated');

  // Who took part.
  let who = '';
  if (started) {
    const n = started.sampled.length;
    if (typeof c.clients === 'number' && c.clients === n) who = `all ${n} client${n === 1 ? '' : 's'} were sampled`;
    else if (typeof c.clients === 'number') who = `${n} of ${c.clients} clients ${n === 1 ? 'was' : 'were'} sampled`;
    else who = `${n} client${n === 1 ? ' was' : 's were'} sampled`;
  }
  const droppedCount = Math.max(dropped.length, evaluated?.record.dropped ?? 0);
  if (droppedCount > 0) {
    const ids = [...new Set(dropped.map((e) => e.clientId))].sort((a, b) => a - b);
    const drop =
      ids.length === droppedCount && ids.length <= 5
        ? `${ids.length === 1 ? 'client' : 'clients'} ${listIds(ids)} dropped out`
        : `${droppedCount} client${droppedCount === 1 ? '' : 's'} dropped out`;
    who = who ? `${who}; ${drop}` : drop;
  }
  if (who) sentences.push(`${capitalise(who)}.`);

  // Who was too slow for the deadline, and what they sent; who failed otherwise; how long it took.
  const failures = failuresOf(events, evaluated?.record.failures);
  const stragglers = failures.filter(isStraggler);
  const partial = finished.filter((e) => e.partial);
  const deadline = c.deadline && c.deadline > 0 ? c.deadline : deadlineIn(stragglers);
  const slow = stragglerSentence(stragglers, partial, deadline, evaluated?.record.partial);
  if (slow) sentences.push(slow);
  const broken = failureSentence(failures.filter((f) => !isStraggler(f)));
  if (broken) sentences.push(broken);
  const seconds = evaluated?.record.simulatedSeconds;
  if (typeof seconds === 'number' && Number.isFinite(seconds)) {
    const clock = evaluated?.record.clock;
    const since = typeof clock === 'number' && Number.isFinite(clock) && clock > seconds + 1e-9 ? ` (${formatSeconds(clock)} since the run began)` : '';
    const waited = stragglers.length > 0 && deadline !== undefined && Math.abs(seconds - deadline) < 1e-6 ? ': the server waited until the deadline before giving up on the slow ones' : '';
    sentences.push(`The round lasted ${formatSeconds(seconds)} of simulated time${since}${waited}.`);
  }

  // How far each client moved the model.
  if (finished.length === 1) {
    const f = finished[0];
    sentences.push(`Client ${f.clientId} moved the model by ‖Δ‖ = ${fmtNorm(f.updateNorm)}.`);
  } else if (finished.length > 1) {
    let most = finished[0];
    let least = finished[0];
    for (const f of finished) {
      if (f.updateNorm > most.updateNorm || (f.updateNorm === most.updateNorm && f.clientId < most.clientId)) most = f;
      if (f.updateNorm < least.updateNorm || (f.updateNorm === least.updateNorm && f.clientId > least.clientId)) least = f;
    }
    const trained = Math.max(finished.length, aggregated?.participants ?? 0);
    if (most.updateNorm === least.updateNorm) sentences.push(`All ${trained} clients that trained moved the model equally far (‖Δ‖ = ${fmtNorm(most.updateNorm)}).`);
    else sentences.push(`Client ${most.clientId} moved the model most (‖Δ‖ = ${fmtNorm(most.updateNorm)}), client ${least.clientId} least (${fmtNorm(least.updateNorm)}).`);
  } else if (aggregated && aggregated.participants === 0) {
    sentences.push('No client sent an update, so the global model stayed as it was.');
  }

  // What the server did with the updates.
  if (aggregated?.selected && aggregated.selected.length > 0) {
    const kept = [...aggregated.selected].sort((a, b) => a - b);
    const others = aggregated.participants - kept.length;
    const strategy = c.strategy ?? 'The strategy';
    sentences.push(
      `${strategy} kept ${kept.length === 1 ? 'client' : 'clients'} ${listIds(kept)}${others > 0 ? ` and set the other ${others} update${others === 1 ? '' : 's'} aside` : ''}.`,
    );
  }
  if (aggregated && aggregated.trainLoss !== null) sentences.push(`Training loss (weighted by examples): ${aggregated.trainLoss.toFixed(3)}.`);

  // What came of it.
  const test = evaluated?.record.test;
  if (test) {
    const prev = c.previousAccuracy;
    const now = `${(test.accuracy * 100).toFixed(1)}%`;
    if (typeof prev === 'number') sentences.push(`Test accuracy: ${now} (${pointsChange(test.accuracy - prev)}).`);
    else sentences.push(`Test accuracy: ${now}.`);
  } else if (evaluated) {
    sentences.push('The model was not tested this round.');
  } else if (started) {
    sentences.push('The round is still going…');
  }
  return sentences.join(' ');
}

/** The round's failures by client: the record's full list once the round is done, and the kept events (refusals are in no record). */
function failuresOf(events: readonly RoundEvent[], recorded: readonly ClientFailureRecord[] = []): ClientFailureRecord[] {
  const byClient = new Map<number, ClientFailureRecord>();
  for (const e of events) {
    if (e.type === 'client-failed') byClient.set(e.clientId, { clientId: e.clientId, clientNodeId: e.clientNodeId, code: e.code, message: e.message });
  }
  for (const f of recorded) byClient.set(f.clientId, f);
  return [...byClient.values()].sort((a, b) => a.clientId - b.clientId);
}

/**
 * A straggler: `late`, past the round's simulated deadline. A `timeout` of real time (the aggregator's
 * clientTimeout, a worker that hung) is a failure like a crash.
 */
const isStraggler = (f: ClientFailureRecord) => f.code === 'late';

/** The deadline a straggler's message names ("…after the round's 8 s deadline"), for runs whose context does not give it. */
function deadlineIn(stragglers: readonly ClientFailureRecord[]): number | undefined {
  for (const f of stragglers) {
    const m = /(\d+(?:\.\d+)?) s deadline/.exec(f.message);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** "8 s", "2.5 min": a deadline as a user set it. */
const deadlineText = (deadline: number | undefined) =>
  deadline === undefined ? "the round's deadline" : `the ${deadline < 60 ? `${Number(deadline.toPrecision(6))} s` : formatSeconds(deadline)} deadline`;

/**
 * "2 clients (3 and 5) were too slow for the 8 s deadline and sent nothing; 3 (1, 4 and 6) sent partial work
 * (12 of 25 steps, 18 of 25, …)." Ids are named for up to five clients.
 */
function stragglerSentence(
  stragglers: readonly ClientFailureRecord[],
  partial: readonly Ev<'client-finished'>[],
  deadline: number | undefined,
  /** The round record's count of partial updates, exact where the kept events are a bounded sample. */
  partialTotal?: number,
): string | null {
  if (stragglers.length === 0 && partial.length === 0) return null;
  const limit = deadlineText(deadline);
  const parts: string[] = [];
  if (stragglers.length > 0) {
    const n = stragglers.length;
    const who = n === 1 ? `client ${stragglers[0].clientId} was` : `${n} clients${n <= 5 ? ` (${listIds(stragglers.map((f) => f.clientId))})` : ''} were`;
    parts.push(`${who} too slow for ${limit} and sent nothing`);
  }
  if (partial.length > 0) {
    const sorted = [...partial].sort((a, b) => a.clientId - b.clientId);
    const n = Math.max(sorted.length, partialTotal ?? 0);
    const atLeast = partialTotal === undefined && n >= KEPT_PARTIALS ? 'at least ' : '';
    const ids = n <= 5 && n === sorted.length ? ` (${listIds(sorted.map((e) => e.clientId))})` : '';
    const one = n === 1 && !atLeast;
    // After the stragglers "3 (…) sent partial work"; alone "3 clients (…) were too slow … and sent partial work".
    const who = stragglers.length > 0 ? (one ? `client ${sorted[0].clientId}` : `${atLeast}${n}${ids}`) : one ? `client ${sorted[0].clientId} was` : `${atLeast}${n} clients${ids} were`;
    const what = stragglers.length > 0 ? `${who} sent partial work` : `${who} too slow for ${limit} and sent partial work`;
    parts.push(`${what} (${stepsList(sorted)})`);
  }
  return `${capitalise(parts.join('; '))}.`;
}

/** "24 of 65 steps each", "12 of 25 steps, 18 of 25, …": the partial work, up to three distinct amounts. */
function stepsList(partial: readonly Ev<'client-finished'>[]): string {
  const amounts = [...new Set(partial.map((e) => `${e.partial!.steps}/${e.partial!.of}`))].map((k) => k.split('/').map(Number));
  if (amounts.length === 1) return `${amounts[0][0]} of ${amounts[0][1]} steps${partial.length > 1 ? ' each' : ''}`;
  const shown = amounts.slice(0, 3).map(([steps, of], i) => (i === 0 || of !== amounts[0][1] ? `${steps} of ${of} steps` : `${steps} of ${of}`));
  return `${shown.join(', ')}${amounts.length > 3 ? ', …' : ''}`;
}

const FAILURE_WORDS: Record<FailureCode, string> = {
  timeout: 'timed out',
  late: 'missed the deadline',
  dropped: 'dropped out',
  diverged: 'diverged',
  crashed: 'crashed',
  lost: 'lost its worker',
  refused: 'refused the round',
  malformed: 'garbled its message',
};

/** "Client 4 crashed and sent nothing (out of memory).", "3 clients failed and sent nothing: 2 crashed, 1 timed out." */
function failureSentence(failures: readonly ClientFailureRecord[]): string | null {
  if (failures.length === 0) return null;
  if (failures.length === 1) {
    const f = failures[0];
    return `Client ${f.clientId} ${FAILURE_WORDS[f.code]} and sent nothing (${f.message}).`;
  }
  const counts = new Map<FailureCode, number>();
  for (const f of failures) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  const ids = failures.length <= 5 ? ` (${listIds(failures.map((f) => f.clientId))})` : '';
  const kinds = [...counts].map(([code, n]) => `${n} ${code === 'lost' ? (n === 1 ? 'lost its worker' : 'lost their workers') : FAILURE_WORDS[code]}`);
  return `${failures.length} clients${ids} failed and sent nothing: ${kinds.join(', ')}.`;
}

/** "+2.3 points", "-1.0 points", "no change". */
function pointsChange(delta: number): string {
  const points = Math.round(delta * 1000) / 10;
  if (points === 0) return 'no change';
  return `${points > 0 ? '+' : '-'}${Math.abs(points).toFixed(1)} points`;
}

function fmtNorm(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 0.01 || x === 0) return x.toFixed(2);
  return x.toPrecision(2);
}

/** "4", "4 and 6", "1, 4 and 6". */
function listIds(ids: readonly number[]): string {
  if (ids.length <= 1) return ids.join('');
  return `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The explanation of the latest round the run has finished (of every federation that finished it), with
 * each federation's label, strategy, size and previous accuracy; null before the first round is done.
 */
export function explainLatestRound(
  state: Pick<RunState, 'federations' | 'federationOrder' | 'lastRoundEvents'> & Partial<Pick<RunState, 'status' | 'doc'>>,
): RoundExplanation | null {
  const done = state.federationOrder
    .map((id) => ({ id, events: state.lastRoundEvents[id] ?? [] }))
    .filter((f) => f.events.length > 0)
    .map((f) => ({ ...f, round: Math.max(...f.events.map((e) => ('round' in e ? e.round : 0))) }));
  if (done.length === 0) return null;
  const round = Math.max(...done.map((f) => f.round));
  const latest = done.filter((f) => f.round === round);
  const federations: Record<string, FederationContext> = {};
  for (const { id } of latest) {
    const fed = state.federations[id];
    if (!fed) continue;
    const before = fed.accuracy.filter((p) => p.round < round);
    const deadline = (state.doc?.nodes.find((n) => n.id === id)?.params as { deadline?: unknown } | undefined)?.deadline;
    federations[id] = {
      label: fed.label,
      strategy: fed.strategy,
      rounds: fed.rounds,
      clients: fed.clients,
      previousAccuracy: before.length > 0 ? before[before.length - 1].value : null,
      ...(typeof deadline === 'number' && deadline > 0 ? { deadline } : {}),
    };
  }
  const explanation = explainRound(
    latest.flatMap((f) => f.events),
    { federations },
  );
  // Federations run one after another within a round: name those still to finish it.
  const pending = state.federationOrder.filter((id) => {
    const fed = state.federations[id];
    return fed && fed.rounds >= round && !latest.some((f) => f.id === id);
  });
  if (pending.length > 0 && (state.status === undefined || state.status === 'running' || state.status === 'starting')) {
    const names = pending.map((id) => state.federations[id]?.label ?? id).join(', ');
    explanation.lines.push(`Still training this round: ${names}…`);
  }
  return explanation;
}
