/**
 * Federated evaluation of browser clients: two headless Chromium pages join the classroom federation with
 * "Hold out: 20%" chosen, so each keeps a seeded fifth of its digits out of training and scores the
 * global model on them when the server asks. The run's federated rows come from the pages; the same
 * digits joined with `fedflow join --holdout 0.2` give exactly the same rows, federated evaluation included.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RoundRecord } from '../../engine/run/events.js';
import { ROOT } from '../helpers/spawnNode.js';
import { fedflowProcess, type Process } from '../engine/remote/federationProcesses.js';

const CHROMIUM = process.env.FEDFLOW_CHROMIUM || '/usr/bin/chromium';
/** Debian's Chromium as root on a machine with a closed network (as test/e2e/workbench.test.ts starts it). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ROUNDS = 2;
const TEST_PER_CLASS = 10;
/** Digits per class a page holds: 50 in all, so 10 are held out. */
const OWN_PER_CLASS = 5;

const dir = mkdtempSync(join(tmpdir(), 'fedflow-browser-holdout-'));
let browser: Browser | undefined;
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The mnist package's digits of one class, as IDX grey-level bytes (784 per digit). */
function digitsOf(k: number): Uint8Array[] {
  const file = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits', `${k}.json`);
  const flat = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data;
  return Array.from({ length: TEST_PER_CLASS + 2 * OWN_PER_CLASS }, (_, i) => Uint8Array.from(flat.slice(i * 784, (i + 1) * 784), (v) => Math.round(v * 255)));
}

/** An IDX file of unsigned bytes. */
function idx(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x0800 + dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, data]);
}

/** Writes an IDX pair of `(image, label)` pairs; returns the two files. */
function idxPair(name: string, pairs: [Uint8Array, number][]): { images: string; labels: string } {
  const images = join(dir, `${name}-images.idx`);
  const labels = join(dir, `${name}-labels.idx`);
  writeFileSync(images, idx([pairs.length, 28, 28], Buffer.concat(pairs.map(([x]) => x))));
  writeFileSync(labels, idx([pairs.length], Uint8Array.from(pairs.map(([, y]) => y))));
  return { images, labels };
}

const digits = Array.from({ length: 10 }, (_, k) => digitsOf(k));
const pick = (from: number, count: number): [Uint8Array, number][] => digits.flatMap((d, k) => d.slice(from, from + count).map((x) => [x, k] as [Uint8Array, number]));
const server = idxPair('server', pick(0, TEST_PER_CLASS));
const own = [pick(TEST_PER_CLASS, OWN_PER_CLASS), pick(TEST_PER_CLASS + OWN_PER_CLASS, OWN_PER_CLASS)];

/** The classroom pipeline with federated evaluation on: the digits' IDX as schema and test set, a remote split of two. */
function classroomPipeline(name: string): string {
  const doc = JSON.parse(readFileSync(join(ROOT, 'templates', 'hospitals-tabular.fedflow.json'), 'utf8')) as Record<string, unknown> & { nodes: { id: string; params: Record<string, unknown> }[] };
  const params: Record<string, Record<string, unknown>> = {
    hospitals: { source: 'idx', trainImages: server.images, trainLabels: server.labels, testImages: server.images, testLabels: server.labels },
    split: { method: 'remote', numClients: 2 },
    mlp: { arch: 'mlp', hidden: [32], activation: 'relu' },
    clients: { localEpochs: 1, batchSize: 10, optimizer: 'sgd', learningRate: 0.1, momentum: 0.5 },
    fedavg: { strategy: 'FedAvg', rounds: ROUNDS },
    eval: { every: 1, centralized: true, federated: true },
  };
  for (const n of doc.nodes) if (params[n.id]) n.params = params[n.id];
  const file = join(dir, `${name}.fedflow.json`);
  writeFileSync(file, JSON.stringify({ ...doc, name: 'Classroom digits', settings: { backend: 'wasm' } }));
  return file;
}

/** The page's test hook, as the functions evaluated in the page see it. */
interface JoinHook {
  addExamples(rows: number[][], labels: number[]): string | undefined;
  join(name: string): string | undefined;
  state(): { phase: string } | null;
}
type HookWindow = { fedflowJoin: JoinHook };

/** A run folder's rounds: participants, training loss, test and federated scores (not wall time). */
const rounds = (out: string) =>
  (JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { history: RoundRecord[] }[])[0].history.map(({ round, participants, trainLoss, test, federated }) => ({
    round,
    participants,
    trainLoss,
    test: { loss: test?.loss, accuracy: test?.accuracy },
    federated,
  }));

before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}; install it with \`apt-get install chromium\` (or set FEDFLOW_CHROMIUM).`);
  if (!existsSync(join(ROOT, 'dist', 'join', 'index.html'))) throw new Error('The join page is not built (dist/join/index.html is missing): run `npm run build` first.');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

test('two pages that hold out 20% are evaluated on their hold-outs, exactly as fedflow join --holdout 0.2 is', { timeout: 180_000 }, async (t) => {
  const out = join(dir, 'browser-out');
  const serving = fedflowProcess(['serve', classroomPipeline('browser'), '--out', out, '--wait', '60']);
  const link = /or in a browser: (\S+)/.exec(await serving.line(/or in a browser: /))![1];
  const errors: string[] = [];
  const pages: Page[] = [];
  for (let c = 0; c < 2; c++) {
    const page = await (await browser!.newContext()).newPage();
    page.on('pageerror', (e) => errors.push(e.stack ?? e.message));
    await page.goto(link);
    const rows = own[c].map(([x]) => Array.from(x, (v) => v / 255));
    const labels = own[c].map(([, y]) => y);
    assert.equal(await page.evaluate(([r, l]) => (globalThis as unknown as HookWindow).fedflowJoin.addExamples(r, l), [rows, labels] as const), undefined);
    // The student's choice on the page.
    await page.getByTestId('join-holdout').selectOption('0.2');
    await page.getByTestId('join-button').click();
    await serving.line(new RegExp(`client ${c} joined: browser \\(40 examples, 10 held out\\)`));
    await page.getByTestId('join-log').getByText('10 of 50 examples held out for evaluation').waitFor();
    pages.push(page);
  }
  assert.equal(await serving.exited, 0, serving.stderr());
  for (const page of pages) await page.getByTestId('join-log').getByText(new RegExp(`round ${ROUNDS}: evaluated on 10 held-out examples: accuracy`)).waitFor();
  assert.deepEqual(errors, []);
  const browserRounds = rounds(out);
  assert.equal(browserRounds.length, ROUNDS);
  for (const r of browserRounds) assert.deepEqual({ clients: r.federated?.clients, examples: r.federated?.examples }, { clients: 2, examples: 20 });

  const nodeOut = join(dir, 'node-out');
  const nodeServing = fedflowProcess(['serve', classroomPipeline('node'), '--out', nodeOut, '--wait', '60']);
  const url = /'([^']+)'/.exec(await nodeServing.line(/fedflow join '/))![1];
  const clients: Process[] = [];
  for (let c = 0; c < 2; c++) {
    const files = idxPair(`own${c}`, own[c]);
    const client = fedflowProcess(['join', url, '--data', files.images, '--labels', files.labels, '--name', `node-${c}`, '--holdout', '0.2']);
    await client.line(new RegExp(`joined as client ${c}$`));
    clients.push(client);
  }
  assert.deepEqual(await Promise.all([nodeServing.exited, ...clients.map((c) => c.exited)]), [0, 0, 0], nodeServing.stderr());
  assert.deepEqual(browserRounds, rounds(nodeOut), 'the pages hold out, train and score exactly as fedflow join does');
  t.diagnostic(`federated hold-out accuracy by round: ${browserRounds.map((r) => r.federated!.accuracy.toFixed(3)).join(' → ')}`);
});
