/**
 * The workbench end to end, as a user drives it: the real web host (`fedflow studio`) in a child process,
 * Debian's Chromium through playwright-core, a fresh temporary workspace.
 *
 * The steps share one page and build on each other, in order: a pipeline dragged together from the palette,
 * a refused connection, an invalid field and its fix, a real 3-round run, undo/redo, save and reopen; then a
 * template, a run the host refuses (its data outside the workspace) and a broken file. Every wait is on a condition (locators, `page.waitForFunction` over the stores
 * the renderer exposes as `window.fedflowStudio`), never a fixed sleep, with generous limits for a slow
 * 2-core CI machine.
 *
 * Screenshots of the main states go to `test-artifacts/e2e/*.png` (git-ignored). With
 * `FEDFLOW_UPDATE_DOCS_SCREENSHOTS=1` the mid-run screenshot is also written to `docs/workbench-mid-run.png`
 * for the README.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { PipelineDocument } from '../../engine/format/pipeline.js';
import type { DocumentsStore } from '../../renderer/src/store/documentsStore.js';
import type { RunStore } from '../../renderer/src/store/runStore.js';
import type { ViewStore } from '../../renderer/src/store/viewStore.js';

/** The repository root, from dist/test/e2e. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');
const DOCS_SCREENSHOT = join(ROOT, 'docs', 'workbench-mid-run.png');
const CHROMIUM = process.env.FEDFLOW_CHROMIUM || '/usr/bin/chromium';
/** Debian's Chromium as root on a machine with a closed network (see the project's machine notes). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Waits for conditions: generous, since CI is a busy 2-core machine. */
const UI_TIMEOUT = 30_000;
/** A real 3-round MNIST run (data loading, worker start-up, training). */
const RUN_TIMEOUT = 150_000;

/** What `window.fedflowStudio` holds (renderer/TESTIDS.md). */
interface Studio {
  documents: DocumentsStore;
  view: ViewStore;
  runs: RunStore;
}
/** The page's global object, as the functions evaluated in the page see it. */
type Win = { fedflowStudio: Studio };

/** The broken file in the workspace, kept as its text must be shown. */
const BROKEN_TEXT = '{\n  "format": "fedflow/pipeline@1",\n  "name": "Broken",\n  "nodes": [\n';
const SAVED_NAME = 'e2e-pipeline.fedflow.json';
/** A valid pipeline whose data lies outside the workspace: only the host can refuse it, naming node and field. */
const OUTSIDE_NAME = 'outside-data.fedflow.json';
const PIPELINE_NAME = 'MNIST, 5 IID clients, FedAvg';
/** A small run on simulated phones with an 8 s deadline: its records carry the simulated clock. */
const DEVICES_NAME = 'simulated-phones.fedflow.json';

/** The five-node pipeline plus its evaluation, as the palette names new nodes. */
const IDS = {
  dataset: 'dataset-1',
  split: 'split-1',
  model: 'model-1',
  client: 'client-1',
  aggregator: 'aggregator-1',
  evaluate: 'evaluate-1',
} as const;

let tmp: string;
let workspace: string;
let host: ChildProcess | undefined;
let hostOutput = '';
let browser: Browser | undefined;
let page: Page;
/** The studio's address with its session token. */
let studioUrl: string;
const pageErrors: string[] = [];

/** Starts `fedflow studio` on a free port and resolves with the address it prints. */
function startStudio(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/fedflow.js', 'studio', '--port', '0', '--dir', workspace], {
      cwd: ROOT,
      env: { ...process.env, FEDFLOW_STATE_DIR: join(tmp, 'state') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    host = child;
    const timer = setTimeout(() => reject(new Error(`fedflow studio printed no address within 60 s:\n${hostOutput}`)), 60_000);
    const take = (d: string) => {
      hostOutput += d;
      const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(hostOutput)?.[0];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout!.setEncoding('utf8').on('data', take);
    child.stderr!.setEncoding('utf8').on('data', take);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fedflow studio exited (${code}) before printing its address:\n${hostOutput}`));
    });
  });
}

/** Stops the web host: Ctrl+C, then a kill if it lingers. */
async function stopStudio(): Promise<void> {
  const child = host;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Saves a screenshot of the whole window under test-artifacts/e2e. */
async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/**
 * A step of the scenario: on failure it saves a screenshot (`failed-<name>.png`) and adds the page's
 * uncaught errors and the web host's output to the message, so a CI failure can be read afterwards.
 */
function step(name: string, fn: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await fn();
    } catch (e) {
      const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await page?.screenshot({ path: join(ARTIFACTS, `failed-${slug}.png`) }).catch(() => undefined);
      if (e instanceof Error) {
        const errors = pageErrors.length > 0 ? `\nUncaught errors in the page:\n${pageErrors.join('\n')}` : '';
        e.message += `${errors}\nScreenshot: test-artifacts/e2e/failed-${slug}.png\nWeb host output:\n${hostOutput.slice(-3000)}`;
      }
      throw e;
    }
  };
}

/** One test of the scenario, as a `step`; `timeout` in ms for the long ones. */
function scenario(name: string, fn: () => Promise<void>, timeout?: number): void {
  it(name, timeout ? { timeout } : {}, step(name, fn));
}

/** The centre of an element on the page. */
async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  await locator.waitFor({ state: 'visible' });
  const box = await locator.boundingBox();
  assert.ok(box, 'the element has no box on the page');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags with the mouse from one element to another in small steps, as React Flow's handles expect. */
async function dragMouse(from: Locator, to: Locator): Promise<void> {
  const a = await centre(from);
  const b = await centre(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(a.x + (b.x - a.x) / 3, a.y + (b.y - a.y) / 3, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 10 });
  await page.mouse.up();
}

const byId = (id: string) => page.getByTestId(id);
const handle = (node: string, dir: 'in' | 'out', port: string) => byId(`handle-${node}-${dir}-${port}`);

/** The active tab's document (null when none is open or it is raw text). */
function activeDoc(): Promise<PipelineDocument | null> {
  return page.evaluate(() => {
    const s = (globalThis as unknown as Win).fedflowStudio.documents.getState();
    return s.tabs.find((t) => t.key === s.activeKey)?.doc ?? null;
  });
}

/** The active document as its file text (two-space JSON and a final newline, as the renderer saves it). */
async function activeText(): Promise<string> {
  const doc = await activeDoc();
  assert.ok(doc, 'no pipeline is open');
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Edges as `source.handle->target.handle`, sorted. */
const edgeSet = (doc: PipelineDocument) => doc.edges.map((e) => `${e.source}.${e.sourceHandle}->${e.target}.${e.targetHandle}`).sort();
const nodeSet = (doc: PipelineDocument) => doc.nodes.map((n) => `${n.id}:${n.kind}`).sort();

/** Waits until the active document has this many edges. */
async function waitForEdgeCount(count: number): Promise<void> {
  await page.waitForFunction((n) => {
    const s = (globalThis as unknown as Win).fedflowStudio.documents.getState();
    return s.tabs.find((t) => t.key === s.activeKey)?.doc?.edges.length === n;
  }, count);
}

/** Polls a condition until it holds (the interval is only a polling rate, never an assertion). */
async function waitUntil(condition: () => Promise<boolean>, what: string, timeout = UI_TIMEOUT): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`timed out after ${timeout} ms waiting until ${what}`);
}

/** Waits until the element with this test id has an attribute with this value (says what it saw if not). */
async function waitForAttribute(testId: string, name: string, value: string, timeout = UI_TIMEOUT): Promise<void> {
  try {
    await page.locator(`[data-testid="${testId}"][${name}="${value}"]`).waitFor({ state: 'attached', timeout });
  } catch {
    const seen = await byId(testId).getAttribute(name, { timeout: 1_000 }).catch(() => '(no such element)');
    assert.fail(`expected ${name}="${value}" on ${testId} within ${timeout} ms; it is "${seen}"`);
  }
}

/** Shows a side-bar view (clicking the view that is already shown would hide the side bar). */
async function showView(view: 'explorer' | 'templates' | 'runs'): Promise<void> {
  const pane = byId(view === 'runs' ? 'runs-view' : view);
  if (!(await pane.isVisible())) await byId(`activity-${view}`).click();
  await pane.waitFor();
}

/** Hides the side bar, for more room on the canvas (clicking the shown view's button hides it). */
async function hideSideBar(): Promise<void> {
  for (const view of ['explorer', 'templates', 'runs'] as const) {
    if (await byId(view === 'runs' ? 'runs-view' : view).isVisible()) await byId(`activity-${view}`).click();
  }
  await byId('side-bar').waitFor({ state: 'hidden' });
}

/** Selects a node by clicking its label, and waits for the inspector to show it. */
async function selectNode(id: string): Promise<void> {
  await byId(`node-label-${id}`).click();
  await page.locator(`[data-testid=inspector-node][data-node-id="${id}"]`).waitFor();
}

/** Types a value into an inspector field (replacing what it holds), then leaves the field. */
async function setField(name: string, value: string): Promise<void> {
  const field = byId(`field-${name}`);
  await field.fill(value);
  await field.press('Enter');
}

/** Waits for a param of a node in the active document to have a value. */
async function waitForParam(nodeId: string, field: string, value: unknown): Promise<void> {
  await page.waitForFunction(
    ([id, f, v]) => {
      const s = (globalThis as unknown as Win).fedflowStudio.documents.getState();
      const node = s.tabs.find((t) => t.key === s.activeKey)?.doc?.nodes.find((n) => n.id === id);
      return JSON.stringify((node?.params as Record<string, unknown> | undefined)?.[f as string]) === JSON.stringify(v);
    },
    [nodeId, field, value] as const,
  );
}

/** The key of the active tab. */
async function activeKey(): Promise<string> {
  const key = await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.documents.getState().activeKey);
  assert.ok(key, 'no tab is active');
  return key;
}

/** The error count the status bar shows (it reads `<errors> <warnings>`). */
async function errorCount(): Promise<number> {
  const text = (await byId('status-problems').textContent()) ?? '';
  const first = /\d+/.exec(text)?.[0];
  assert.ok(first !== undefined, `the status bar shows no problem counts: "${text}"`);
  return Number(first);
}

/** Clicks away the toast, if one is shown (it would hide part of a screenshot). */
async function dismissToast(): Promise<void> {
  const toast = byId('toast');
  if (await toast.isVisible()) await toast.click().catch(() => undefined); // it may go by itself meanwhile
  await toast.waitFor({ state: 'detached' });
}

/** Waits for a toast whose text matches (and of that level: info, warning, error); returns its text. */
async function waitForToast(pattern: RegExp, level?: 'info' | 'warning' | 'error'): Promise<string> {
  const toast = page.locator(level ? `[data-testid="toast"][data-level="${level}"]` : '[data-testid="toast"]').filter({ hasText: pattern });
  await toast.waitFor();
  return (await toast.textContent()) ?? '';
}

/** The MNIST template made small (500 digits, 5 clients, 3 rounds) on simulated phones with an 8 s deadline, with server-side DP (its ε on the node and in a chart). */
function devicesDocument(): PipelineDocument {
  const doc = JSON.parse(readFileSync(join(ROOT, 'templates', 'mnist-fedavg.fedflow.json'), 'utf8')) as PipelineDocument;
  const params = (id: string) => doc.nodes.find((n) => n.id === id)!.params as Record<string, unknown>;
  Object.assign(params('mnist'), { trainSize: 500, testSize: 100 });
  Object.assign(params('split'), { numClients: 5 });
  Object.assign(params('clients'), { devices: 'phones' });
  Object.assign(params('fedavg'), { rounds: 3, deadline: 8, stragglers: 'partial', privacy: 'server-fixed' });
  return { ...doc, name: 'Simulated phones' };
}

// A hard cap for a stuck run; the whole file takes ~20 s here, ~35 s with both cores busy.
describe('the workbench end to end (web host + Chromium)', { timeout: 300_000 }, () => {
  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}; the end-to-end tests need it. Install it with \`apt-get install chromium\` ` +
          '(or set FEDFLOW_CHROMIUM to a Chromium binary).',
      );
    }
    if (!existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) {
      throw new Error('The workbench is not built (dist/renderer/index.html is missing): run `npx vite build` (or `npm run build`) first.');
    }
    // This run's screenshots only (no stale failed-*.png from an earlier one).
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    tmp = mkdtempSync(join(tmpdir(), 'fedflow-e2e-'));
    workspace = join(tmp, 'workspace');
    mkdirSync(workspace);
    mkdirSync(join(tmp, 'state'));
    writeFileSync(join(workspace, 'broken.fedflow.json'), BROKEN_TEXT);
    const outside = JSON.parse(readFileSync(join(ROOT, 'templates', 'mnist-fedavg.fedflow.json'), 'utf8')) as PipelineDocument;
    const data = outside.nodes.find((n) => n.id === 'mnist')!;
    data.params = { source: 'csv', path: '/etc/passwd', labelColumn: 'y' };
    writeFileSync(join(workspace, OUTSIDE_NAME), JSON.stringify({ ...outside, name: 'Outside data' }, null, 2));
    writeFileSync(join(workspace, DEVICES_NAME), JSON.stringify(devicesDocument(), null, 2));
    const url = await startStudio();
    studioUrl = url;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // playwright-core starts it with a new, empty profile (--user-data-dir) of its own.
      args: CHROMIUM_ARGS,
    });
    // A context of its own, so that a scenario can open more windows of the same profile in it.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
    page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
    await step('start', async () => {
      await page.goto(url);
      await byId('workbench').waitFor();
      // The host answered: it names itself in the status bar.
      await byId('status-host').filter({ hasText: /Web host/ }).waitFor();
    })();
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await stopStudio();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  scenario('builds a pipeline by dragging nodes from the palette and connecting their handles', async () => {
    await byId('welcome-new').click();
    const canvas = byId('canvas');
    await canvas.waitFor();
    // More room on the canvas while building.
    await hideSideBar();

    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 900, `the canvas is too small to build on (${JSON.stringify(box)})`);
    // Where each node is dropped (the pointer; the card's top-left lands about 90 px left and 20 px above).
    const drops: Array<[keyof typeof IDS, number, number]> = [
      ['dataset', 130, 80],
      ['split', 390, 80],
      ['model', 390, 250],
      ['client', 650, 165],
      ['aggregator', 910, 165],
      // Clear of the minimap in the bottom-right corner even once the run adds its accuracy read-out.
      ['evaluate', 910, 290],
    ];
    for (const [kind, x, y] of drops) {
      await byId(`palette-${kind}`).dragTo(canvas, { targetPosition: { x, y } });
      await byId(`node-${IDS[kind]}`).waitFor();
      assert.equal(await byId(`node-${IDS[kind]}`).getAttribute('data-kind'), kind);
    }
    const doc = await activeDoc();
    assert.deepEqual(nodeSet(doc!), Object.entries(IDS).map(([kind, id]) => `${id}:${kind}`).sort());
    assert.equal(doc!.edges.length, 0);

    const wires: Array<[string, string, string, string]> = [
      [IDS.dataset, 'data', IDS.split, 'data'],
      [IDS.split, 'clients', IDS.client, 'clients'],
      [IDS.model, 'model', IDS.client, 'model'],
      [IDS.client, 'updates', IDS.aggregator, 'updates'],
      [IDS.aggregator, 'global', IDS.evaluate, 'global'],
    ];
    for (const [i, [source, out, target, inp]] of wires.entries()) {
      await dragMouse(handle(source, 'out', out), handle(target, 'in', inp));
      await waitForEdgeCount(i + 1);
    }
    const wired = await activeDoc();
    assert.deepEqual(edgeSet(wired!), wires.map(([s, o, t, i]) => `${s}.${o}->${t}.${i}`).sort());
    // React Flow draws them all.
    await waitUntil(async () => (await page.locator('[data-testid^="rf__edge-"]').count()) === 5, 'React Flow draws the 5 edges');
    // Wired up with the palette's defaults, nothing is left to fix: no node is invalid.
    for (const id of Object.values(IDS)) await waitForAttribute(`node-${id}`, 'data-invalid', 'false');

    // With nothing selected the inspector edits the pipeline itself: give it a name.
    await canvas.click({ position: { x: 520, y: 470 } });
    await byId('inspector-document').waitFor();
    await byId('field-doc-name').fill(PIPELINE_NAME);
    await page.waitForFunction((name) => {
      const s = (globalThis as unknown as Win).fedflowStudio.documents.getState();
      return s.tabs.find((t) => t.key === s.activeKey)?.doc?.name === name;
    }, PIPELINE_NAME);
    await shot('01-pipeline-built');
  });

  scenario('refuses a wrong connection: no edge appears and a toast says why', async () => {
    const before = await activeText();
    // A dataset's output onto a client's model input (which takes a model architecture).
    await dragMouse(handle(IDS.dataset, 'out', 'data'), handle(IDS.client, 'in', 'model'));
    const text = await waitForToast(/cannot go into/, 'warning');
    assert.match(text, /dataset/i);
    assert.match(text, /model/i);
    await shot('02-connection-refused');
    assert.equal(await activeText(), before, 'the refused connection changed the document');
    assert.equal(await page.locator('[data-testid^="rf__edge-"]').count(), 5);
  });

  scenario('shows an invalid field on the node and in the Problems panel, and clears it when fixed', async () => {
    await selectNode(IDS.split);
    await setField('numClients', '0');
    await waitForParam(IDS.split, 'numClients', 0);

    const node = byId(`node-${IDS.split}`);
    await waitForAttribute(`node-${IDS.split}`, 'data-invalid', 'true');
    await byId(`node-invalid-${IDS.split}`).waitFor();
    const title = (await node.getAttribute('title')) ?? '';
    assert.match(title, /numClients|client/i, `the node's title should give the reason, got "${title}"`);
    await byId('field-error-numClients').waitFor();

    await byId('panel-tab-problems').click();
    const problem = page.locator(`[data-testid^="problem-"][data-node-id="${IDS.split}"]`).filter({ hasText: /./ });
    await problem.first().waitFor();
    const fields = await problem.evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
    assert.ok(fields.some((f) => f?.includes('numClients')), `no problem names numClients: ${JSON.stringify(fields)}`);
    await waitUntil(async () => (await errorCount()) >= 1, 'the status bar counts the error');
    await shot('03-invalid-field');

    // Text that is not a number stays as typed, with the reason, after leaving the field; the document keeps 0.
    await byId('field-numClients').fill('abc');
    await byId('field-numClients').press('Tab');
    assert.equal(await byId('field-numClients').inputValue(), 'abc');
    await byId('field-numClients-typed-error').filter({ hasText: '"abc" is not a number.' }).waitFor();
    await waitForParam(IDS.split, 'numClients', 0);
    // So does a list with a word in it: hidden sizes "128, x, -3" is kept and explained, not cleared.
    await selectNode(IDS.model);
    const hidden = await byId('field-hidden').inputValue();
    await byId('field-hidden').fill('128, x, -3');
    await byId('field-hidden').press('Tab');
    assert.equal(await byId('field-hidden').inputValue(), '128, x, -3');
    await byId('field-hidden-typed-error').filter({ hasText: /numbers separated by commas/ }).waitFor();
    await byId('field-hidden').fill(hidden);
    await byId('field-hidden').press('Enter');
    await selectNode(IDS.split);

    // Fix it: five clients (fewer than the default ten keeps the run below small).
    await setField('numClients', '5');
    await waitForParam(IDS.split, 'numClients', 5);
    await waitForAttribute(`node-${IDS.split}`, 'data-invalid', 'false');
    await byId(`node-invalid-${IDS.split}`).waitFor({ state: 'detached' });
    await page.locator(`[data-testid^="problem-"][data-node-id="${IDS.split}"]`).first().waitFor({ state: 'detached' });
    await waitUntil(async () => (await errorCount()) === 0, 'the status bar counts no errors');

    // A problem only the split's size reveals (fedflow validate reports it) shows here too.
    await selectNode(IDS.client);
    await setField('clients', '0-11');
    await byId('field-error-clients').filter({ hasText: /Client 11 does not exist: the split makes 5 clients/ }).waitFor();
    await page.locator(`[data-testid^="problem-"][data-node-id="${IDS.client}"]`).first().waitFor();
    await setField('clients', 'all');
    await waitUntil(async () => (await errorCount()) === 0, 'the status bar counts no errors again');
  });

  scenario('runs 3 rounds: node badges, the accuracy chart and the evaluate node follow the run', async () => {
    // A small run, set up in the inspector: 500 training and 100 test digits, learning rate 0.1, 3 rounds.
    await selectNode(IDS.dataset);
    await setField('trainSize', '500');
    await setField('testSize', '100');
    await waitForParam(IDS.dataset, 'trainSize', 500);
    await waitForParam(IDS.dataset, 'testSize', 100);
    await selectNode(IDS.client);
    await setField('learningRate', '0.1');
    await waitForParam(IDS.client, 'learningRate', 0.1);
    await selectNode(IDS.aggregator);
    await setField('rounds', '3');
    await waitForParam(IDS.aggregator, 'rounds', 3);
    // No errors left (the evaluate node's warning about hold-outs may stay).
    await waitUntil(async () => (await errorCount()) === 0, 'the status bar counts no errors');

    /** Waits until the federation has evaluated `n` rounds. */
    const evaluatedRounds = (n: number) =>
      page.waitForFunction(
        ([agg, k]) => ((globalThis as unknown as Win).fedflowStudio.runs.getState().federations[agg as string]?.accuracy.length ?? 0) >= (k as number),
        [IDS.aggregator, n] as const,
        { timeout: RUN_TIMEOUT },
      );
    const aggBadge = byId(`node-state-${IDS.aggregator}`);

    // Step one round: the run starts paused, does round 1 and waits.
    await byId('step-button').click();
    await evaluatedRounds(1);
    await aggBadge.filter({ hasText: '1/3' }).waitFor({ timeout: RUN_TIMEOUT });
    await byId(`preview-accuracy-${IDS.evaluate}`).waitFor();
    // One round is one point (the chart draws a dot until there is a line).
    await byId('metrics-chart-accuracy').locator('svg circle, svg polyline').first().waitFor();
    await shot('04-run-round-1');

    // A second step: round 2, then the mid-run screenshot (badges, previews, the live charts).
    await byId('step-button').click();
    await evaluatedRounds(2);
    await aggBadge.filter({ hasText: '2/3' }).waitFor({ timeout: RUN_TIMEOUT });
    await waitForAttribute('status-run', 'data-paused', 'true');
    assert.equal(await aggBadge.getAttribute('data-state'), 'running');
    await byId('metrics-chart-accuracy').locator('svg polyline').first().waitFor();
    // The Runs view says the same: round 2 of 3, paused.
    await showView('runs');
    await byId(`runs-federation-${IDS.aggregator}`).filter({ hasText: 'round 2/3' }).waitFor();
    await byId('runs-status').filter({ hasText: /paused/ }).waitFor();
    // Hide the side bar again (the canvas and the four charts get the room) and take the picture.
    await hideSideBar();
    await dismissToast();
    await shot('05-run-mid');
    if (process.env.FEDFLOW_UPDATE_DOCS_SCREENSHOTS === '1') {
      mkdirSync(dirname(DOCS_SCREENSHOT), { recursive: true });
      await page.screenshot({ path: DOCS_SCREENSHOT });
    }

    // Resume to the end.
    await byId('pause-button').filter({ hasText: /Resume/ }).click();
    await waitForAttribute('status-run', 'data-status', 'finished', RUN_TIMEOUT);
    await evaluatedRounds(3);
    for (const id of [IDS.dataset, IDS.split, IDS.model, IDS.client, IDS.aggregator, IDS.evaluate]) {
      await waitForAttribute(`node-state-${id}`, 'data-state', 'done');
    }
    await aggBadge.filter({ hasText: '3/3' }).waitFor();
    const accuracy = await page.evaluate(
      (agg) => (globalThis as unknown as Win).fedflowStudio.runs.getState().federations[agg]!.accuracy.map((p) => p.value),
      IDS.aggregator,
    );
    assert.equal(accuracy.length, 3);
    for (const a of accuracy) assert.ok(a >= 0 && a <= 1, `accuracy ${a} out of range`);
    // The evaluate node shows the latest accuracy, as a percentage.
    const shown = await byId(`preview-accuracy-${IDS.evaluate}`).textContent();
    assert.ok(shown?.includes(`${(accuracy[2]! * 100).toFixed(1)}%`), `the evaluate node shows "${shown}", the last accuracy is ${accuracy[2]}`);
    // The chart has a line over the three rounds.
    await byId('metrics-chart-accuracy').locator('svg polyline').first().waitFor();
    const points = await byId('metrics-chart-accuracy')
      .locator('svg polyline')
      .first()
      .evaluate((el) => (el.getAttribute('points') ?? '').trim().split(/\s+/).length);
    assert.equal(points, 3, 'the accuracy line should have one point per round');
    await shot('06-run-finished');
    // Uplink: accuracy against the bytes the clients had sent by each round's end, in the unit that reads best.
    await byId('metrics-axis-uplink').click();
    await byId('metrics-chart-accuracy-x-label').filter({ hasText: /^cumulative uplink \((kB|MB|GB)\)$/ }).waitFor();
    const sent = await page.evaluate(
      (agg) => (globalThis as unknown as Win).fedflowStudio.runs.getState().federations[agg]!.records.map((r) => r.bytesUp),
      IDS.aggregator,
    );
    assert.ok(sent.length === 3 && sent.every((b) => b > 0), `every round counts its clients' bytes: ${sent}`);
    await shot('06-run-uplink');
    await byId('metrics-axis-rounds').click();
    await byId('metrics-chart-accuracy-x-label').filter({ hasText: /^round$/ }).waitFor();
  }, 240_000);

  scenario('undoes and redoes an edit (Ctrl+Z, Ctrl+Shift+Z and the command palette)', async () => {
    const original = await activeText();
    await selectNode(IDS.evaluate);
    // Shortcuts act on the canvas, not in a text field: focus the node card itself.
    await byId(`node-${IDS.evaluate}`).click();
    await page.keyboard.press('Delete');
    await byId(`node-${IDS.evaluate}`).waitFor({ state: 'detached' });
    const deleted = await activeText();
    assert.notEqual(deleted, original);
    assert.ok(!(await activeDoc())!.nodes.some((n) => n.id === IDS.evaluate));
    assert.equal((await activeDoc())!.edges.length, 4, 'deleting the node removes its edge');

    await page.keyboard.press('Control+z');
    await byId(`node-${IDS.evaluate}`).waitFor();
    assert.equal(await activeText(), original, 'undo restores the document exactly');

    await page.keyboard.press('Control+Shift+z');
    await byId(`node-${IDS.evaluate}`).waitFor({ state: 'detached' });
    assert.equal(await activeText(), deleted, 'redo makes the change again');

    // The same through the command palette.
    await page.keyboard.press('Control+Shift+p');
    await byId('command-palette-input').fill('undo');
    await byId('quick-item-edit.undo').click();
    await byId(`node-${IDS.evaluate}`).waitFor();
    assert.equal(await activeText(), original);
    await byId('command-palette').waitFor({ state: 'hidden' });
  });

  scenario('saves to the workspace with Save As and reopens the same document', async () => {
    const before = await activeDoc();
    const text = await activeText();
    const key = await activeKey();
    assert.equal(await byId(`tab-${key}`).getAttribute('data-dirty'), 'true');

    await showView('explorer');
    await byId('explorer-save-as').click();
    await byId('save-as-prompt-input').fill(SAVED_NAME.replace('.fedflow.json', ''));
    await byId('save-as-prompt-input').press('Enter');
    await waitForToast(new RegExp(`Saved ${SAVED_NAME.replace(/\./g, '\\.')}`), 'info');
    await waitForAttribute(`tab-${key}`, 'data-dirty', 'false');
    await byId(`dirty-${key}`).waitFor({ state: 'detached' });
    const file = join(workspace, SAVED_NAME);
    assert.equal(readFileSync(file, 'utf8'), text, 'the file holds the document as it was');

    // Close it (clean: no question asked) and open it again from the workspace list.
    await byId(`tab-close-${key}`).click();
    await byId(`tab-${key}`).waitFor({ state: 'detached' });
    await byId(`workspace-file-${SAVED_NAME}`).click();
    await page.locator(`[data-testid^="tab-doc"][data-name="${SAVED_NAME}"]`).waitFor();
    await byId(`node-${IDS.evaluate}`).waitFor();
    const reopened = await activeDoc();
    assert.ok(reopened);
    assert.equal(await activeText(), readFileSync(file, 'utf8'), 'the reopened document is the saved text');
    assert.deepEqual(nodeSet(reopened), nodeSet(before!));
    assert.deepEqual(edgeSet(reopened), edgeSet(before!));
    assert.deepEqual(reopened, before);
    assert.equal(await byId(`tab-${await activeKey()}`).getAttribute('data-dirty'), 'false');
    await shot('07-saved-and-reopened');
  });

  scenario('opens a template from the Templates view', async () => {
    await showView('templates');
    await byId('template-mnist-fedavg').click();
    const tab = page.locator('[data-testid^="tab-doc"][aria-selected="true"]');
    await page.waitForFunction(() => {
      const s = (globalThis as unknown as Win).fedflowStudio.documents.getState();
      const t = s.tabs.find((x) => x.key === s.activeKey);
      return t?.path === null && (t.doc?.nodes.length ?? 0) > 0;
    });
    const doc = await activeDoc();
    const template = JSON.parse(readFileSync(join(ROOT, 'templates', 'mnist-fedavg.fedflow.json'), 'utf8')) as PipelineDocument;
    assert.equal(doc!.name, template.name);
    assert.deepEqual(nodeSet(doc!), nodeSet(template));
    assert.deepEqual(edgeSet(doc!), edgeSet(template));
    for (const n of template.nodes) await byId(`node-${n.id}`).waitFor();
    await tab.waitFor();
    await shot('08-template');
  });

  scenario('palette clicks put new nodes beside the others, never on top of one', async () => {
    const before = await activeText();
    const cards = page.locator('[data-testid^="node-"][data-kind]');
    const start = await cards.count();
    for (let k = 1; k <= 3; k++) {
      await byId('palette-note').click();
      await waitUntil(async () => (await cards.count()) === start + k, `note ${k} is on the canvas`);
    }
    const boxes = await cards.evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { id: el.getAttribute('data-testid'), x: r.x, y: r.y, w: r.width, h: r.height };
      }),
    );
    // Each new note (the last three cards) against every other card; the template's own layout is its own.
    for (const [i, a] of boxes.entries()) {
      if (i < start) continue;
      for (const b of boxes.filter((_, j) => j !== i)) {
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        assert.ok(!overlap, `${a.id} and ${b.id} overlap on the canvas`);
      }
    }
    for (let k = 0; k < 3; k++) await page.keyboard.press('Control+z');
    await waitUntil(async () => (await activeText()) === before, 'undo takes the three notes away again');

    // Quick add finds the values of params too, and says so when nothing matches.
    await byId('canvas').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+k');
    await byId('quick-add-input').fill('zzqx');
    await byId('quick-add-empty').filter({ hasText: 'No node or setting matches “zzqx”' }).waitFor();
    await byId('quick-add-input').fill('fedadam');
    await byId('quick-add-aggregator:strategy=FedAdam').waitFor();
    await byId('quick-add-input').press('Enter');
    await waitUntil(async () => (await activeDoc())!.nodes.some((n) => n.kind === 'aggregator' && n.params.strategy === 'FedAdam'), 'a FedAdam aggregator is added');
    await page.keyboard.press('Control+z');
    await waitUntil(async () => (await activeText()) === before, 'undo takes it away');
  });

  scenario('a copied share link opens the document but carries no session token', async () => {
    assert.match(studioUrl, /[?&]token=/, 'the studio page itself has a token');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.keyboard.press('Control+Shift+p');
    await byId('command-palette-input').fill('copy share link');
    await byId('quick-item-file.copyShareLink').click();
    await waitForToast(/Copied a share link/, 'info');
    const link = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    assert.match(link, /#pipeline=[zb]\./);
    assert.doesNotMatch(link, /token/);
  });

  scenario('Export as TypeScript Script downloads the script as a file', async () => {
    const doc = await activeDoc();
    const download = page.waitForEvent('download');
    await page.keyboard.press('Control+Shift+p');
    await byId('command-palette-input').fill('export as typescript');
    await byId('quick-item-file.exportScript').click();
    const file = await download;
    assert.equal(file.suggestedFilename(), 'mnist-with-fedavg.ts');
    const text = readFileSync((await file.path())!, 'utf8');
    assert.match(text, /new PipelineBuilder\(/);
    assert.ok(text.includes(JSON.stringify(doc!.name)) || text.includes(`'${doc!.name}'`), 'the script builds the open document');
    await waitForToast(/Downloaded mnist-with-fedavg\.ts/, 'info');
  });

  scenario('Save As onto a name that exists asks first: keep both says the name it chose, replace overwrites', async () => {
    const stem = SAVED_NAME.replace('.fedflow.json', '');
    const saveAsName = async (choice: 'keep' | 'replace') => {
      await showView('explorer');
      await byId('explorer-save-as').click();
      await byId('save-as-prompt-input').fill(stem);
      await byId('save-as-prompt-input').press('Enter');
      await byId('save-as-exists-picker').waitFor();
      assert.equal(await byId('save-as-exists-picker-input').getAttribute('placeholder'), `${SAVED_NAME} already exists in the workspace`);
      await byId(`quick-item-${choice}`).click();
    };
    const original = readFileSync(join(workspace, SAVED_NAME), 'utf8');
    await saveAsName('keep');
    await waitForToast(new RegExp(`Saved as ${stem}-2\\.fedflow\\.json \\(${SAVED_NAME.replace(/\./g, '\\.')} is taken\\)`), 'info');
    assert.equal(readFileSync(join(workspace, SAVED_NAME), 'utf8'), original, 'keeping both leaves the existing file alone');
    assert.equal(readFileSync(join(workspace, `${stem}-2.fedflow.json`), 'utf8'), await activeText());

    await saveAsName('replace');
    await waitForToast(new RegExp(`Saved ${SAVED_NAME.replace(/\./g, '\\.')}`), 'info');
    assert.equal(readFileSync(join(workspace, SAVED_NAME), 'utf8'), await activeText(), 'replace overwrites the existing file');
    writeFileSync(join(workspace, SAVED_NAME), original);
  });

  scenario('a run the host refuses lists its node and field in Problems; clicking one selects the node', async () => {
    await showView('explorer');
    await byId(`workspace-file-${OUTSIDE_NAME}`).click();
    await page.locator(`[data-testid^="tab-doc"][data-name="${OUTSIDE_NAME}"]`).waitFor();
    await byId('node-mnist').waitFor();
    // The validator has nothing against it; the web host refuses the data path.
    await waitUntil(async () => (await errorCount()) === 0, 'the status bar counts no errors');
    await byId('run-button').click();
    await waitForToast(/could not start.*Problems/, 'error');
    const problem = byId('run-problem-0');
    await problem.waitFor();
    assert.equal(await problem.getAttribute('data-node-id'), 'mnist');
    assert.equal(await problem.getAttribute('data-field'), 'params.path');
    assert.match((await problem.textContent()) ?? '', /outside the workspace/);
    await waitForAttribute('node-state-mnist', 'data-state', 'error');
    await problem.click();
    await page.locator('[data-testid=inspector-node][data-node-id="mnist"]').waitFor();
    // The inspector shows the host's problem on the field at fault.
    await byId('field-error-path').filter({ hasText: /outside the workspace/ }).waitFor();
    await shot('09-run-refused');
  });

  scenario('opens a broken file read-only, with its problems shown and its text kept', async () => {
    await showView('explorer');
    await byId('workspace-file-broken.fedflow.json').click();
    await byId('raw-view').waitFor();
    // The tab keeps the text exactly, and shows it line by line (a gutter with each line's number).
    const kept = await page.evaluate(() => {
      const s = (globalThis as unknown as Win).fedflowStudio.documents.getState();
      const t = s.tabs.find((x) => x.key === s.activeKey);
      return { rawText: t?.rawText, doc: t?.doc };
    });
    assert.equal(kept.rawText, BROKEN_TEXT);
    assert.equal(kept.doc, null);
    const shownLines = await byId('raw-text')
      .locator(':scope > *')
      .evaluateAll((els) => els.map((el) => (el.textContent ?? '').replace(/^\d+/, '')));
    assert.deepEqual(
      shownLines.map((l) => (l === ' ' ? '' : l)),
      BROKEN_TEXT.split('\n'),
    );
    await byId('raw-banner').waitFor();
    await waitForToast(/could not be opened as a pipeline/, 'error');
    const list = byId('problems-list');
    await list.waitFor();
    const count = Number(await list.getAttribute('data-count'));
    assert.ok(count >= 1, `the broken file shows ${count} problems`);
    const first = (await byId('problem-0').textContent()) ?? '';
    assert.match(first, /JSON|line|unexpected|end/i, `the problem should say why the file cannot be read: "${first}"`);
    // Its text is kept as it was, and the file on disk is untouched.
    assert.equal(readFileSync(join(workspace, 'broken.fedflow.json'), 'utf8'), BROKEN_TEXT);
    await shot('10-broken-file');
  });

  scenario('a run on simulated devices: speeds on the client node, metrics against simulated time, its duration in lesson mode', async () => {
    await showView('explorer');
    await byId(`workspace-file-${DEVICES_NAME}`).click();
    await page.locator(`[data-testid^="tab-doc"][data-name="${DEVICES_NAME}"]`).waitFor();
    await byId('node-clients').waitFor();
    await waitUntil(async () => (await errorCount()) === 0, 'the status bar counts no errors');
    await byId('run-button').click();
    await waitForAttribute('status-run', 'data-status', 'finished', RUN_TIMEOUT);
    const clocks = await page.evaluate(() =>
      (globalThis as unknown as Win).fedflowStudio.runs.getState().federations.fedavg!.records.map((r) => r.clock),
    );
    assert.equal(clocks.length, 3);
    for (const [i, c] of clocks.entries()) assert.ok(typeof c === 'number' && c > 0 && (i === 0 || c > clocks[i - 1]!), `clock ${c} of round ${i + 1}`);
    // Differential privacy: the aggregator shows the ε spent, the Metrics panel draws it per round.
    await byId('node-epsilon-fedavg').filter({ hasText: /^ε [\d.]+ at δ 1e-5$/ }).waitFor();
    await byId('metrics-chart-epsilon').locator('svg polyline').first().waitFor();
    // …and previews the last round's update norms (before the server clipped them) against the clip norm C.
    assert.match((await byId('preview-clip-norms-fedavg').getAttribute('title')) ?? '', /^Round 3: \d+ of \d+ update norms? within the clip norm C = /);

    // The client node shows its group's simulated speeds as a histogram, the spread in its tooltip.
    const speeds = byId('preview-speeds-clients');
    await speeds.waitFor();
    assert.match((await speeds.getAttribute('title')) ?? '', /^Simulated speeds? of the 5 clients.* steps\/s/);
    assert.ok((await speeds.locator('rect').count()) >= 1, 'the histogram draws its bins');
    await byId('node-clients').screenshot({ path: join(ARTIFACTS, '11-client-speeds.png') });

    // The toggle appears with the clock; Simulated time re-plots every chart on the shared time axis.
    const chart = byId('metrics-chart-accuracy');
    const xs = async () =>
      (await chart.locator('svg polyline').first().getAttribute('points'))!.trim().split(/\s+/).map((p) => Number(p.split(',')[0]));
    const byRound = await xs();
    await byId('metrics-axis-time').click();
    await byId('metrics-chart-accuracy-x-label').filter({ hasText: 'simulated time (s)' }).waitFor();
    await byId('metrics-chart-loss-x-label').filter({ hasText: 'simulated time (s)' }).waitFor();
    assert.equal(await byId('metrics-axis-time').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.view.getState().metricsAxis), 'time');
    const byTime = await xs();
    assert.equal(byTime.length, 3, 'one point per round on the time axis too');
    assert.ok(byTime[0]! < byTime[1]! && byTime[1]! < byTime[2]!, `the points go left to right: ${byTime}`);
    assert.notDeepEqual(byTime, byRound, 'the points moved to their simulated times');
    await shot('12-simulated-time');
    await byId('metrics-axis-rounds').click();
    await byId('metrics-chart-accuracy-x-label').filter({ hasText: /^round$/ }).waitFor();

    // Lesson mode tells the last round's simulated duration.
    await byId('lesson-toggle').click();
    const explanation = byId('lesson-explanation');
    await explanation.filter({ hasText: /Round 3 of 3/ }).waitFor();
    assert.match((await explanation.textContent()) ?? '', /The round lasted [\d.]+ s of simulated time \([\d.]+ s since the run began\)/);
    await byId('lesson-toggle').click();
    await waitForAttribute('workbench', 'data-lesson', 'false');
  }, 240_000);

  scenario("two windows keep their own unsaved documents; a closed window's are offered to the next one", async () => {
    /** Opens the studio in another window of the same browser profile (shared origin and Web Locks). */
    const openWindow = async () => {
      const other = await page.context().newPage();
      other.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
      await other.goto(studioUrl);
      await other.getByTestId('workbench').waitFor();
      return other;
    };
    const doc = await activeDoc();
    assert.ok(doc, 'a document is open');
    /** Opens an unsaved copy of the first window's document, named `name`, in the window `p`. */
    const unsavedDocument = (p: Page, name: string) =>
      p.evaluate(
        ([d, n]) => (globalThis as unknown as Win).fedflowStudio.documents.getState().openDocument({ name: n, path: null, doc: { ...d, name: n }, unsaved: true }),
        [doc, name] as const,
      );
    /** The names of the documents the host keeps for recovery, per window slot. */
    const kept = () => {
      const file = readdirSync(join(tmp, 'state')).find((f) => /^recovery-.*\.json$/.test(f));
      if (!file) return [] as string[][];
      const value = JSON.parse(readFileSync(join(tmp, 'state', file), 'utf8')) as { slots?: { documents: { name: string }[] }[] };
      return (value.slots ?? []).map((slot) => slot.documents.map((d) => d.name).sort());
    };
    const keeps = (name: string) => kept().some((names) => names.includes(name));

    await unsavedDocument(page, 'Window one');
    const second = await openWindow();
    await unsavedDocument(second, 'Window two');
    await waitUntil(async () => keeps('Window one') && keeps('Window two'), 'both windows’ documents are kept');
    assert.ok(!kept().some((names) => names.includes('Window one') && names.includes('Window two')), 'in separate slots');

    // The second window closes with its document unsaved; the next window is offered it, not the first's.
    await second.close();
    const third = await openWindow();
    const banner = third.getByTestId('recovery-banner');
    await banner.filter({ hasText: /“Window two” was not saved in a window that has closed/ }).waitFor();
    await third.getByTestId('recovery-restore').click();
    await banner.waitFor({ state: 'detached' });
    const names = await third.evaluate(() => (globalThis as unknown as Win).fedflowStudio.documents.getState().tabs.map((t) => t.name));
    assert.deepEqual(names, ['Window two']);
    await third.close();
    assert.ok(keeps('Window one'), 'the first window’s document was left alone');
  });

  /** Opens the MNIST template as a tiny run: 300 digits, 3 clients, `rounds` rounds, this learning rate. */
  async function tinyTemplateRun(rounds: number, learningRate: number): Promise<void> {
    await showView('templates');
    const tabs = await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.documents.getState().tabs.length);
    await byId('template-mnist-fedavg').click();
    // The template's own new tab is the active one (another open document may have the same node ids).
    await page.waitForFunction((n) => {
      const s = (globalThis as unknown as Win).fedflowStudio.documents.getState();
      return s.tabs.length === n + 1 && s.tabs.find((t) => t.key === s.activeKey)?.doc?.name === 'MNIST with FedAvg';
    }, tabs);
    await byId('node-fedavg').waitFor();
    await page.evaluate(
      ([r, lr]) => {
        const docs = (globalThis as unknown as Win).fedflowStudio.documents.getState();
        docs.setParam('mnist', 'trainSize', 300);
        docs.setParam('mnist', 'testSize', 60);
        docs.setParam('split', 'numClients', 3);
        docs.setParam('mlp', 'hidden', [16]);
        docs.setParam('fedavg', 'rounds', r);
        docs.setParam('clients', 'learningRate', lr);
      },
      [rounds, learningRate] as const,
    );
    await waitUntil(async () => (await errorCount()) === 0, 'the status bar counts no errors');
  }

  /** Clicks Run and waits for this new run to finish; resolves with its id. */
  async function runToEnd(): Promise<string> {
    const before = await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.runs.getState().runId);
    await byId('run-button').click();
    const id = await page.waitForFunction(
      (prev) => {
        const s = (globalThis as unknown as Win).fedflowStudio.runs.getState();
        return s.runId !== prev && s.status === 'finished' ? s.runId : null;
      },
      before,
      { timeout: RUN_TIMEOUT },
    );
    return (await id.jsonValue()) as string;
  }

  scenario('run history: two runs with different learning rates, a reload, then Compare shows the setting that differs and both curves', async () => {
    await tinyTemplateRun(2, 0.05);
    const first = await runToEnd();
    await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.documents.getState().setParam('clients', 'learningRate', 0.3));
    const second = await runToEnd();
    assert.notEqual(first, second);

    // A reload forgets the page's runs; the Runs view reads them back from the host's run store, newest first.
    await page.reload();
    await byId('workbench').waitFor();
    await showView('runs');
    await byId(`run-${second}`).waitFor();
    await waitForAttribute(`run-${first}`, 'data-status', 'finished');
    const order = await byId('runs-list').locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-testid')));
    assert.ok(order.indexOf(`run-${second}`) < order.indexOf(`run-${first}`), `newest first: ${order}`);
    assert.match((await byId(`run-figures-${first}`).textContent()) ?? '', /^2\/2 rounds · \d+\.\d% · /);
    // The filter narrows the list to one run by its id.
    await byId('runs-filter').fill(first.slice(-6));
    await byId(`run-${second}`).waitFor({ state: 'detached' });
    await byId('runs-filter').fill('');
    await byId(`run-${second}`).waitFor();

    // Tick both and compare: the learning rate by node and param path, a value per run, and one line per run.
    await byId(`run-select-${first}`).check();
    await byId(`run-select-${second}`).check();
    await byId('runs-compare').click();
    await byId('compare-panel').waitFor();
    const row = byId('compare-difference-clients:params.learningRate');
    await row.waitFor();
    assert.deepEqual(await row.locator('td').allTextContents(), ['clients · params.learningRate', '0.05', '0.3']);
    await byId(`compare-final-${first}-fedavg`).waitFor();
    await byId(`compare-final-${second}-fedavg`).waitFor();
    const lines = byId('compare-chart-accuracy').locator('svg polyline');
    await waitUntil(async () => (await lines.count()) === 2, 'the accuracy chart draws both runs');
    for (const points of await lines.evaluateAll((ps) => ps.map((p) => (p.getAttribute('points') ?? '').trim().split(/\s+/).length))) {
      assert.equal(points, 2, 'one point per round');
    }
    await shot('20-runs-compare');

    // Opening a run shows its document read-only and its charts in Metrics, redrawn from its event log.
    await byId(`run-open-${first}`).click();
    await waitForAttribute('readonly-banner', 'data-run-id', first);
    const lr = await page.evaluate(() => {
      const s = (globalThis as unknown as Win).fedflowStudio.documents.getState();
      s.setParam('clients', 'learningRate', 9);
      return s.tabs.find((t) => t.key === s.activeKey)?.doc?.nodes.find((n) => n.id === 'clients')?.params.learningRate;
    });
    assert.equal(lr, 0.05, 'the run’s document refuses edits');
    await byId('metrics-chart-accuracy').locator('svg polyline').first().waitFor();
    assert.equal(await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.runs.getState().federations.fedavg?.accuracy.length), 2);

    // Delete asks first; the run leaves the list.
    await byId(`run-delete-${second}`).click();
    await byId('runs-delete-confirm').waitFor();
    await byId('quick-item-delete').click();
    await byId(`run-${second}`).waitFor({ state: 'detached' });
    assert.equal(existsSync(join(workspace, 'runs', second)), false, 'its folder is gone');
  }, 300_000);

  scenario('a reload mid-run shows the run live, not Ready; Run starts no second run, and Resume finishes it here', async () => {
    await tinyTemplateRun(2, 0.1);
    const before = await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.runs.getState().runId);
    await byId('step-button').click();
    await page.waitForFunction(
      (prev) => {
        const s = (globalThis as unknown as Win).fedflowStudio.runs.getState();
        return s.runId !== prev && (s.federations.fedavg?.accuracy.length ?? 0) >= 1;
      },
      before,
      { timeout: RUN_TIMEOUT },
    );
    const runId = await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.runs.getState().runId);

    await page.reload();
    await byId('workbench').waitFor();
    await waitForAttribute('status-run', 'data-status', 'running');
    await waitForAttribute('status-run', 'data-paused', 'true');
    assert.equal(await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.runs.getState().runId), runId);
    await showView('runs');
    await byId('runs-federation-fedavg').filter({ hasText: 'round 1/2' }).waitFor();
    await waitForAttribute('readonly-banner', 'data-run-id', runId!);
    assert.equal(await byId('editor-area').getByTestId('run-button').isDisabled(), true, 'Run cannot start a second run beside it');
    await shot('21-reattached');

    await byId('editor-area').getByTestId('pause-button').filter({ hasText: /Resume/ }).click();
    await waitForAttribute('status-run', 'data-status', 'finished', RUN_TIMEOUT);
    const rounds = await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.runs.getState().federations.fedavg!.accuracy.map((p) => p.round));
    assert.deepEqual(rounds, [1, 2], 'round 1 from the host’s log, round 2 live, none twice');
  }, 240_000);

  it('raised no uncaught error in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
