/**
 * The server role of a real federation (`fedflow serve`): a WebSocket server that listens once the run is
 * planned, sends every client the data schema, checks its data description, seats it, and hands the run
 * one RemoteClientProxy per seat. It treats every frame as hostile: a per-federation token on the upgrade,
 * a bounded number of connections, ws's maxPayload sized from the model, a schema check of every
 * message, one outstanding request per client, a deadline per round, heartbeats (ping/pong), and
 * per-client tokens so a dropped client takes its own seat back. A faulty client costs its update and,
 * for a protocol fault, its seat — never the server.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { nodeById, nodeName } from '../format/graph.js';
import type { ClientParams } from '../format/params.js';
import { PipelineError } from '../format/problems.js';
import { isKind, resolveParams } from '../format/resolveParams.js';
import { weightCount } from '../model/modelSpec.js';
import { PROTOCOL_VERSION, type ClientBackend, type WireDataSchema, type WireServerMessage } from '../protocol/messages.js';
import type { ProxyFactory } from '../run/federation.js';
import { FederationStopped } from '../run/federation.js';
import type { ClientGroupPlan, FederationPlan, RunPlan } from '../run/plan.js';
import type { RemoteClients } from '../run/run.js';
import { ClientSeat } from './clientSeat.js';
import { parseClientMessage } from './clientMessages.js';
import { dataDifferences, dataSchemaOf } from './dataSchema.js';
import { loadJoinPage, serveJoinPage } from './joinPage.js';
import { plainTextWarning } from './plainTextWarning.js';
import { RemoteClientProxy } from './remoteClientProxy.js';

/** How `fedflow serve` listens and waits. */
export interface FederationServerOptions {
  /** Interface to bind (default 127.0.0.1, loopback only). */
  host?: string;
  /** Port (0 picks a free one). */
  port?: number;
  /** PEM certificate and key: serve wss:// (TLS) instead of ws://. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Clients that must have joined before round 1 (default: every seat of the remote split). */
  minClients?: number;
  /** Seconds to wait for them before the run fails (default 300). */
  waitSeconds?: number;
  /** Seconds a client has to answer a round where the aggregator's clientTimeout is 0 (default 300). */
  roundTimeoutSeconds?: number;
  /** Seconds between heartbeats; a client that misses one is dropped as `lost` (default 10). */
  heartbeatSeconds?: number;
  /** What the server does, one line each (joins, refusals, drops). */
  log: (line: string) => void;
  /** Told once it listens: the join URL (with the federation token), the browser join page's (empty where it is not built) and any warning. */
  onListening: (info: { url: string; pageUrl: string; token: string; port: number; warnings: string[] }) => void;
  /** Every frame a client sent, as received (diagnostics and the tests' proof of what crossed the wire). */
  messageLog?: (frame: string, bytes: number) => void;
}

/** Seconds a fresh connection has to say hello. */
const HELLO_SECONDS = 10;

function sameSecret(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** An address clients on other machines can reach, where the server binds every interface. */
function reachableHost(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host.includes(':') ? `[${host}]` : host;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/** The remote split a served pipeline has: exactly one, used by at least one client group. */
function remoteSplitOf(plan: RunPlan): { splitId: string; federation: FederationPlan } {
  const ids = new Set<string>();
  let federation: FederationPlan | undefined;
  for (const f of plan.federations) {
    for (const g of f.groups) {
      const node = nodeById(plan.doc, g.splitId);
      if (node && isKind(node, 'split') && resolveParams(node).method === 'remote') {
        ids.add(g.splitId);
        federation ??= f;
      }
    }
  }
  if (ids.size !== 1 || !federation) {
    const many = ids.size > 1;
    const split = plan.doc.nodes.find((n) => isKind(n, 'split'));
    throw new PipelineError([
      {
        severity: 'error',
        ...(split ? { nodeId: split.id } : {}),
        field: 'params.method',
        message: many
          ? `fedflow serve serves one remote split, and this pipeline has ${ids.size} (${[...ids].join(', ')}); join them into one.`
          : 'fedflow serve needs a split with method `remote` feeding a client node: its clients join over the network. A pipeline without one runs with fedflow run.',
      },
    ]);
  }
  return { splitId: [...ids][0], federation };
}

/** A `fedflow serve` server; pass it as a run's `remote` option, and close it when the run ends. */
export class FederationServer implements RemoteClients {
  /** The per-federation token every join URL carries. */
  readonly token = randomBytes(24).toString('base64url');
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private readonly seats: ClientSeat[] = [];
  private readonly sockets = new Set<WebSocket>();
  private heartbeat: NodeJS.Timeout | undefined;
  /** Whether each connection answered the last heartbeat's ping. */
  private readonly alive = new Map<WebSocket, boolean>();

  constructor(private readonly options: FederationServerOptions) {}

  async connect(plan: RunPlan, signal: AbortSignal): Promise<ProxyFactory> {
    const { splitId, federation } = remoteSplitOf(plan);
    const dataset = plan.datasets.get(federation.datasetId)!;
    const datasetNode = nodeById(plan.doc, federation.datasetId)!;
    if (!isKind(datasetNode, 'dataset')) throw new Error(`${federation.datasetId} is not a dataset node`);
    const schema = dataSchemaOf(resolveParams(datasetNode), dataset);
    if (typeof schema === 'string') {
      throw new PipelineError([{ severity: 'error', nodeId: datasetNode.id, field: 'params.source', message: `${nodeName(datasetNode)}: ${schema}.` }]);
    }
    for (const f of plan.federations) {
      if (f.params.secureAggregation && f.groups.some((g) => g.splitId === splitId)) {
        // In-process secure aggregation makes every client's masks on the server, which would defeat it here.
        throw new PipelineError([{ severity: 'error', nodeId: f.aggregatorId, field: 'params.secureAggregation', message: `${f.label}: secure aggregation with remote clients is not built yet (its masks are made in-process); turn it off to serve this pipeline.` }]);
      }
    }
    const numClients = plan.partitions.get(splitId)!.numClients;
    const minClients = this.options.minClients ?? numClients;
    if (minClients > numClients) {
      throw new PipelineError([{ severity: 'error', nodeId: splitId, field: 'params.numClients', message: `--min-clients ${minClients} is more than the ${numClients} clients the remote split expects.` }]);
    }
    const weights = weightCount(federation.model);
    // The group (and federation) a seat first belongs to says its model and training settings.
    const groupOf = (c: number): { group: ClientGroupPlan; federation: FederationPlan } | undefined => {
      for (const f of plan.federations) for (const g of f.groups) if (g.splitId === splitId && g.splitClients.includes(c)) return { group: g, federation: f };
      return undefined;
    };
    const send = (socket: WebSocket, message: WireServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    for (let c = 0; c < numClients; c++) this.seats.push(new ClientSeat(c, send));
    const timeoutOf = (f: FederationPlan) => (f.params.clientTimeout > 0 ? f.params.clientTimeout : (this.options.roundTimeoutSeconds ?? 300)) * 1000;

    // A model's weights (and SCAFFOLD's control variate) in base64 JSON, with room for metrics.
    const maxPayload = Math.ceil((weights * 4 * 2 * 4) / 3) + 1024 * 1024;
    const wss = new WebSocketServer({ noServer: true, maxPayload });
    this.wss = wss;
    const joined = () => this.seats.filter((s) => s.connected).length;
    let onJoin = () => {};

    const welcome = (socket: WebSocket, seat: ClientSeat) => {
      const home = groupOf(seat.splitClient);
      // The availability trace is a file of the server's; a real client's availability is its own.
      const params: Partial<ClientParams> = { ...(home?.group.params ?? federation.groups[0].params) };
      delete params.availability;
      send(socket, {
        type: 'welcome',
        version: PROTOCOL_VERSION,
        clientId: seat.splitClient,
        clientToken: seat.token!,
        groupNodeId: home?.group.clientNodeId ?? '',
        model: home?.federation.model ?? federation.model,
        params,
        backend: plan.backend,
        roundTimeoutMs: timeoutOf(home?.federation ?? federation),
      });
    };

    const drop = (socket: WebSocket, reason: string) => {
      const seat = this.seats.find((s) => s.holds(socket));
      this.options.log(`${seat ? `client ${seat.splitClient} (${seat.name})` : 'a connection'} dropped: ${reason}`);
      send(socket, { type: 'refused', version: PROTOCOL_VERSION, message: `The server dropped this client: ${reason}.` });
      // A protocol fault costs the seat: its token no longer fits, another client may take it.
      seat?.detach('malformed', reason, true);
      socket.close(1008, 'protocol fault');
      setTimeout(() => socket.terminate(), 1000).unref();
    };

    const onConnection = (socket: WebSocket) => {
      this.sockets.add(socket);
      let greeted = false;
      let ready = false;
      this.alive.set(socket, true);
      socket.on('pong', () => {
        this.alive.set(socket, true);
        this.seats.find((s) => s.holds(socket))?.seen();
      });
      const helloTimer = setTimeout(() => drop(socket, `it said no hello within ${HELLO_SECONDS} s`), HELLO_SECONDS * 1000);
      socket.on('error', () => socket.terminate());
      socket.on('close', () => {
        clearTimeout(helloTimer);
        this.sockets.delete(socket);
        this.alive.delete(socket);
        const seat = this.seats.find((s) => s.holds(socket));
        if (seat) {
          this.options.log(`client ${seat.splitClient} (${seat.name}) disconnected; its seat waits for it to reconnect`);
          seat.detach('lost', 'its connection closed before it answered', false);
        }
      });
      socket.on('message', (data, isBinary) => {
        const bytes = Array.isArray(data) ? data.reduce((s, b) => s + b.length, 0) : (data as Buffer).byteLength;
        const frame = isBinary ? '' : data.toString();
        this.options.messageLog?.(frame, bytes);
        if (isBinary) return drop(socket, 'it sent a binary frame; the protocol sends JSON text');
        const message = parseClientMessage(frame);
        if (typeof message === 'string') return drop(socket, message);
        if (message.type === 'hello') {
          if (greeted) return drop(socket, 'it said hello twice');
          greeted = true;
          clearTimeout(helloTimer);
          const differences = dataDifferences(schema, message.data);
          if (differences.length > 0) {
            const text = `its data does not match the federation's: ${differences.join('; ')}`;
            this.options.log(`refused ${message.name || 'a client'}: ${text}`);
            send(socket, { type: 'refused', version: PROTOCOL_VERSION, message: `Refused: ${text}.` });
            socket.close(1008, 'data does not match');
            return;
          }
          const back = message.clientToken === undefined ? undefined : this.seats.find((s) => s.token !== undefined && sameSecret(message.clientToken!, s.token));
          const seat = back ?? this.seats.find((s) => s.token === undefined);
          if (!seat) {
            send(socket, { type: 'refused', version: PROTOCOL_VERSION, message: `Refused: the federation is full (${numClients} clients have joined).` });
            socket.close(1008, 'full');
            return;
          }
          seat.token ??= randomBytes(24).toString('base64url');
          seat.attach(socket, message.name, message.data.examples, message.holdout ?? 0);
          const holdout = message.holdout ? `, ${message.holdout} held out` : '';
          this.options.log(`client ${seat.splitClient} ${back ? 'reconnected' : 'joined'}: ${message.name} (${message.data.examples} examples${holdout}) · ${joined()} of ${numClients}`);
          welcome(socket, seat);
          onJoin();
          return;
        }
        const seat = this.seats.find((s) => s.holds(socket));
        if (!seat) return drop(socket, message.type === 'ready' ? 'it said ready before it joined' : 'it sent an update before it joined');
        seat.seen();
        if (message.type === 'ready') {
          if (ready) return drop(socket, 'it said ready twice');
          ready = true;
          seat.backend = message.backend;
          this.options.log(`client ${seat.splitClient} (${seat.name}) trains on ${message.backend}`);
          return;
        }
        if (message.type === 'evaluate-res') {
          const { drop: fault, failure } = seat.answerEvaluation(message);
          if (failure && !fault) this.options.log(`client ${seat.splitClient} (${seat.name}): its evaluation of round ${message.round} is refused (${failure.code}): ${failure.message}`);
          if (fault) drop(socket, fault);
          return;
        }
        const fault = seat.answer(message);
        if (fault) drop(socket, fault);
      });
      send(socket, { type: 'schema', version: PROTOCOL_VERSION, pipeline: plan.doc.name, data: schema as WireDataSchema });
    };

    const maxConnections = 2 * numClients + 16;
    const refuse = (socket: Duplex, status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      const url = new URL(req.url ?? '/', 'http://host');
      if (url.pathname !== '/join') return refuse(socket, '404 Not Found');
      if (!sameSecret(url.searchParams.get('token'), this.token)) return refuse(socket, '403 Forbidden');
      if (this.sockets.size >= maxConnections) return refuse(socket, '503 Service Unavailable');
      wss.handleUpgrade(req, socket, head, onConnection);
    };
    // Plain HTTP serves the browser client's join page, from a fixed list of built files read now.
    const page = loadJoinPage();
    const handler = (req: IncomingMessage, res: ServerResponse) => serveJoinPage(page, req, res);
    const tls = this.options.tls;
    const server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, handler) : createHttpServer(handler);
    this.server = server;
    server.on('upgrade', upgrade);
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const warnings: string[] = [];
    const plain = plainTextWarning(host, tls !== undefined);
    if (plain) warnings.push(plain);
    const origin = `${reachableHost(host)}:${port}`;
    // The page's link carries the token after #, so it is not sent in the page's own request.
    const pageUrl = page.size > 0 ? `${tls ? 'https' : 'http'}://${origin}/join#token=${this.token}` : '';
    this.options.onListening({ url: `${tls ? 'wss' : 'ws'}://${origin}/join?token=${this.token}`, pageUrl, token: this.token, port, warnings });

    const beat = (this.options.heartbeatSeconds ?? 10) * 1000;
    this.heartbeat = setInterval(() => {
      for (const socket of this.sockets) {
        if (this.alive.get(socket) === false) {
          this.options.log('a client missed its heartbeat; its connection is closed');
          socket.terminate();
          continue;
        }
        this.alive.set(socket, false);
        socket.ping();
      }
    }, beat);
    this.heartbeat.unref();

    // Round 1 starts once enough clients joined; too few in time is the run's failure, said plainly.
    const wait = (this.options.waitSeconds ?? 300) * 1000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new FederationStopped(
            `Only ${joined()} of the ${minClients} clients needed joined within ${wait / 1000} s; nothing was trained. Start more clients (fedflow join URL --data FILE), or lower --min-clients, or wait longer with --wait.`,
            federation.aggregatorId,
            'params.numClients',
          ),
        );
      }, wait);
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', cancelled);
      };
      const cancelled = () => {
        done();
        reject(new Error('cancelled'));
      };
      signal.addEventListener('abort', cancelled, { once: true });
      onJoin = () => {
        if (joined() >= minClients) {
          done();
          onJoin = () => {};
          resolve();
        }
      };
      onJoin();
    });
    return (aggregatorId, group, cid, splitClient) => {
      if (group.splitId !== splitId) return undefined;
      const f = plan.federations.find((x) => x.aggregatorId === aggregatorId)!;
      return new RemoteClientProxy(cid, group.clientNodeId, this.seats[splitClient], weightCount(f.model), timeoutOf(f));
    };
  }

  /** The seats that a client has taken so far, as they stand now (the workbench's Federation panel). */
  clients(): { seat: number; name: string; examples: number; backend: ClientBackend | null; state: 'joined' | 'training' | 'lost' | 'dropped' | 'done'; lastSeen: number }[] {
    return this.seats.flatMap((s) => {
      const state = s.state;
      return state === undefined ? [] : [{ seat: s.splitClient, name: s.name, examples: s.examples, backend: s.backend, state, lastSeen: s.lastSeen }];
    });
  }

  /** The seats the remote split has, once the run is planned (0 before). */
  get seatCount(): number {
    return this.seats.length;
  }

  /** Tells every client the federation is over and stops listening. */
  async close(message: string): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const seat of this.seats) seat.finish();
    for (const socket of this.sockets) {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'done', version: PROTOCOL_VERSION, message }));
      socket.close(1000, 'done');
    }
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      setTimeout(() => {
        for (const socket of this.sockets) socket.terminate();
        this.wss?.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }, 200).unref();
    });
  }
}
