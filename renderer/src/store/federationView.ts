/**
 * The pure parts of Run → Serve and the Federation panel: whether the active document can be served (and
 * why not, for the button's hover), the joined clients as the panel lists them, and the count a client
 * node shows. Tested without a page.
 */
import { sourceOf } from '../../../engine/format/graph.js';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { isKind } from '../../../engine/format/resolveParams.js';
import type { ServeClient, ServeClientState, ServeListen, ServeStatus } from '../../../engine/host/hostApi.js';
import type { DataCheck } from './dataChecks.js';
import { firstError } from './documentProblems.js';

/** How often the Federation panel asks the host for its clients while serving (ms). */
export const SERVE_POLL_MS = 1000;

/**
 * The ids of the document's splits with method `remote`: the ones whose clients join over the network.
 * Read from the raw params (`remote` is never a default), since a document being edited may not resolve.
 */
export function remoteSplitIds(doc: PipelineDocument): string[] {
  return doc.nodes.filter((n) => isKind(n, 'split') && n.params.method === 'remote').map((n) => n.id);
}

/** Why Serve cannot serve the document, in one sentence, or null when nothing stops it. */
export function serveBlocker(doc: PipelineDocument | null | undefined, check?: DataCheck): string | null {
  if (!doc) return 'Open a pipeline to serve it.';
  if (remoteSplitIds(doc).length === 0) {
    return 'Serving needs a split with method `remote`, whose clients join over the network; this pipeline simulates all its clients (use Run).';
  }
  return firstError(doc, check);
}

/** The client nodes fed by a remote split: the ones whose card counts the joined clients. */
export function remoteClientNodeIds(doc: PipelineDocument): Set<string> {
  const remote = new Set(remoteSplitIds(doc));
  const ids = new Set<string>();
  for (const n of doc.nodes) {
    if (!isKind(n, 'client')) continue;
    const split = sourceOf(doc, n.id, 'clients', 'split');
    if (split && remote.has(split.id)) ids.add(n.id);
  }
  return ids;
}

/** How many clients hold a seat now (joined or training), of the seats the remote split has. */
export function joinedCount(status: ServeStatus | null): { joined: number; seats: number } | null {
  if (!status) return null;
  return { joined: status.clients.filter((c) => c.state === 'joined' || c.state === 'training').length, seats: status.seats };
}

/** A duration since `then`, short: `now`, `4 s ago`, `3 min ago`, `2 h ago`. */
export function sinceText(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 2) return 'now';
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

const STATE_TEXT: Record<ServeClientState, string> = {
  joined: 'joined',
  training: 'training',
  lost: 'connection lost',
  dropped: 'dropped',
  done: 'done',
};

/** One row of the Federation panel's client table. */
export interface ClientRow {
  seat: number;
  name: string;
  examples: string;
  /** The backend it trains on, or `starting…` until it has said (its backend starts after it joined). */
  backend: string;
  state: ServeClientState;
  stateText: string;
  lastSeen: string;
}

/** The joined clients as the panel lists them, by seat. */
export function clientRows(clients: readonly ServeClient[], now: number): ClientRow[] {
  return [...clients]
    .sort((a, b) => a.seat - b.seat)
    .map((c) => ({
      seat: c.seat,
      name: c.name || `client ${c.seat}`,
      examples: c.examples.toLocaleString('en-US'),
      backend: c.backend ?? (c.state === 'joined' || c.state === 'training' ? 'starting…' : '—'),
      state: c.state,
      stateText: STATE_TEXT[c.state],
      lastSeen: sinceText(c.lastSeen, now),
    }));
}

/** The panel's one-line summary: `Waiting for clients: 1 of 3 joined` while round 1 has not begun, or after. */
export function serveSummary(status: ServeStatus | null): string {
  if (!status) return 'Nothing is served. Serve a pipeline with a remote split (Run → Serve) and share its join link.';
  const count = joinedCount(status)!;
  if (!status.serving) return `The federation has ended (${count.joined} of ${count.seats} clients still connected at the end).`;
  return `Serving: ${count.joined} of ${count.seats} client${count.seats === 1 ? '' : 's'} joined.`;
}

/** Where the served federation listens, as the Federation panel says it: interface, port, and TLS or not. */
export function listenText(listen: ServeListen | undefined): string {
  if (!listen) return '';
  const where = listen.host.includes(':') ? `[${listen.host}]:${listen.port}` : `${listen.host}:${listen.port}`;
  return `Listening on ${where} · ${listen.tls ? 'TLS (wss://)' : 'no TLS (ws://)'}`;
}
