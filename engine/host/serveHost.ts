/**
 * The HostApi's serve methods: the workbench's Run → Serve. A served federation is one of the host's runs
 * (started through the same path as startRun, with a FederationServer as its `remote` clients), so its
 * events reach the page like any run's and it writes the same results; these methods add the join link
 * and a live view of the seats. One federation at a time; the request's port and interface are checked
 * in serveOptions.ts, since they come from the page (the server binds 127.0.0.1 unless the page names
 * another; the web host itself stays on loopback whatever the page asks).
 */
import { PipelineError } from '../format/problems.js';
import { FederationServer } from '../remote/federationServer.js';
import type { RemoteClients, Run } from '../run/run.js';
import { HostError } from './hostError.js';
import { checkMinClients, fieldError, serveOptionsOf } from './serveOptions.js';
import type { HostApi, RunRequest, ServeListen, ServeRequest, ServeStarted, ServeStatus } from './hostApi.js';

/** The serve methods of the HostApi. */
export type ServeApi = Pick<HostApi, 'startServe' | 'stopServe' | 'serveStatus'>;

/** What the serve methods need of their host. */
export interface ServeHostDeps {
  /** Starts a run of the page's document as one of the host's runs (checks its text, path and data). */
  launch(request: RunRequest, remote: RemoteClients): Promise<{ runId: string; run: Run; outDir?: string }>;
  /** Seconds the server waits for the clients before the run fails (default 300, as `fedflow serve`). */
  waitSeconds?: number;
  /** The server's lines (joins, refusals, drops); dropped when absent. */
  log?: (line: string) => void;
}


/** A failure of the served run before it listened, as the page shows it: with its problems where it has some. */
function servedRunError(e: unknown): HostError {
  if (e instanceof HostError) return e;
  if (e instanceof PipelineError) return new HostError(['The pipeline cannot be served:', ...e.problems.map((p) => `  ${p.message}`)].join('\n'), e.problems);
  return new HostError(`The pipeline cannot be served: ${(e as Error).message}`);
}

interface Serving {
  runId: string;
  run: Run;
  server: FederationServer;
  joinUrl: string;
  pageUrl: string;
  listen: ServeListen;
  serving: boolean;
  /** Resolves once the run ended and the server closed. */
  ended: Promise<void>;
}

/** Creates the serve methods, and the close the host calls when it shuts down. */
export function serveHostApi(deps: ServeHostDeps): ServeApi & { close(): Promise<void> } {
  let current: Serving | undefined;
  /** A start between its checks and its listening: a second one is refused as if it were serving. */
  let starting = false;

  const api: ServeApi = {
    async startServe(request: ServeRequest): Promise<ServeStarted> {
      if (typeof request !== 'object' || request === null) throw fieldError('request', 'Serving needs a request with the document.');
      const options = await serveOptionsOf(request);
      checkMinClients(request.text, options.minClients);
      if (starting || current?.serving) throw fieldError('request', 'A federation is being served already; stop it before serving another.');
      starting = true;
      try {
        type Listening = { url: string; pageUrl: string; token: string; port: number; warnings: string[] };
        let listening!: (info: Listening) => void;
        const listened = new Promise<Listening>((resolve) => (listening = resolve));
        const server = new FederationServer({
          ...(deps.waitSeconds !== undefined ? { waitSeconds: deps.waitSeconds } : {}),
          ...options,
          log: (line) => deps.log?.(line),
          onListening: (info) => listening(info),
        });
        let launched: Awaited<ReturnType<ServeHostDeps['launch']>>;
        try {
          launched = await deps.launch({ text: request.text, path: request.path }, server);
        } catch (e) {
          await server.close('the federation did not start');
          throw servedRunError(e);
        }
        const { runId, run, outDir } = launched;
        const ended = run.done.then(
          () => server.close('the federation finished its rounds'),
          () => server.close('the federation stopped'),
        );
        // Planning, loading the test set or binding the port may fail before it listens: the page hears why.
        const info = await Promise.race([
          listened,
          run.done.then(
            () => {
              throw new HostError('The served run ended before it listened.');
            },
            (e: unknown) => {
              throw servedRunError(e);
            },
          ),
        ]);
        const listen: ServeListen = { host: options.host ?? '127.0.0.1', port: info.port, tls: options.tls !== undefined };
        const serving: Serving = { runId, run, server, joinUrl: info.url, pageUrl: info.pageUrl, listen, serving: true, ended };
        current = serving;
        void ended.then(() => (serving.serving = false));
        return { runId, joinUrl: info.url, pageUrl: info.pageUrl, token: info.token, listen, ...(info.warnings.length > 0 ? { warnings: info.warnings } : {}), ...(outDir ? { outDir } : {}) };
      } finally {
        starting = false;
      }
    },

    async stopServe(): Promise<void> {
      const serving = current;
      if (!serving?.serving) return;
      serving.run.cancel();
      await serving.ended;
    },

    async serveStatus(): Promise<ServeStatus | null> {
      if (!current) return null;
      const { runId, server, joinUrl, pageUrl, listen, serving } = current;
      return { runId, joinUrl, pageUrl, token: server.token, serving, seats: server.seatCount, clients: server.clients(), listen };
    },
  };
  return { ...api, close: () => api.stopServe() };
}
