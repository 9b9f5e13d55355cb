/**
 * Browser clients for the classroom: `fedflow serve` serves its join page, two headless Chromium pages
 * open it, each is given a few MNIST digits through the page's test hook (as a student would draw them:
 * the rows stay in the page), and the pages train each round with TensorFlow.js. The rounds complete,
 * the server writes its results, and the pages say which round they answered. The same digits given to
 * two `fedflow join` processes give the same metrics: the page trains on the engine's own ModelRunner.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { fedflowProcess, roundMetrics as rounds, type Process, type RoundMetrics } from '../engine/remote/federationProcesses.js';
import { digitsDocument, digitsOf, idxPair, launchChromium, type HookWindow } from './joinPages.js';

const ROUNDS = 2;
/** Digits per class: the server's test set, and each page's own. */
const TEST_PER_CLASS = 20;
const OWN_PER_CLASS = 6;

const dir = mkdtempSync(join(tmpdir(), 'fedflow-browser-join-'));
let browser: Browser | undefined;
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const digits = Array.from({ length: 10 }, (_, k) => digitsOf(k, TEST_PER_CLASS + 2 * OWN_PER_CLASS));
const pick = (from: number, count: number): [Uint8Array, number][] => digits.flatMap((d, k) => d.slice(from, from + count).map((x) => [x, k] as [Uint8Array, number]));
const server = idxPair(dir, 'server', pick(0, TEST_PER_CLASS));
const own = [pick(TEST_PER_CLASS, OWN_PER_CLASS), pick(TEST_PER_CLASS + OWN_PER_CLASS, OWN_PER_CLASS)];

/** The classroom pipeline (joinPages.ts) for two clients, written into the test's folder. */
function classroomPipeline(name: string): string {
  const file = join(dir, `${name}.fedflow.json`);
  writeFileSync(file, JSON.stringify(digitsDocument(server, 2, ROUNDS)));
  return file;
}

/** A GET of `path` exactly as written (no client-side normalising of dot segments). */
function rawGet(origin: string, path: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(origin);
    const req = httpGet({ host: hostname, port, path }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
  });
}

/** The browser join link `fedflow serve` printed. */
async function pageUrl(serving: Process): Promise<string> {
  const line = await serving.line(/or in a browser: /);
  return /or in a browser: (\S+)/.exec(line)![1];
}

before(async () => {
  browser = await launchChromium();
});

let browserRounds: RoundMetrics[] = [];

test('two browser pages join a served federation, train on digits that stay in the page, and the rounds complete', { timeout: 120_000 }, async (t) => {
  const out = join(dir, 'browser-out');
  const wire = join(dir, 'wire.jsonl');
  const serving = fedflowProcess(['serve', classroomPipeline('browser'), '--port', '0', '--out', out, '--wait', '60'], { FEDFLOW_WIRE_LOG: wire });
  const link = await pageUrl(serving);
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/join#token=/);
  // Only the built page's own files are served, each with the page's policy; no other path reaches a file.
  const origin = new URL(link).origin;
  const served = await rawGet(origin, '/join');
  assert.equal(served.status, 200);
  assert.match(served.headers['content-security-policy'] as string, /connect-src 'self';/);
  for (const path of ['/join/../package.json', '/join/assets/../../../package.json', '/join/assets/%2e%2e%2fpackage.json', '/package.json', '/etc/passwd', '/join/src/main.ts']) {
    assert.equal((await rawGet(origin, path)).status, 404, path);
  }
  // A student's way in: a digit drawn on the pad and labelled becomes one example of the page (it joins no federation).
  const student = await (await browser!.newContext()).newPage();
  await student.goto(link);
  const pad = (await student.getByTestId('digit-pad').boundingBox())!;
  await student.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * 0.2);
  await student.mouse.down();
  await student.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * 0.8, { steps: 8 });
  await student.mouse.up();
  await student.getByRole('button', { name: 'Add as 1' }).click();
  await student.getByTestId('join-examples').getByText('1 example: 1 ×1').waitFor();
  await student.close();
  const pages: Page[] = [];
  const errors: string[] = [];
  for (let c = 0; c < 2; c++) {
    const page = await (await browser!.newContext()).newPage();
    page.on('pageerror', (e) => errors.push(e.stack ?? e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(link);
    const rows = own[c].map(([x]) => Array.from(x, (v) => v / 255));
    const labels = own[c].map(([, y]) => y);
    assert.equal(await page.evaluate(([r, l]) => (globalThis as unknown as HookWindow).fedflowJoin.addExamples(r, l), [rows, labels] as const), undefined);
    await page.getByTestId('join-examples').getByText(`${labels.length} examples`).waitFor();
    // One after another, so page c takes seat c: the seat is part of every per-client seed.
    await page.evaluate((name) => (globalThis as unknown as HookWindow).fedflowJoin.join(name), `page-${c}`);
    await serving.line(new RegExp(`client ${c} joined: page-${c} \\(${labels.length} examples\\)`));
    pages.push(page);
  }
  const started = Date.now();
  assert.equal(await serving.exited, 0, serving.stderr());
  const seconds = (Date.now() - started) / 1000;
  for (const page of pages) {
    await page.waitForFunction(() => (globalThis as unknown as HookWindow).fedflowJoin.state()?.phase === 'done');
    assert.match(await page.getByTestId('join-state').innerText(), new RegExp(`^round ${ROUNDS} · done`));
    assert.match(await page.getByTestId('join-log').innerText(), new RegExp(`round ${ROUNDS}: sent \\d+ bytes`));
    assert.match(await page.getByTestId('join-log').innerText(), /training on backend wasm \(as the server does\)/);
  }
  assert.deepEqual(errors, [], 'no page error, no CSP violation');
  browserRounds = rounds(out);
  assert.equal(browserRounds.length, ROUNDS);
  assert.ok(browserRounds.every((r) => r.participants === 2), 'both pages answered every round');
  for (const f of ['summary.json', 'report.html']) assert.ok(readFileSync(join(out, f)).length > 0, f);
  // The server heard descriptions and weights, never a pixel row.
  const messages = readFileSync(wire, 'utf8').trimEnd().split('\n').map((l) => JSON.parse((JSON.parse(l) as { frame: string }).frame) as { type: string; data?: object; outcome?: { metrics: { ms: number } } });
  assert.deepEqual(messages.filter((m) => m.type !== 'ready').map((m) => m.type), ['hello', 'hello', ...Array<string>(2 * ROUNDS).fill('fit-res')]);
  // Each page said once which backend it trains on (when, among the other page's frames, varies).
  assert.deepEqual(messages.filter((m) => m.type === 'ready'), [{ type: 'ready', version: 2, backend: 'wasm' }, { type: 'ready', version: 2, backend: 'wasm' }]);
  for (const m of messages.filter((x) => x.type === 'hello')) assert.deepEqual(Object.keys(m.data!).sort(), ['examples', 'featureNames', 'labelColumn', 'labels', 'numFeatures']);
  const trainMs = messages.filter((m) => m.type === 'fit-res').map((m) => m.outcome!.metrics.ms.toFixed(0));
  t.diagnostic(`browser federation: ${ROUNDS} rounds in ${seconds.toFixed(1)} s after both pages joined; page training ms per answer ${trainMs.join(', ')}; test accuracy ${browserRounds.map((r) => r.test.accuracy.toFixed(3)).join(' → ')}`);
});

test('the same digits joined with fedflow join give the browser federation its exact metrics', { timeout: 120_000 }, async () => {
  assert.equal(browserRounds.length, ROUNDS, 'the browser federation ran first');
  const out = join(dir, 'node-out');
  const serving = fedflowProcess(['serve', classroomPipeline('node'), '--port', '0', '--out', out, '--wait', '60']);
  const line = await serving.line(/fedflow join '/);
  const url = /'([^']+)'/.exec(line)![1];
  const clients: Process[] = [];
  for (let c = 0; c < 2; c++) {
    const files = idxPair(dir, `own${c}`, own[c]);
    const client = fedflowProcess(['join', url, '--data', files.images, '--labels', files.labels, '--name', `node-${c}`]);
    await client.line(new RegExp(`joined as client ${c}$`));
    clients.push(client);
  }
  assert.deepEqual(await Promise.all([serving.exited, ...clients.map((c) => c.exited)]), [0, 0, 0], serving.stderr());
  assert.deepEqual(browserRounds, rounds(out));
});
