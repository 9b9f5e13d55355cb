/**
 * The web host: static files with a strict CSP and no way out of the renderer folder, a WebSocket that
 * wants the session token and the host's own Origin, and the whole HostApi through wsHostClient.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { HostRunEvent } from '../../../engine/host/hostApi.js';
import { HostError } from '../../../engine/host/hostError.js';
import { startWebHost, type WebHost } from '../../../engine/host/webHost.js';
import { hostAddressFromPage, type ConnectedHost } from '../../../engine/host/wsHostClient.js';
import { makeHostDirs, nextRunEvent, tinyPipelineText, type HostDirs, connectAsPage } from './fixtures.js';

const INDEX = '<!doctype html><html><head><title>FedFlow</title></head><body><div id="root"></div><script type="module" src="/assets/app.js"></script></body></html>\n';

let dirs: HostDirs;
let web: WebHost;
let rendererDir: string;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw GET: node's http client sends the path exactly as given (fetch would normalise `..`). */
function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: web.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Tries to open the WebSocket; resolves with the HTTP status of a refusal, or 101 when it opens. */
function tryConnect(url: string, origin?: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => resolve(-1));
  });
}


before(async () => {
  dirs = makeHostDirs();
  rendererDir = join(dirs.root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), INDEX);
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("fedflow");\n');
  writeFileSync(join(rendererDir, 'assets', 'style.css'), 'body{}\n');
  writeFileSync(join(dirs.root, 'secret.txt'), 'top secret\n');
  web = await startWebHost({
    port: 0,
    workspaceDir: dirs.workspace,
    rendererDir,
    templatesDir: dirs.templates,
    stateDir: dirs.state,
    runDefaults: { workers: 1, backend: 'wasm' },
  });
});
after(async () => {
  await web.close();
  dirs.cleanup();
});

describe('serving the workbench', () => {
  it('listens on 127.0.0.1 and gives the page address with its token', () => {
    assert.match(web.url, new RegExp(`^http://127\\.0\\.0\\.1:${web.port}/\\?token=[A-Za-z0-9_-]{32}$`));
    assert.deepEqual(hostAddressFromPage(web.url), { url: `ws://127.0.0.1:${web.port}/api`, token: web.token });
  });

  it('serves index.html for / with a strict Content-Security-Policy', async () => {
    const res = await get('/?token=abc');
    assert.equal(res.status, 200);
    assert.equal(res.body, INDEX);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    for (const directive of [
      "default-src 'self'",
      `connect-src 'self' ws://127.0.0.1:${web.port}`,
      "script-src 'self';",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "frame-ancestors 'none'",
    ]) {
      assert.ok(csp.includes(directive), `${directive} in ${csp}`);
    }
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  it('serves assets with their content types', async () => {
    assert.equal((await get('/assets/app.js')).headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal((await get('/assets/style.css')).headers['content-type'], 'text/css; charset=utf-8');
  });

  it('refuses ../ traversal in every spelling, directories and other methods', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/',
      '/assets',
      '/index.html%00.js',
      '/api',
    ]) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.ok(!res.body.includes('top secret'), path);
    }
  });

  it('refuses requests naming another host (DNS rebinding)', async () => {
    assert.equal((await get('/', { Host: `evil.example:${web.port}` })).status, 421);
  });
});

describe('the WebSocket', () => {
  const api = () => `ws://127.0.0.1:${web.port}/api`;
  const own = () => `http://127.0.0.1:${web.port}`;

  it('refuses a connection without the right token', async () => {
    assert.equal(await tryConnect(api(), own()), 403);
    assert.equal(await tryConnect(`${api()}?token=wrong`, own()), 403);
    assert.equal(await tryConnect(`${api()}?token=${web.token.slice(0, -1)}x`, own()), 403);
  });

  it('refuses a connection from a foreign Origin, or with none, even with the token', async () => {
    assert.equal(await tryConnect(`${api()}?token=${web.token}`, 'https://evil.example'), 403);
    assert.equal(await tryConnect(`${api()}?token=${web.token}`, `http://127.0.0.1:${web.port + 1}`), 403);
    assert.equal(await tryConnect(`${api()}?token=${web.token}`), 403);
    assert.equal(await tryConnect(`${api()}?token=${web.token}`, own()), 101);
  });

  it('answers a non-request with an error and unknown methods are never called', async () => {
    const ws = new WebSocket(`${api()}?token=${web.token}`, { origin: own() });
    await new Promise((r) => ws.once('open', r));
    const answer = new Promise<string>((r) => ws.once('message', (d) => r(String(d))));
    ws.send(JSON.stringify({ id: 7, method: 'constructor', args: [] }));
    assert.deepEqual(JSON.parse(await answer), { id: 7, ok: false, error: { message: 'The host does not understand this request.' } });
    ws.close();
  });
});

describe('the HostApi over wsHostClient', () => {
  let host: ConnectedHost;
  before(() => {
    host = connectAsPage(web);
  });
  after(() => host.close());

  it('round-trips files, templates and errors', async () => {
    const info = await host.info();
    assert.equal(info.host, 'web');
    assert.equal(info.workers, 1);
    assert.deepEqual((await host.listTemplates()).map((t) => t.id), ['another', 'tiny']);
    const template = await host.openTemplate('tiny');
    assert.equal(template.path, null);
    const saved = await host.saveFile(template.text, 'from-template.fedflow.json');
    assert.equal(saved?.path, join(dirs.workspace, 'from-template.fedflow.json'));
    assert.equal(readFileSync(saved!.path, 'utf8'), template.text);
    assert.deepEqual((await host.listFiles()).map((f) => f.name), ['from-template.fedflow.json']);
    const opened = await host.openFile(saved!.path);
    assert.equal(opened?.text, template.text);
    assert.equal((await host.recentFiles())[0].path, saved!.path);
    await host.saveRecovery([{ key: 'k', name: 'n', path: null, text: 't' }], 'window-1');
    assert.deepEqual((await host.loadRecovery()).map((d) => [d.slot, d.key, d.name, d.path, d.text]), [['window-1', 'k', 'n', null, 't']]);
    await assert.rejects(host.openFile('../secret.txt'), /inside its workspace folder/);
    await assert.rejects(host.openTemplate('../../secret'), /There is no template/);
  });

  it('starts a run, streams its events to the page and stops it', async () => {
    const events: HostRunEvent[] = [];
    const off = host.onRunEvent((e) => events.push(e));
    const { runId } = await host.startRun({ text: tinyPipelineText(), path: join(dirs.workspace, 'from-template.fedflow.json'), rounds: 50 });
    await nextRunEvent(host, runId, (e) => e.type === 'evaluated');
    const cancelled = nextRunEvent(host, runId, (e) => e.type === 'cancelled');
    await host.controlRun(runId, 'stop');
    await cancelled;
    off();
    const types = events.map((e) => e.event.type);
    assert.equal(types[0], 'run-started');
    assert.ok(types.includes('evaluated'));
    assert.equal(types.at(-1), 'cancelled');
    assert.ok(events.every((e) => e.runId === runId));
  });

  it("a refused run's problems arrive over the WebSocket with their nodes and fields", async () => {
    // Two data paths outside the workspace: problems only the host finds, so only the wire can carry them.
    const doc = JSON.parse(tinyPipelineText());
    doc.nodes[0].params = { source: 'idx', trainImages: '../../outside/train-images', trainLabels: '/etc/passwd', testImages: 'ok', testLabels: 'ok' };
    const path = join(dirs.workspace, 'outside.fedflow.json');
    writeFileSync(path, JSON.stringify(doc));
    // Over the raw socket: the answer is a value, not a string.
    const ws = new WebSocket(`ws://127.0.0.1:${web.port}/api?token=${web.token}`, { origin: `http://127.0.0.1:${web.port}` });
    await new Promise((r) => ws.once('open', r));
    const answer = new Promise<string>((r) => ws.once('message', (d) => r(String(d))));
    ws.send(JSON.stringify({ id: 1, method: 'startRun', args: [{ text: JSON.stringify(doc), path }] }));
    const raw = JSON.parse(await answer);
    ws.close();
    assert.equal(raw.ok, false);
    assert.match(raw.error.message, /^The pipeline cannot run:/);
    assert.deepEqual(
      raw.error.problems.map((p: { severity: string; nodeId: string; field: string }) => [p.severity, p.nodeId, p.field]),
      [
        ['error', 'data', 'params.trainImages'],
        ['error', 'data', 'params.trainLabels'],
      ],
    );
    // Through the page's client: a HostError with the same problems, whole.
    await assert.rejects(host.startRun({ text: JSON.stringify(doc), path }), (e: unknown) => {
      assert.ok(e instanceof HostError, `expected a HostError, got ${String(e)}`);
      assert.equal(e.message, raw.error.message);
      assert.deepEqual(e.problems, raw.error.problems);
      assert.match(e.problems[0].message, /outside the workspace folder/);
      return true;
    });
  });

  it('an invalid document is refused with every error as a value, and a plain failure with none', async () => {
    const text = tinyPipelineText().replace('"numClients": 2', '"numClients": -3').replace('"rounds": 3', '"rounds": 0');
    await assert.rejects(host.exportScript(text, null), (e: unknown) => {
      assert.ok(e instanceof HostError);
      assert.match(e.message, /^Fix these problems before exporting:/);
      const where = e.problems.map((p) => `${p.nodeId} ${p.field}`);
      assert.ok(where.includes('split params.numClients'), JSON.stringify(where));
      assert.ok(where.some((w) => w.endsWith('params.rounds')), JSON.stringify(where));
      assert.ok(e.problems.every((p) => p.severity === 'error'));
      return true;
    });
    await assert.rejects(host.openTemplate('nope'), (e: unknown) => e instanceof HostError && e.problems.length === 0 && /There is no template/.test(e.message));
  });

  it('rejects pending and later calls when the connection closes', async () => {
    const doomed = connectAsPage(web, 'not-the-token');
    await assert.rejects(doomed.info(), /connection to the FedFlow host closed/);
    await assert.rejects(doomed.listTemplates(), /connection to the FedFlow host closed/);
  });
});
