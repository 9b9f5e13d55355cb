/**
 * The classroom, from the teacher's workbench: `fedflow studio` serves a digits document with a remote
 * split (Run → Serve), three students open the browser link from the Federation panel in their own
 * Chromium pages, give the page digits (through its test hook, as drawing them would) and join, one of
 * them on the fastest backend its browser has. The Federation panel lists each page with its name,
 * examples, backend and state; the rounds complete; the run finishes and Metrics shows its test accuracy.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunStore } from '../../renderer/src/store/runStore.js';
import { startStudio, type StudioProcess } from './studioProcess.js';
import { digitsDocument, digitsOf, giveDigits, idxPair, launchChromium, pageDone, type HookWindow } from './joinPages.js';

const DOC = 'classroom.fedflow.json';
const ROUNDS = 2;
const STUDENTS = [
  { name: 'ada', backend: 'same' },
  { name: 'grace', backend: 'same' },
  { name: 'alan', backend: 'fastest' },
] as const;
const PER_CLASS = 6;

let tmp: string;
let studio: StudioProcess | undefined;
let browser: Browser | undefined;
const digits = Array.from({ length: 10 }, (_, k) => digitsOf(k, 20 + STUDENTS.length * PER_CLASS));
const pick = (from: number, count: number): [Uint8Array, number][] => digits.flatMap((d, k) => d.slice(from, from + count).map((x) => [x, k] as [Uint8Array, number]));

let studioUrl: string;
before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'fedflow-classroom-'));
  const workspace = join(tmp, 'workspace');
  mkdirSync(workspace);
  mkdirSync(join(tmp, 'state'));
  // The server's digits (schema and test set) live in the workspace, beside the document.
  const server = idxPair(workspace, 'server', pick(0, 20));
  writeFileSync(join(workspace, DOC), JSON.stringify(digitsDocument({ images: basename(server.images), labels: basename(server.labels) }, STUDENTS.length, ROUNDS), null, 2));
  [studio, browser] = await Promise.all([startStudio(workspace, join(tmp, 'state')), launchChromium()]);
  studioUrl = studio.url;
});
after(async () => {
  await browser?.close().catch(() => undefined);
  await studio?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('a class of three browser pages joins the workbench\'s served federation, is listed live with its backends, and the run finishes with its accuracy in Metrics', { timeout: 90_000 }, async (t) => {
  const started = Date.now();
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('pageerror', (e) => errors.push(e.stack ?? e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  };
  const teacher = await (await browser!.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  teacher.setDefaultTimeout(30_000);
  watch(teacher);
  const byId = (id: string) => teacher.getByTestId(id);
  await teacher.goto(studioUrl);
  await byId('status-host').filter({ hasText: /Web host/ }).waitFor();
  if (!(await byId('explorer').isVisible())) await byId('activity-explorer').click();
  await byId(`workspace-file-${DOC}`).click();
  await byId('node-clients').waitFor();
  await teacher.locator('[data-testid=serve-button]:not([disabled])').waitFor();
  await byId('serve-button').click();
  // The Serve dialog's defaults (any free port on loopback, no TLS) are the classroom's; Enter serves.
  await byId('serve-dialog').waitFor();
  await byId('serve-port').press('Enter');
  await teacher.locator('[data-testid=federation-panel][data-serving=true]').waitFor();
  const link = await byId('federation-page-url').inputValue();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/join#token=/);

  const students: Page[] = [];
  for (const [c, s] of STUDENTS.entries()) {
    const page = await (await browser!.newContext()).newPage();
    watch(page);
    await page.goto(link);
    await giveDigits(page, pick(20 + c * PER_CLASS, PER_CLASS));
    assert.equal(await page.evaluate(([name, backend]) => (globalThis as unknown as HookWindow).fedflowJoin.join(name, backend), [s.name, s.backend] as const), undefined);
    // One after another, so that student c takes seat c.
    await page.waitForFunction(() => (globalThis as unknown as HookWindow).fedflowJoin.state()?.clientId != null);
    students.push(page);
  }

  // The teacher sees every page: its name and examples at once, its backend once its page has started one.
  const row = (seat: number) => teacher.locator(`[data-testid=federation-client-${seat}]`);
  for (const [c, s] of STUDENTS.entries()) {
    const expected = s.backend === 'fastest' ? 'webgl' : 'wasm';
    await teacher.locator(`[data-testid=federation-client-${c}][data-backend=${expected}]`).waitFor();
    assert.deepEqual((await row(c).locator('td').allTextContents()).slice(0, 4), [String(c), s.name, String(10 * PER_CLASS), expected]);
    assert.ok(['joined', 'training', 'done'].includes((await row(c).getAttribute('data-state'))!));
  }

  // Every page answers every round, and the run finishes as a run of the workbench.
  const ends = await Promise.all(students.map((p) => pageDone(p)));
  assert.deepEqual(ends.map((e) => [e.phase, e.round]), STUDENTS.map(() => ['done', ROUNDS]));
  await teacher.locator('[data-testid=status-run][data-status=finished]').waitFor();
  for (const [c] of STUDENTS.entries()) await teacher.locator(`[data-testid=federation-client-${c}][data-state=done]`).waitFor();
  assert.deepEqual(await teacher.locator('[data-testid^=federation-client-] td:nth-child(5)').allTextContents(), ['done', 'done', 'done']);

  // Metrics: the served run's test accuracy, round by round, on its chart.
  const run = await teacher.evaluate(() => {
    const f = (globalThis as unknown as { fedflowStudio: { runs: RunStore } }).fedflowStudio.runs.getState().federations.fedavg!;
    return { label: f.label, accuracy: f.accuracy.map((p) => p.value), participants: f.records.map((r) => r.participants) };
  });
  assert.deepEqual(run.participants, Array<number>(ROUNDS).fill(STUDENTS.length), 'all three pages in every round');
  assert.equal(run.accuracy.length, ROUNDS);
  await byId('panel-tab-metrics').click();
  const svg = byId('metrics-chart-accuracy').locator('.chart-body svg');
  await svg.locator('polyline').first().waitFor();
  const points = (await svg.locator('polyline').first().getAttribute('points'))!.trim().split(/\s+/);
  assert.equal(points.length, ROUNDS);
  const [x, y] = points.at(-1)!.split(',').map(Number);
  const box = (await svg.boundingBox())!;
  await teacher.mouse.move(box.x + x!, box.y + y!);
  await byId('metrics-chart-accuracy-tooltip').filter({ hasText: `round: ${ROUNDS}` }).filter({ hasText: `test accuracy (%): ${(run.accuracy.at(-1)! * 100).toFixed(1)}%` }).waitFor();
  assert.deepEqual(errors, [], 'no page error, no CSP violation, in the workbench or a student\'s page');
  t.diagnostic(`classroom: ${STUDENTS.length} pages, ${ROUNDS} rounds in ${((Date.now() - started) / 1000).toFixed(1)} s from opening the workbench; test accuracy ${run.accuracy.map((a) => a.toFixed(3)).join(' → ')}`);
});
