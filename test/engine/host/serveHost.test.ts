/**
 * Run → Serve over the web host's wire: the page serves its pipeline as `fedflow serve` does, clients join
 * with `fedflow join`'s code, the page sees them on serveStatus, and the served run is a run like any
 * other — its events reach the page, it finishes and writes its results. Bad requests name their field.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HostRunEvent, ServeRequest, ServeStatus } from '../../../engine/host/hostApi.js';
import { HostError } from '../../../engine/host/hostError.js';
import { startWebHost, type WebHost } from '../../../engine/host/webHost.js';
import type { ConnectedHost } from '../../../engine/host/wsHostClient.js';
import { joinFederation } from '../../../engine/remote/joinClient.js';
import { ROOT } from '../../helpers/spawnNode.js';
import { hospitalsPipeline } from '../remote/federationProcesses.js';
import { makeHostDirs, nextRunEvent, tinyPipelineText, type HostDirs, connectAsPage } from './fixtures.js';

const TLS = join(ROOT, 'test', 'engine', 'remote', 'tls');
const CERT = join(TLS, 'test-only-cert.pem');
const KEY = join(TLS, 'test-only-key.pem');

/** A port free just now, to ask the server for. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let dirs: HostDirs;
let web: WebHost;
let host: ConnectedHost;
let served: string;

before(async () => {
  dirs = makeHostDirs();
  served = hospitalsPipeline(dirs.workspace, 'served', { method: 'remote', numClients: 2 }, 2);
  writeFileSync(join(dirs.workspace, 'index.html'), '');
  web = await startWebHost({
    port: 0,
    workspaceDir: dirs.workspace,
    rendererDir: dirs.workspace,
    templatesDir: dirs.templates,
    stateDir: dirs.state,
    runsDir: join(dirs.root, 'runs'),
    runDefaults: { workers: 1, backend: 'wasm' },
  });
  host = connectAsPage(web);
});
after(async () => {
  host?.close();
  await web.close();
  dirs.cleanup();
});

/** Writes rows [from, from + count) of the served pipeline's CSV, with its header, to `name` in the workspace. */
function someRows(name: string, from: number, count: number): string {
  const [header, ...lines] = readFileSync(join(dirs.workspace, 'hospitals.csv'), 'utf8').trimEnd().split('\n');
  const file = join(dirs.workspace, name);
  writeFileSync(file, [header, ...lines.slice(from, from + count)].join('\n') + '\n');
  return file;
}

/** The error a call rejected with. */
async function refusal(call: Promise<unknown>): Promise<HostError> {
  try {
    await call;
  } catch (e) {
    assert.ok(e instanceof HostError, String(e));
    return e;
  }
  assert.fail('the call was not refused');
}

/** Resolves with the serve status once `test` holds for it (asked again on every run event and every 100 ms). */
async function statusWhen(test: (s: ServeStatus | null) => boolean): Promise<ServeStatus | null> {
  for (;;) {
    const status = await host.serveStatus();
    if (test(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('serving the open pipeline from the workbench', () => {
  it('refuses a bad port, a bad interface and a pipeline without a remote split, naming the field', async () => {
    const text = readFileSync(served, 'utf8');
    const port = await refusal(host.startServe({ text, path: served, port: 70000 }));
    assert.deepEqual(port.problems.map((p) => p.field), ['port']);
    assert.match(port.message, /port must be a whole number from 0 to 65535/);
    const badHost = await refusal(host.startServe({ text, path: served, host: 'evil.example/../x' }));
    assert.deepEqual(badHost.problems.map((p) => p.field), ['host']);
    const simulated = await refusal(host.startServe({ text: tinyPipelineText(), path: null }));
    assert.deepEqual(simulated.problems.map((p) => [p.nodeId, p.field]), [['split', 'params.method']]);
    assert.match(simulated.message, /needs a split with method `remote`/);
    assert.equal(await host.serveStatus(), null, 'nothing was served');
  });

  it('lists two joined clients live, and the served run finishes and writes its results', { timeout: 120_000 }, async () => {
    const events: HostRunEvent[] = [];
    const off = host.onRunEvent((e) => events.push(e));
    const started = await host.startServe({ text: readFileSync(served, 'utf8'), path: served });
    assert.match(started.joinUrl, new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/join\\?token=${started.token}$`));
    // The browser join page (built by npm run build into dist/join), for the classroom's QR code.
    assert.match(started.pageUrl, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/join#token=${started.token}$`));
    assert.ok(started.outDir, 'the web host keeps a run folder for it');
    const waiting = await host.serveStatus();
    const port = Number(new URL(started.joinUrl).port);
    const listen = { host: '127.0.0.1', port, tls: false };
    assert.deepEqual(started.listen, listen);
    assert.deepEqual({ ...waiting, clients: waiting?.clients }, { runId: started.runId, joinUrl: started.joinUrl, pageUrl: started.pageUrl, token: started.token, serving: true, seats: 2, clients: [], listen });

    const again = await refusal(host.startServe({ text: readFileSync(served, 'utf8'), path: served }));
    assert.match(again.message, /being served already/);

    const finished = nextRunEvent(host, started.runId, (e) => e.type === 'finished' || e.type === 'failed');
    const lines: string[] = [];
    const join1 = joinFederation({ url: started.joinUrl, dataFile: someRows('north.csv', 0, 120), name: 'north', log: (l) => lines.push(`north: ${l}`) });
    const join2 = joinFederation({ url: started.joinUrl, dataFile: someRows('south.csv', 120, 80), name: 'south', log: (l) => lines.push(`south: ${l}`) });
    // Each client says its backend once it has started one, just after it joined.
    const both = await statusWhen((s) => (s?.clients.filter((c) => c.backend !== null).length ?? 0) === 2 || events.some((e) => e.runId === started.runId && e.event.type === 'finished'));
    const listed = both!.clients.map(({ name, examples, backend }) => ({ name, examples, backend })).sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(listed, [
      { name: 'north', examples: 120, backend: 'wasm' },
      { name: 'south', examples: 80, backend: 'wasm' },
    ]);
    for (const c of both!.clients) {
      assert.ok(['joined', 'training'].includes(c.state), c.state);
      assert.ok(Date.now() - c.lastSeen < 60_000, 'heard from just now');
    }

    const end = await finished;
    assert.equal(end.type, 'finished', lines.join('\n'));
    assert.deepEqual(await Promise.all([join1, join2]), [0, 0], lines.join('\n'));
    off();
    const kinds = events.filter((e) => e.runId === started.runId).map((e) => e.event.type);
    assert.ok(kinds.includes('run-started') && kinds.filter((k) => k === 'evaluated').length === 2, kinds.join(' '));
    assert.ok(existsSync(join(started.outDir!, 'metrics.json')), 'the results are written as a run writes them');
    const after = await statusWhen((s) => s?.serving === false);
    assert.equal(after?.runId, started.runId);
    // In at the end, both left as done: their connections closing then is no loss.
    assert.deepEqual(after!.clients.map((c) => c.state), ['done', 'done']);
    assert.equal((await host.liveRuns()).length, 0);
  });

  it('stops a federation still waiting for its clients', { timeout: 60_000 }, async () => {
    const started = await host.startServe({ text: readFileSync(served, 'utf8'), path: served });
    const cancelled = nextRunEvent(host, started.runId, (e) => e.type === 'cancelled' || e.type === 'failed');
    await host.stopServe();
    assert.equal((await cancelled).type, 'cancelled');
    const status = await host.serveStatus();
    assert.equal(status?.serving, false);
    assert.equal(status?.runId, started.runId);
  });

  it('refuses bad TLS files, minimum clients and waits, naming the field, and serves nothing', async () => {
    const text = readFileSync(served, 'utf8');
    const fieldsOf = async (options: Partial<ServeRequest>) => {
      const e = await refusal(host.startServe({ text, path: served, ...options }));
      return { fields: e.problems.map((p) => p.field), message: e.message };
    };
    const certOnly = await fieldsOf({ tlsCert: CERT });
    assert.deepEqual(certOnly.fields, ['tlsKey']);
    assert.match(certOnly.message, /needs the key file too/);
    assert.deepEqual((await fieldsOf({ tlsKey: KEY })).fields, ['tlsCert']);
    const missing = await fieldsOf({ tlsCert: join(dirs.workspace, 'no-such-cert.pem'), tlsKey: KEY });
    assert.deepEqual(missing.fields, ['tlsCert']);
    assert.match(missing.message, /cannot be read \(ENOENT\)/);
    // Any file the page names is read for TLS only: a file that is not PEM is refused without a byte of it.
    const notPem = await fieldsOf({ tlsCert: CERT, tlsKey: 'hospitals.csv' });
    assert.deepEqual(notPem.fields, ['tlsKey']);
    assert.match(notPem.message, /hospitals\.csv is not a PEM file\.$/);
    const certAsKey = await fieldsOf({ tlsCert: CERT, tlsKey: CERT });
    assert.deepEqual(certAsKey.fields, ['tlsKey']);
    assert.match(certAsKey.message, /is not the certificate's key/);
    assert.deepEqual((await fieldsOf({ minClients: 0 })).fields, ['minClients']);
    assert.deepEqual((await fieldsOf({ minClients: 1.5 })).fields, ['minClients']);
    const tooMany = await fieldsOf({ minClients: 3 });
    assert.deepEqual(tooMany, { fields: ['minClients'], message: 'The minimum clients (3) is more than the 2 clients the remote split expects.' });
    assert.deepEqual((await fieldsOf({ waitSeconds: -1 })).fields, ['waitSeconds']);
    assert.deepEqual((await fieldsOf({ waitSeconds: 'soon' as unknown as number })).fields, ['waitSeconds']);
    const relative = await refusal(host.startServe({ text, path: null, tlsCert: 'cert.pem', tlsKey: 'key.pem' }));
    assert.deepEqual(relative.problems.map((p) => p.field), ['tlsCert']);
    assert.notEqual((await host.serveStatus())?.serving, true, 'nothing is being served');
  });

  it('serves wss:// on the port asked with the certificate given, and a client that trusts it trains', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const started = await host.startServe({ text: readFileSync(served, 'utf8'), path: served, port, tlsCert: CERT, tlsKey: KEY, minClients: 1, waitSeconds: 60 });
    assert.match(started.joinUrl, new RegExp(`^wss://127\\.0\\.0\\.1:${port}/join\\?token=`));
    assert.match(started.pageUrl, new RegExp(`^https://127\\.0\\.0\\.1:${port}/join#token=`));
    assert.equal(started.warnings, undefined, 'loopback needs no warning');
    assert.deepEqual((await host.serveStatus())?.listen, { host: '127.0.0.1', port, tls: true });
    const finished = nextRunEvent(host, started.runId, (e) => e.type === 'finished' || e.type === 'failed');
    // A client that does not trust the certificate cannot connect: the server really speaks TLS with it.
    const untrusting: string[] = [];
    assert.equal(await joinFederation({ url: started.joinUrl, dataFile: someRows('untrusting.csv', 0, 50), name: 'untrusting', retries: 0, log: (l) => untrusting.push(l) }), 1);
    assert.match(untrusting.join('\n'), /self-signed certificate|certificate/);
    const lines: string[] = [];
    const code = await joinFederation({ url: started.joinUrl, dataFile: someRows('trusting.csv', 0, 120), name: 'trusting', ca: readFileSync(CERT), log: (l) => lines.push(l) });
    assert.equal(code, 0, lines.join('\n'));
    assert.equal((await finished).type, 'finished', lines.join('\n'));
  });
});
