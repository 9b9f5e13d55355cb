/**
 * What a student chooses on the join page: the backend ("Same numbers as the server", or "Fastest this
 * browser has": WebGPU, then WebGL, then wasm), and a CSV file picked from disk, read in the page with the
 * engine's own CSV reader against the federation's schema. Headless Chromium here has WebGL (on
 * SwiftShader) and no WebGPU, so the fastest it has is WebGL.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { fedflowProcess, hospitalsPipeline, joinUrl, roundMetrics, type Process } from '../engine/remote/federationProcesses.js';
import { digitsDocument, digitsOf, giveDigits, idxPair, launchChromium, pageDone } from './joinPages.js';

const dir = mkdtempSync(join(tmpdir(), 'fedflow-browser-choices-'));
let browser: Browser | undefined;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The browser join link `fedflow serve` printed. */
async function pageUrl(serving: Process): Promise<string> {
  const line = await serving.line(/or in a browser: /);
  return /or in a browser: (\S+)/.exec(line)![1];
}

/** A fresh page on the join link that fails the test on any page error or CSP violation. */
async function openPage(link: string, errors: string[]): Promise<Page> {
  const page = await (await browser!.newContext()).newPage();
  page.on('pageerror', (e) => errors.push(e.stack ?? e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(link);
  return page;
}

/** The milliseconds each round's local training took, as the page's log says them. */
async function trainingMs(page: Page): Promise<number[]> {
  const log = await page.getByTestId('join-log').innerText();
  return [...log.matchAll(/round \d+: sent \d+ bytes \(loss [\d.]+, (\d+) ms\)/g)].map((m) => Number(m[1]));
}

test('a page that asks for the fastest backend trains on WebGL, beside one on the server\'s numbers, and the server names each backend', { timeout: 120_000 }, async (t) => {
  const perClass = 20;
  const digits = Array.from({ length: 10 }, (_, k) => digitsOf(k, 3 * perClass));
  const pick = (from: number): [Uint8Array, number][] => digits.flatMap((d, k) => d.slice(from, from + perClass).map((x) => [x, k] as [Uint8Array, number]));
  const file = join(dir, 'digits.fedflow.json');
  writeFileSync(file, JSON.stringify(digitsDocument(idxPair(dir, 'server', pick(0)), 2, 3)));
  const out = join(dir, 'digits-out');
  const serving = fedflowProcess(['serve', file, '--port', '0', '--out', out, '--wait', '60']);
  const link = await pageUrl(serving);
  const errors: string[] = [];
  const pages: Page[] = [];
  for (const [c, choice] of (['fastest', 'same'] as const).entries()) {
    const page = await openPage(link, errors);
    await giveDigits(page, pick(perClass * (c + 1)));
    await page.getByLabel('Your name').fill(choice);
    if (choice === 'fastest') await page.getByTestId('join-backend').selectOption('fastest');
    await page.getByTestId('join-button').click();
    await serving.line(new RegExp(`client ${c} joined: ${choice} `));
    pages.push(page);
  }
  assert.equal(await serving.exited, 0, serving.stderr());
  const [fast, same] = await Promise.all(pages.map((p) => pageDone(p)));
  assert.deepEqual([fast.phase, fast.backend, same.phase, same.backend], ['done', 'webgl', 'done', 'wasm']);
  assert.match(
    await pages[0].getByTestId('join-log').innerText(),
    /training on backend webgl, the fastest this browser has \((this browser has no WebGPU|WebGPU has no adapter here|WebGPU offers only a software adapter)\); the server trains on wasm, so this page's numbers are close to a Node client's, not identical/,
  );
  assert.match(await pages[1].getByTestId('join-log').innerText(), /training on backend wasm \(as the server does\)/);
  // What the server prints where it lists its clients.
  assert.match(serving.stderr(), /serve: client 0 \(fastest\) trains on webgl/);
  assert.match(serving.stderr(), /serve: client 1 \(same\) trains on wasm/);
  const rounds = roundMetrics(out);
  assert.equal(rounds.length, 3);
  assert.ok(rounds.every((r) => r.participants === 2), 'both pages answered every round');
  assert.ok(rounds.at(-1)!.test.accuracy > 0.5, `WebGL's updates train the model as wasm's do: ${rounds.map((r) => r.test.accuracy.toFixed(3)).join(' → ')}`);
  assert.deepEqual(errors, [], 'no page error, no CSP violation');
  const why = /the fastest this browser has \(([^)]*)\)/.exec(await pages[0].getByTestId('join-log').innerText())?.[1];
  t.diagnostic(`WebGPU: ${why}; local training ms per round (200 digits, MLP 784-32-10): webgl ${(await trainingMs(pages[0])).join(', ')}; wasm ${(await trainingMs(pages[1])).join(', ')}; test accuracy ${rounds.map((r) => r.test.accuracy.toFixed(3)).join(' → ')}`);
});

test('a picked CSV file is read in the page against the federation\'s columns and labels: one that differs is told how, one that matches trains as fedflow join does', { timeout: 120_000 }, async () => {
  const served = hospitalsPipeline(dir, 'csv', { method: 'remote', numClients: 1 }, 2);
  const [header, ...lines] = readFileSync(join(dir, 'hospitals.csv'), 'utf8').trimEnd().split('\n');
  const write = (name: string, text: string[]) => {
    writeFileSync(join(dir, name), text.join('\n') + '\n');
    return join(dir, name);
  };
  const own = write('own.csv', [header, ...lines.slice(0, 150)]);
  // One column fewer (mean_radius left out), and a label the federation does not have.
  const dropColumn = (l: string) => l.split(',').filter((_, i) => i !== 1).join(',');
  const fewer = write('fewer-columns.csv', [header, ...lines.slice(0, 20)].map(dropColumn));
  const unknown = write('unknown-label.csv', [header, ...lines.slice(0, 5), lines[5].replace(/,(benign|malignant)$/, ',unsure')]);

  const out = join(dir, 'csv-out');
  const wire = join(dir, 'csv-wire.jsonl');
  const serving = fedflowProcess(['serve', served, '--port', '0', '--out', out, '--wait', '60'], { FEDFLOW_WIRE_LOG: wire });
  const link = await pageUrl(serving);
  const errors: string[] = [];
  const pickAndJoin = async (path: string, name: string): Promise<Page> => {
    const page = await openPage(link, errors);
    await page.getByTestId('csv-file').setInputFiles(path);
    await page.getByTestId('add-csv').click();
    // It cannot be read before the page knows the federation's settings: it waits for the join.
    await page.getByTestId('join-examples').getByText(`${name}: read when you join.`).waitFor();
    await page.getByTestId('join-button').click();
    return page;
  };
  const refusedFewer = await pageDone(await pickAndJoin(fewer, 'fewer-columns.csv'));
  assert.equal(refusedFewer.phase, 'refused');
  assert.equal(refusedFewer.message, "Cannot join: fewer-columns.csv does not match the federation's data: it has 29 feature columns, and the federation's data has 30");
  const refusedLabel = await pageDone(await pickAndJoin(unknown, 'unknown-label.csv'));
  assert.equal(refusedLabel.message, "Cannot join: unknown-label.csv line 7: the label is 'unsure', which is not one of the federation's classes (benign, malignant)");

  const page = await pickAndJoin(own, 'own.csv');
  await serving.line(/client 0 joined: browser \(150 examples\)/);
  assert.equal(await serving.exited, 0, serving.stderr());
  assert.equal((await pageDone(page)).phase, 'done');
  assert.match(await page.getByTestId('join-examples').innerText(), /^150 examples: benign ×\d+, malignant ×\d+$/);
  assert.deepEqual(errors, [], 'no page error, no CSP violation');
  // No cell of the file crossed the wire: the server heard its columns, labels and size only.
  const frames = readFileSync(wire, 'utf8');
  assert.ok(!frames.includes('17.99') && !frames.includes('Northside'), 'no value or silo name of the file was sent');

  // The same file joined with fedflow join: the page read it exactly as the Node client reads it.
  const nodeOut = join(dir, 'csv-node-out');
  const again = fedflowProcess(['serve', served, '--port', '0', '--out', nodeOut, '--wait', '60']);
  const client = fedflowProcess(['join', await joinUrl(again), '--data', own, '--name', 'node']);
  assert.deepEqual(await Promise.all([again.exited, client.exited]), [0, 0], again.stderr());
  assert.deepEqual(roundMetrics(out), roundMetrics(nodeOut));
});
