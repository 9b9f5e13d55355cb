/**
 * Federated evaluation of browser clients: two headless Chromium pages join the classroom federation with
 * "Hold out: 20%" chosen, so each keeps a seeded fifth of its digits out of training and scores the
 * global model on them when the server asks. The run's federated rows come from the pages; the same
 * digits joined with `fedflow join --holdout 0.2` give exactly the same rows, federated evaluation included.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RoundRecord } from '../../engine/run/events.js';
import { fedflowProcess, type Process } from '../engine/remote/federationProcesses.js';
import { digitsDocument, digitsOf, idxPair, launchChromium, type HookWindow } from './joinPages.js';

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

const digits = Array.from({ length: 10 }, (_, k) => digitsOf(k, TEST_PER_CLASS + 2 * OWN_PER_CLASS));
const pick = (from: number, count: number): [Uint8Array, number][] => digits.flatMap((d, k) => d.slice(from, from + count).map((x) => [x, k] as [Uint8Array, number]));
const server = idxPair(dir, 'server', pick(0, TEST_PER_CLASS));
const own = [pick(TEST_PER_CLASS, OWN_PER_CLASS), pick(TEST_PER_CLASS + OWN_PER_CLASS, OWN_PER_CLASS)];

/** The classroom pipeline with federated evaluation on: the digits' IDX as schema and test set, a remote split of two. */
function classroomPipeline(name: string): string {
  const file = join(dir, `${name}.fedflow.json`);
  writeFileSync(file, JSON.stringify(digitsDocument(server, 2, ROUNDS, true)));
  return file;
}

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
  browser = await launchChromium();
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
    const files = idxPair(dir, `own${c}`, own[c]);
    const client = fedflowProcess(['join', url, '--data', files.images, '--labels', files.labels, '--name', `node-${c}`, '--holdout', '0.2']);
    await client.line(new RegExp(`joined as client ${c}$`));
    clients.push(client);
  }
  assert.deepEqual(await Promise.all([nodeServing.exited, ...clients.map((c) => c.exited)]), [0, 0, 0], nodeServing.stderr());
  assert.deepEqual(browserRounds, rounds(nodeOut), 'the pages hold out, train and score exactly as fedflow join does');
  t.diagnostic(`federated hold-out accuracy by round: ${browserRounds.map((r) => r.federated!.accuracy.toFixed(3)).join(' → ')}`);
});
