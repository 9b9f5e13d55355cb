/** `fedflow serve <file>`: the server of a real federation; runs the rounds as `fedflow run` does, with remote clients. */
import { appendFileSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { FederationServer } from '../remote/federationServer.js';
import type { CliOptions } from './cliArgs.js';
import { UsageError } from './cliArgs.js';
import { runCommand } from './runCommand.js';

/** Reads a PEM file given on the command line, or says which one cannot be read. */
function readPem(flag: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(`--${flag} ${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, 'serve');
  }
}

/** Serves a pipeline file to remote clients; returns the exit code. */
export async function serveCommand(opts: CliOptions, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  if ((opts.tlsCert === undefined) !== (opts.tlsKey === undefined)) throw new UsageError('TLS needs both --tls-cert and --tls-key.', 'serve');
  const tls = opts.tlsCert !== undefined ? { cert: readPem('tls-cert', opts.tlsCert), key: readPem('tls-key', opts.tlsKey!) } : undefined;
  // FEDFLOW_WIRE_LOG=FILE: every frame a client sent, one JSON line each — what crossed the wire, to inspect.
  const wireLog = process.env.FEDFLOW_WIRE_LOG;
  const server = new FederationServer({
    ...(opts.host !== undefined ? { host: opts.host } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(tls ? { tls } : {}),
    ...(opts.minClients !== undefined ? { minClients: opts.minClients } : {}),
    ...(opts.wait !== undefined ? { waitSeconds: opts.wait } : {}),
    log: (line) => err(`serve: ${line}`),
    onListening: ({ url, pageUrl, warnings }) => {
      for (const w of warnings) err(w);
      if (opts.json) out(JSON.stringify({ type: 'listening', url, ...(pageUrl ? { pageUrl } : {}) }));
      else {
        out(`Serving on ${hostname()}. Each client joins with:`);
        out(`  fedflow join '${url}' --data FILE`);
        if (pageUrl) out(`or in a browser: ${pageUrl}`);
      }
    },
    ...(wireLog ? { messageLog: (frame: string, bytes: number) => appendFileSync(wireLog, `${JSON.stringify({ bytes, frame })}\n`) } : {}),
  });
  let code = 1;
  try {
    code = await runCommand(opts, out, err, server);
    return code;
  } finally {
    await server.close(code === 0 ? 'the federation finished its rounds' : 'the federation stopped');
  }
}
