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
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { PipelineDocument } from '../../engine/format/pipeline.js';
import { federation } from '../engine/run/pipelines.js';
import { fedflowProcess, hospitalsPipeline, type Process } from '../engine/remote/federationProcesses.js';
import type { DocumentsStore } from '../../renderer/src/store/documentsStore.js';
import type { RunStore } from '../../renderer/src/store/runStore.js';
import type { UiStore } from '../../renderer/src/ui/uiStore.js';
import type { DataChecksStore } from '../../renderer/src/store/dataChecks.js';
import type { ViewStore } from '../../renderer/src/store/viewStore.js';
import { startStudio, type StudioProcess } from './studioProcess.js';

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
  ui: UiStore;
  dataChecks: DataChecksStore;
}
/** The page's global object, as the functions evaluated in the page see it. */
type Win = { fedflowStudio: Studio };
/** The page's computed styles (this file is compiled without the DOM's types). */
type Styled = { getComputedStyle(el: unknown): { transform: string; fontSize: string } };

/** The broken file in the workspace, kept as its text must be shown. */
const BROKEN_TEXT = '{\n  "format": "fedflow/pipeline@1",\n  "name": "Broken",\n  "nodes": [\n';
const SAVED_NAME = 'e2e-pipeline.fedflow.json';
/** A valid pipeline whose data lies outside the workspace: only the host can refuse it, naming node and field. */
const OUTSIDE_NAME = 'outside-data.fedflow.json';
const PIPELINE_NAME = 'MNIST, 5 IID clients, FedAvg';
/** A small run on simulated phones with an 8 s deadline: its records carry the simulated clock. */
const DEVICES_NAME = 'simulated-phones.fedflow.json';
const POISONED_NAME = 'poisoned.fedflow.json';
/** The hospitals template with a `remote` split of 2 clients, 2 rounds: what Run → Serve serves. */
const SERVED_NAME = 'served-hospitals.fedflow.json';

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
let host: StudioProcess | undefined;
let browser: Browser | undefined;
let page: Page;
/** The studio's address with its session token. */
let studioUrl: string;
const pageErrors: string[] = [];

/** A port free just now, for the Serve dialog to ask for. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
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
        e.message += `${errors}\nScreenshot: test-artifacts/e2e/failed-${slug}.png\nWeb host output:\n${(host?.output() ?? '').slice(-3000)}`;
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

/**
 * A small federation under attack (500 digits, 4 clients, the last sending its update reversed ×4, 2 rounds)
 * feeding FedMedian, beside a FedAvg of the honest clients only: the Defences table's two rows.
 */
function poisonedDocument(): PipelineDocument {
  const doc = federation({
    dataset: { source: 'mnist', trainSize: 500, testSize: 100 },
    clients: [{ clients: '0-2' }, { clients: '3', behaviour: 'sign-flip', attackScale: 4 }],
    aggregator: { strategy: 'FedMedian', rounds: 2 },
  });
  doc.nodes.forEach((n, i) => (n.position = { x: 220 * i, y: 0 }));
  doc.nodes.push(
    { id: 'honest-only', kind: 'aggregator', label: 'Honest only', position: { x: 1100, y: 200 }, params: { strategy: 'FedAvg', rounds: 2 } },
    { id: 'eval-honest', kind: 'evaluate', position: { x: 1320, y: 200 }, params: { federated: false } },
  );
  doc.edges.push(
    { id: 'e-honest-only', source: 'clients0', sourceHandle: 'updates', target: 'honest-only', targetHandle: 'updates' },
    { id: 'e-eval-honest', source: 'honest-only', sourceHandle: 'global', target: 'eval-honest', targetHandle: 'global' },
  );
  return { ...doc, name: 'Poisoned' };
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
    writeFileSync(join(workspace, POISONED_NAME), JSON.stringify(poisonedDocument(), null, 2));
    hospitalsPipeline(workspace, SERVED_NAME.replace('.fedflow.json', ''), { method: 'remote', numClients: 2 }, 2);
    host = await startStudio(workspace, join(tmp, 'state'));
    const url = host.url;
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
    await host?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  scenario('builds a pipeline by dragging nodes from the palette and connecting their handles', async () => {
    await byId('welcome-new').click();
    const canvas = byId('canvas');
    await canvas.waitFor();
    // A new pipeline opens with guidance, not a red error; Run is off and says why.
    await byId('canvas-empty').filter({ hasText: 'Start from a template' }).waitFor();
    assert.equal(await errorCount(), 0, 'an empty pipeline shows no error');
    assert.equal(await byId('run-button').isDisabled(), true);
    assert.match((await byId('run-button').getAttribute('title')) ?? '', /^Cannot run yet: Nothing to run/);
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
    // Wired up with the palette's defaults, nothing is left to fix: no node is invalid, and no warning either.
    for (const id of Object.values(IDS)) await waitForAttribute(`node-${id}`, 'data-invalid', 'false');
    await byId('canvas-empty').waitFor({ state: 'detached' });
    // Before any run the model node says its size: the MLP 784-128-64-10 on MNIST.
    await byId(`preview-model-size-${IDS.model}`).filter({ hasText: '109,386 weights · 438 kB per update' }).waitFor();
    await waitUntil(async () => (await byId('status-problems').textContent())?.replace(/\s+/g, ' ').trim() === '0 0', 'the status bar counts no error and no warning');
    assert.equal(await byId('run-button').isDisabled(), false);

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

    // Every param says what it does, under the field, from the engine's schema.
    await byId('field-help-learningRate').filter({ hasText: /./ }).waitFor();
    await byId('field-help-proximalMu').filter({ hasText: /FedProx/ }).waitFor();
    // Momentum is hidden with plain SGD (the run ignores it) and shows once the optimizer uses it.
    assert.equal(await byId('field-momentum').count(), 0);
    await byId('inspector-hidden-fields').filter({ hasText: /settings are hidden/ }).waitFor();
    await byId('field-optimizer').selectOption('momentum');
    await byId('field-momentum').waitFor();
    await byId('field-optimizer').selectOption('sgd');
    await byId('field-momentum').waitFor({ state: 'detached' });
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
    // From round 1 the status bar estimates the time the other two rounds will take.
    await byId('status-run').filter({ hasText: /round .*1\/3 · about [\d.]+ (s|min) left/ }).waitFor();

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

  scenario('on a 1280×720 screen with every panel open a template opens at a readable zoom, its data flow start in view', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    try {
      await showView('templates');
      await byId('template-iid-vs-noniid').click();
      await page.waitForFunction(() => {
        const s = (globalThis as unknown as Win).fedflowStudio.documents.getState();
        return s.tabs.find((t) => t.key === s.activeKey)?.doc?.name.startsWith('IID vs non-IID') ?? false;
      });
      const doc = (await activeDoc())!;
      const first = doc.nodes.filter((n) => n.kind === 'dataset')[0];
      // The opening view is set once the cards are measured: wait for it to settle on a readable scale.
      const scale = async () => {
        const t = await page.locator('.react-flow__viewport').evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).transform);
        const m = /matrix\(([-\d.e]+)/.exec(t);
        return m ? Number(m[1]) : 1;
      };
      await waitUntil(async () => (await scale()) >= 0.75, 'the canvas is at a readable zoom');
      const canvas = (await byId('canvas').boundingBox())!;
      const card = (await byId(`node-${first.id}`).boundingBox())!;
      assert.ok(card.x >= canvas.x && card.y >= canvas.y && card.x + card.width <= canvas.x + canvas.width, `the dataset card ${JSON.stringify(card)} is inside the canvas ${JSON.stringify(canvas)}`);
      const titleSize = await byId(`node-${first.id}`).evaluate((el) => parseFloat((globalThis as unknown as Styled).getComputedStyle(el).fontSize));
      assert.ok(titleSize * (await scale()) >= 8, `node text is ${titleSize * (await scale())} px on screen`);
      await shot('09-template-1280x720');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  scenario('presentation mode at 1280×720: panels folded, canvas and lesson side by side in large type, accuracy charted large', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    try {
      await byId('presentation-toggle').click();
      await waitForAttribute('workbench', 'data-presentation', 'true');
      for (const gone of ['activity-bar', 'side-bar', 'bottom-panel', 'inspector', 'palette']) assert.equal(await byId(gone).isVisible(), false, `${gone} is folded away`);
      const canvas = (await byId('canvas').boundingBox())!;
      const lesson = (await byId('lesson-panel').boundingBox())!;
      assert.ok(lesson.x >= canvas.x + canvas.width - 2, 'the lesson stands beside the canvas');
      assert.ok(canvas.width >= 600 && lesson.width >= 380, `both have room: canvas ${canvas.width}, lesson ${lesson.width}`);
      const noteSize = await byId('lesson-note').evaluate((el) => parseFloat((globalThis as unknown as Styled).getComputedStyle(el).fontSize));
      assert.ok(noteSize >= 18, `the lesson's text is large: ${noteSize}px`);
      await waitUntil(
        async () => /scale\(1\.2\)|matrix\(1\.2,/.test(await page.locator('.react-flow__viewport').evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).transform)),
        'the canvas opens at the projector zoom (120%)',
      );
      // One round, explained, with the accuracy chart filling in under the lesson.
      await byId('lesson-step').click();
      await byId('lesson-explanation').filter({ hasText: /Round 1 of/ }).waitFor({ timeout: RUN_TIMEOUT });
      // It says what ‖Δ‖ is, and the whole explanation is on screen, not cut off.
      await byId('lesson-glossary').filter({ hasText: /how far a client moved the model/ }).waitFor();
      const explained = await byId('lesson-explanation').evaluate((el) => ({ scroll: (el as unknown as { scrollHeight: number }).scrollHeight, client: (el as unknown as { clientHeight: number }).clientHeight }));
      assert.ok(explained.scroll <= explained.client + 1, `the explanation is cut off: ${JSON.stringify(explained)}`);
      // …nor clipped by the panel around it: the lesson's body holds all it shows.
      const body = await page.locator('[data-testid="lesson-panel"] .lesson-body').evaluate((el) => ({ scroll: (el as unknown as { scrollHeight: number }).scrollHeight, client: (el as unknown as { clientHeight: number }).clientHeight }));
      assert.ok(body.scroll <= body.client + 1, `the lesson panel cuts its content off: ${JSON.stringify(body)}`);
      await byId('presentation-chart-accuracy').waitFor();
      await dismissToast();
      await shot('13-presentation-mid-lesson');
      if (process.env.FEDFLOW_UPDATE_DOCS_SCREENSHOTS === '1') await page.screenshot({ path: join(ROOT, 'docs', 'presentation-mode.png') });
      await byId('stop-button').click();
      await waitUntil(async () => !['running', 'starting'].includes((await byId('status-run').getAttribute('data-status')) ?? ''), 'the run stops');
      await byId('presentation-toggle').click();
      await waitForAttribute('workbench', 'data-presentation', 'false');
      await byId('activity-bar').waitFor();
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  }, 240_000);

  scenario('data the host would refuse is listed with its node and field in Problems before any run; clicking one selects the node', async () => {
    await showView('explorer');
    await byId(`workspace-file-${OUTSIDE_NAME}`).click();
    await page.locator(`[data-testid^="tab-doc"][data-name="${OUTSIDE_NAME}"]`).waitFor();
    await byId('node-mnist').waitFor();
    // The validator has nothing against it; the host's data check finds the data path outside the workspace,
    // so Run says why it cannot start before it is pressed.
    await page.locator('[data-testid=run-button][title*="outside the workspace"]').waitFor();
    assert.equal(await byId('run-button').isDisabled(), true);
    await byId('panel-tab-problems').click();
    const problem = byId('problem-0');
    await problem.waitFor();
    assert.equal(await problem.getAttribute('data-node-id'), 'mnist');
    assert.equal(await problem.getAttribute('data-field'), 'params.path');
    assert.match((await problem.textContent()) ?? '', /outside the workspace/);
    // The card is marked invalid, as for any other error.
    await waitForAttribute('node-mnist', 'data-invalid', 'true');
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

  scenario('charts: titled axes, a log loss scale, a heatmap legend, values on hover and focus, every chart as SVG (1440×900 and 1280×720)', async () => {
    // The simulated-phones run is the last one: finished, 3 rounds, with ε and a partition. Its own tab shows its previews.
    await page.locator(`[data-testid^="tab-doc"][data-name="${DEVICES_NAME}"]`).click();
    await byId('node-split').waitFor();
    await byId('panel-tab-metrics').click();
    await byId('metrics-chart-epsilon').locator('svg polyline').first().waitFor();
    const run = await page.evaluate(() => {
      const s = (globalThis as unknown as Win).fedflowStudio.runs.getState();
      const f = s.federations.fedavg!;
      return { label: f.label, accuracy: f.accuracy.map((p) => p.value), trainLoss: f.trainLoss.map((p) => p.value), counts: s.partitions.split!.labelCounts };
    });
    assert.equal(run.accuracy.length, 3);
    const svgText = async (chartId: string, testId: string) => {
      const download = page.waitForEvent('download');
      await byId(`${testId}-export`).click();
      const file = await download;
      assert.match(file.suggestedFilename(), new RegExp(`-${chartId}\\.svg$`));
      const text = readFileSync((await file.path())!, 'utf8');
      writeFileSync(join(ARTIFACTS, `13-${chartId}.svg`), text);
      return text;
    };
    /** The y tick values a line chart draws. */
    const yTicks = (testId: string) => byId(testId).locator('svg text[data-tick]').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-tick'))));
    /** Moves the pointer onto a line chart's last drawn point of its first line. */
    const hoverLastPoint = async (testId: string) => {
      const svg = byId(testId).locator('.chart-body svg');
      await svg.scrollIntoViewIfNeeded();
      const points = (await svg.locator('polyline').first().getAttribute('points'))!.trim().split(/\s+/);
      const [x, y] = points[points.length - 1]!.split(',').map(Number);
      const box = (await svg.boundingBox())!;
      await page.mouse.move(box.x + x!, box.y + y!);
    };

    const check = async (size: string) => {
      // Every axis names its quantity and unit.
      const titles: Array<[string, string]> = [
        ['metrics-chart-accuracy', 'test accuracy (%)'],
        ['metrics-chart-loss', 'loss (cross-entropy, nats)'],
        ['metrics-chart-clients', 'loss (cross-entropy, nats)'],
        ['metrics-chart-epsilon', 'ε spent (at the run’s δ)'],
      ];
      for (const [id, title] of titles) {
        await byId(`${id}-y-label`).filter({ hasText: title }).waitFor();
        await byId(`${id}-x-label`).filter({ hasText: /^round$/ }).waitFor();
        // Inside its chart, not cut off at this size.
        const label = (await byId(`${id}-y-label`).boundingBox())!;
        const chart = (await byId(id).locator('.chart-body svg').boundingBox())!;
        assert.ok(label.x >= chart.x && label.x + label.width <= chart.x + chart.width + 0.5, `${size}: the y title of ${id} fits its chart`);
      }
      await byId('metrics-chart-bytes-y-label').filter({ hasText: /^bytes per round \((B|kB|MB)\)$/ }).waitFor();

      // The loss charts go Linear | Log; the choice is view state and holds for both loss charts.
      const linearTicks = await yTicks('metrics-chart-loss');
      await byId('metrics-loss-scale-log').click();
      await waitForAttribute('metrics-chart-loss', 'data-y-scale', 'log');
      await waitForAttribute('metrics-chart-clients', 'data-y-scale', 'log');
      assert.equal(await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.view.getState().lossScale), 'log');
      await byId('metrics-chart-loss-y-label').filter({ hasText: 'loss (cross-entropy, nats), log scale' }).waitFor();
      const logTicks = await yTicks('metrics-chart-loss');
      assert.ok(logTicks.length >= 2, `${size}: the log axis has ticks: ${logTicks}`);
      for (const t of logTicks) {
        const mantissa = Number((t / 10 ** Math.floor(Math.log10(t) + 1e-9)).toPrecision(6));
        assert.ok(t > 0 && [1, 2, 5].includes(mantissa), `${size}: log tick ${t} is 1, 2 or 5 of a decade (linear ticks were ${linearTicks})`);
      }
      assert.equal(await byId('metrics-chart-loss').locator('svg polyline[points*="NaN"]').count(), 0);

      // Hover: the nearest point's series, round and value.
      await hoverLastPoint('metrics-chart-accuracy');
      const tip = byId('metrics-chart-accuracy-tooltip');
      await tip.filter({ hasText: run.label }).filter({ hasText: 'round: 3' }).filter({ hasText: `test accuracy (%): ${(run.accuracy[2]! * 100).toFixed(1)}%` }).waitFor();
      await page.mouse.move(0, 0);
      await tip.waitFor({ state: 'detached' });
      // Keyboard: focus starts on the last point of the first line (training loss); ← goes back a round.
      await byId('metrics-chart-loss').locator('.chart-body svg').focus();
      await page.keyboard.press('ArrowLeft');
      await byId('metrics-chart-loss-tooltip')
        .filter({ hasText: 'round: 2' })
        .filter({ hasText: `loss (cross-entropy, nats): ${Number(run.trainLoss[1]!.toPrecision(4))}` })
        .waitFor();
      await page.keyboard.press('Escape');
      await byId('metrics-chart-loss-tooltip').waitFor({ state: 'detached' });

      // The heatmap, full size and on the split node, has a colour legend from 0 to the largest count; hover names the cell.
      const max = Math.max(...run.counts.flat());
      await byId('metrics-heatmap-legend-max').filter({ hasText: `${max} examples (count)` }).waitFor();
      await byId('metrics-heatmap-axes').filter({ hasText: 'client ↓ · label →' }).waitFor();
      await byId('preview-heatmap-split-legend-max').filter({ hasText: String(max) }).waitFor();
      const cell = byId('metrics-heatmap').locator('svg rect').first();
      await cell.scrollIntoViewIfNeeded();
      await cell.hover();
      const total = run.counts[0]!.reduce((a, b) => a + b, 0);
      await byId('metrics-heatmap-tooltip').filter({ hasText: new RegExp(`^client 0, label \\S+: ${run.counts[0]![0]} of ${total} examples$`) }).waitFor();
      await page.mouse.move(0, 0);

      // Every chart downloads as SVG, its axis titles and legend in the file.
      const epsilon = await svgText('epsilon', 'metrics-chart-epsilon');
      assert.match(epsilon, /^<\?xml/);
      assert.ok(epsilon.includes('ε spent (at the run’s δ)') && epsilon.includes('Privacy spent') && epsilon.includes('round'), `${size}: the ε SVG has its title and axis titles`);
      const partition = await svgText('partition', 'metrics-chart-partition');
      assert.ok(partition.includes(`${max} examples (count)`) && partition.includes('client ↓ · label →'), `${size}: the heatmap SVG has its legend and axes`);
      const loss = await svgText('loss', 'metrics-chart-loss');
      assert.ok(loss.includes('loss (cross-entropy, nats), log scale') && loss.includes(run.label), `${size}: the loss SVG is the log chart with its legend`);

      await shot(`13-charts-${size.replace('×', 'x')}`);
      await byId('metrics-loss-scale-linear').click();
      await waitForAttribute('metrics-chart-loss', 'data-y-scale', 'linear');
    };
    await check('1440×900');
    await page.setViewportSize({ width: 1280, height: 720 });
    try {
      await check('1280×720');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
    // A histogram bar on a node names its count and range on hover (the client group's simulated speeds).
    const speeds = byId('preview-speeds-clients');
    await speeds.locator('rect:not([data-count="0"])').first().hover();
    await speeds.getByTestId('histogram-tooltip').filter({ hasText: /^\d+ clients? at [\d.]+k?–[\d.]+k? steps\/s$/ }).waitFor();
    await page.mouse.move(0, 0);
    await speeds.getByTestId('histogram-tooltip').waitFor({ state: 'detached' });

    // The command palette reaches every chart's export, the ε chart and the heatmap included.
    await page.keyboard.press('Control+Shift+p');
    await byId('command-palette-input').fill('chart as svg');
    for (const id of ['accuracy', 'loss', 'clients', 'bytes', 'epsilon', 'partition']) await byId(`quick-item-export.chart.${id}`).waitFor();
    await page.keyboard.press('Escape');
    await byId('command-palette').waitFor({ state: 'hidden' });
  });

  /** Card rectangles on the page by node id (the `node-<id>` cards). */
  const cardBoxes = () =>
    page.locator('[data-testid^="node-"][data-kind]').evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { id: (el.getAttribute('data-testid') ?? '').replace(/^node-/, ''), x: r.x, y: r.y, w: r.width, h: r.height };
      }),
    );
  type CardBox = Awaited<ReturnType<typeof cardBoxes>>[number];
  /** The pairs of cards that overlap on screen, as `a/b`. */
  const overlapping = (boxes: CardBox[]) =>
    boxes.flatMap((a, i) =>
      boxes.slice(i + 1).filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).map((b) => `${a.id}/${b.id}`),
    );
  /** Runs `fn` at a window size, then puts the default 1440×900 back. */
  const atSize = async (width: number, height: number, fn: () => Promise<void>) => {
    await page.setViewportSize({ width, height });
    try {
      await fn();
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  };
  /** The active tab's selected node ids. */
  const selectedNodes = () =>
    page.evaluate(() => {
      const { documents, view } = (globalThis as unknown as Win).fedflowStudio;
      return view.getState().selection[documents.getState().activeKey ?? '']?.nodes ?? [];
    });
  /** A point of the empty canvas (page coordinates), well clear of cards, edges, the minimap and the controls. */
  const emptySpot = () =>
    page.evaluate(() => {
      const d = (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): { x: number; y: number; width: number; height: number } } | null; elementFromPoint(x: number, y: number): { classList: { contains(c: string): boolean } } | null } }).document;
      const r = d.querySelector('[data-testid=canvas]')!.getBoundingClientRect();
      const pane = (x: number, y: number) => d.elementFromPoint(x, y)?.classList.contains('react-flow__pane') === true;
      for (let y = r.y + 16; y < r.y + r.height - 16; y += 16) {
        for (let x = r.x + 16; x < r.x + r.width - 16; x += 16) {
          if ([[0, 0], [-14, 0], [14, 0], [0, -14], [0, 14]].every(([dx, dy]) => pane(x + dx, y + dy))) return { x, y };
        }
      }
      throw new Error('no empty spot on the canvas');
    });
  /** Right-clicks (or clicks) the empty canvas. */
  const clickPane = async (button: 'left' | 'right' = 'right') => {
    const p = await emptySpot();
    await page.mouse.click(p.x, p.y, { button });
    return p;
  };
  /** Runs a command from the command palette by its id, typing its title. */
  const paletteCommand = async (title: string, id: string) => {
    await page.keyboard.press('Control+Shift+p');
    await byId('command-palette-input').fill(title);
    await byId(`quick-item-${id}`).click();
    await byId('command-palette').waitFor({ state: 'hidden' });
  };

  scenario('right-click menus on a node, an edge and the canvas run the commands; Escape closes them; no browser menu', async () => {
    // The document the last scenario left open: the MNIST template's nodes and edges.
    await hideSideBar();
    await page.evaluate(() => {
      const w = globalThis as unknown as { menuPrevented?: boolean; addEventListener(t: string, f: (e: { defaultPrevented: boolean }) => void): void };
      w.addEventListener('contextmenu', (e) => {
        w.menuPrevented = e.defaultPrevented;
      });
    });
    const browserMenuPrevented = () => page.evaluate(() => (globalThis as unknown as { menuPrevented?: boolean }).menuPrevented);
    const items = (menu: string) => byId(menu).locator('[role=menuitem]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('context-menu-item-', '')));
    const canvas = byId('canvas');

    for (const [width, height] of [[1440, 900], [1280, 720]] as const) {
      await atSize(width, height, async () => {
        const original = await activeText();
        // The canvas: add a node here, paste, arrange, snap, fit. Fit first, so its top-right corner is empty.
        await clickPane();
        await byId('context-menu-pane').waitFor();
        assert.equal(await browserMenuPrevented(), true, `the browser's own menu opened at ${width}×${height}`);
        assert.deepEqual(await items('context-menu-pane'), ['add-node-here', 'edit.paste', 'edit.selectAll', 'layout.arrange', 'layout.toggleSnapToGrid', 'view.fitView']);
        await byId('context-menu-item-view.fitView').click();
        await byId('context-menu-pane').waitFor({ state: 'detached' });
        // Near the canvas's right edge it opens leftwards, inside the canvas; Escape closes it.
        const frame = (await canvas.boundingBox())!;
        await page.mouse.click(frame.x + frame.width - 12, frame.y + 12, { button: 'right' });
        await byId('context-menu-pane').waitFor();
        const box = (await byId('context-menu-pane').boundingBox())!;
        assert.ok(box.x >= frame.x && box.x + box.width <= frame.x + frame.width && box.y + box.height <= frame.y + frame.height, `the menu ${JSON.stringify(box)} leaves the canvas ${JSON.stringify(frame)}`);
        await page.keyboard.press('Escape');
        await byId('context-menu-pane').waitFor({ state: 'detached' });
        // The keyboard works it too: the first entry has the focus, arrows move, Enter runs (here Select All).
        await clickPane();
        await byId('context-menu-pane').waitFor();
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await byId('context-menu-pane').waitFor({ state: 'detached' });
        await waitUntil(async () => (await selectedNodes()).length === (await activeDoc())!.nodes.length, 'Select All ran from the menu by keyboard');
        await clickPane('left');
        // "Add Node Here…" opens quick add where the menu was asked for.
        const at = await clickPane();
        await byId('context-menu-item-add-node-here').click();
        await byId('quick-add').waitFor();
        const quick = (await byId('quick-add').boundingBox())!;
        assert.ok(Math.abs(quick.x - at.x) < 2 && Math.abs(quick.y - at.y) < 2, `quick add opened at ${JSON.stringify(quick)}, asked at ${JSON.stringify(at)}`);
        await byId('quick-add-input').press('Escape');
        await byId('quick-add').waitFor({ state: 'detached' });

        // A node: it becomes the selection; its menu holds the node commands with their keys.
        await byId('node-label-clients').click({ button: 'right' });
        await byId('context-menu-node').waitFor();
        assert.equal(await browserMenuPrevented(), true);
        assert.deepEqual(await selectedNodes(), ['clients']);
        assert.deepEqual(await items('context-menu-node'), [
          'edit.rename', 'edit.duplicate', 'edit.copy', 'edit.cut', 'edit.disconnectAll', 'edit.selectUpstream', 'edit.selectDownstream', 'edit.delete',
        ]);
        assert.equal(await byId('context-menu-item-edit.rename').locator('kbd').textContent(), 'F2');
        await page.keyboard.press('Escape');
        await byId('context-menu-node').waitFor({ state: 'detached' });
        assert.equal(await activeText(), original, 'Escape changed the document');
        await byId('node-label-clients').click({ button: 'right' });
        await byId('context-menu-item-edit.selectUpstream').click();
        await waitUntil(async () => JSON.stringify(await selectedNodes()) === JSON.stringify(['mnist', 'split', 'mlp', 'clients']), 'everything feeding the clients is selected');
        // Disconnect All takes every edge of the node away, in one undo step.
        await byId('node-label-clients').click({ button: 'right' });
        await byId('context-menu-item-edit.disconnectAll').click();
        await waitUntil(async () => !(await activeDoc())!.edges.some((e) => e.source === 'clients' || e.target === 'clients'), 'the clients node has no edge left');
        await page.keyboard.press('Control+z');
        await waitUntil(async () => (await activeText()) === original, 'one undo puts the edges back');

        // An edge: its menu deletes the connection (and only it).
        const edge = (await activeDoc())!.edges.find((e) => e.source === 'clients' && e.target === 'fedavg')!;
        // Its middle (a straight edge's box is a line, which a locator click takes for invisible).
        const line = (await byId(`rf__edge-${edge.id}`).locator('.react-flow__edge-path').boundingBox())!;
        await page.mouse.click(line.x + line.width / 2, line.y + line.height / 2, { button: 'right' });
        await byId('context-menu-edge').waitFor();
        assert.equal(await browserMenuPrevented(), true);
        assert.equal(await byId('context-menu-item-edit.delete').locator('.context-menu-label').textContent(), 'Delete Connection');
        await byId('context-menu-item-edit.delete').click();
        await waitUntil(async () => !(await activeDoc())!.edges.some((e) => e.id === edge.id), 'the edge is deleted');
        assert.equal((await activeDoc())!.nodes.length, JSON.parse(original).nodes.length, 'no node went with it');
        await page.keyboard.press('Control+z');
        await waitUntil(async () => (await activeText()) === original, 'undo brings the edge back');
        await shot(`13-context-menu-${width}`);
      });
    }
  });

  scenario('F2 renames the selected node on its card: Enter is one undo step, Escape keeps the name', async () => {
    const original = await activeText();
    const label = byId('node-label-clients');
    const field = byId('node-rename-clients');
    const before = await label.textContent();
    await clickPane('left');
    await selectNode('clients');
    await byId('node-clients').click();
    await page.keyboard.press('F2');
    // The label becomes a field on the card, holding the name, all of it selected so typing replaces it.
    await field.waitFor();
    assert.equal(await field.inputValue(), before);
    await page.keyboard.type('Hospital clients');
    await page.keyboard.press('Enter');
    await field.waitFor({ state: 'detached' });
    await label.filter({ hasText: /^Hospital clients$/ }).waitFor();
    assert.equal((await activeDoc())!.nodes.find((n) => n.id === 'clients')!.label, 'Hospital clients');
    await byId('node-clients').click();
    await page.keyboard.press('Control+z');
    await waitUntil(async () => (await activeText()) === original, 'one undo takes the new name back');
    assert.equal(await label.textContent(), before);
    // Escape leaves it alone, keys typed there are the field's (Delete deletes no node); the node menu's Rename does the same.
    await byId('node-label-clients').click({ button: 'right' });
    await byId('context-menu-item-edit.rename').click();
    await field.waitFor();
    await page.keyboard.type('Not this');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Escape');
    await field.waitFor({ state: 'detached' });
    assert.equal(await activeText(), original);
    assert.equal(await label.textContent(), before);
  });

  scenario("a handle's tooltip names the port, its type and what may connect to it", async () => {
    assert.equal(await byId('handle-split-in-data').getAttribute('title'), "Data input (Dataset, required)\nTakes one connection, from a dataset's data.");
    assert.match((await byId('handle-fedavg-in-updates').getAttribute('title')) ?? '', /^Updates input \(Client updates, required\)\nTakes several connections, from a client's updates\.$/);
    assert.match((await byId('handle-split-out-clients').getAttribute('title')) ?? '', /^Clients output \(Client partition\)\nConnects to a client's clients\.$/);
  });

  scenario('Layout: Arrange Pipeline lays the nodes out left to right with no overlap, in one undo step (1440×900 and 1280×720)', async () => {
    const original = await activeText();
    const edgesRightwards = async () => {
      const boxes = new Map((await cardBoxes()).map((b) => [b.id, b]));
      return (await activeDoc())!.edges.filter((e) => {
        const s = boxes.get(e.source)!;
        const t = boxes.get(e.target)!;
        return s.x + s.w > t.x;
      });
    };
    for (const [width, height, how] of [[1440, 900, 'palette'], [1280, 720, 'menu']] as const) {
      await atSize(width, height, async () => {
        // Pile every node on one spot: the mess arranging must undo.
        await page.evaluate(() => {
          const { documents } = (globalThis as unknown as Win).fedflowStudio;
          const doc = documents.getState().tabs.find((t) => t.key === documents.getState().activeKey)!.doc!;
          documents.getState().moveNodes(Object.fromEntries(doc.nodes.map((n, i) => [n.id, { x: 200 + 6 * i, y: 150 + 4 * i }])));
        });
        const piled = await activeText();
        await waitUntil(async () => overlapping(await cardBoxes()).length > 0, 'the piled cards overlap');
        if (how === 'palette') await paletteCommand('layout: arrange pipeline', 'layout.arrange');
        else {
          await clickPane();
          await byId('context-menu-item-layout.arrange').click();
        }
        await waitUntil(async () => overlapping(await cardBoxes()).length === 0, `no two cards overlap at ${width}×${height}`);
        assert.deepEqual(await edgesRightwards(), [], 'every edge goes from left to right');
        // Notes go under the pipeline, out of its way.
        const boxes = await cardBoxes();
        const note = boxes.find((b) => b.id === 'note')!;
        for (const b of boxes.filter((x) => x.id !== 'note')) assert.ok(note.y >= b.y + b.h, `the note is not below ${b.id}`);
        // And the arranged pipeline is fitted in view.
        const frame = (await byId('canvas').boundingBox())!;
        await waitUntil(
          async () => (await cardBoxes()).every((b) => b.x >= frame.x && b.y >= frame.y && b.x + b.w <= frame.x + frame.width && b.y + b.h <= frame.y + frame.height),
          `every card is in view at ${width}×${height}`,
        );
        await shot(`14-arranged-${width}`);
        await clickPane('left');
        await page.keyboard.press('Control+z');
        await waitUntil(async () => (await activeText()) === piled, 'one undo puts the pile back');
        await page.keyboard.press('Control+z');
        await waitUntil(async () => (await activeText()) === original, 'and the next the original layout');
      });
    }
  });

  scenario('Snap to Grid: a dragged node lands on the 20 px grid; the setting is kept in the view store', async () => {
    const snapping = () => page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.view.getState().snapToGrid);
    assert.equal(await snapping(), false);
    await paletteCommand('toggle snap to grid', 'layout.toggleSnapToGrid');
    assert.equal(await snapping(), true);
    const start = (await activeDoc())!.nodes.find((n) => n.id === 'eval')!.position;
    const from = await centre(byId('node-label-eval'));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 20, from.y + 10, { steps: 4 });
    await page.mouse.move(from.x + 47, from.y + 33, { steps: 6 });
    await page.mouse.up();
    await waitUntil(async () => JSON.stringify((await activeDoc())!.nodes.find((n) => n.id === 'eval')!.position) !== JSON.stringify(start), 'the node moved');
    const moved = (await activeDoc())!.nodes.find((n) => n.id === 'eval')!.position;
    assert.ok(moved.x % 20 === 0 && moved.y % 20 === 0, `the node landed off the grid at ${JSON.stringify(moved)}`);
    // The canvas menu shows the setting, and turns it off again.
    await clickPane();
    assert.equal(await byId('context-menu-item-layout.toggleSnapToGrid').getAttribute('aria-checked'), 'true');
    await byId('context-menu-item-layout.toggleSnapToGrid').click();
    assert.equal(await snapping(), false);
    await page.keyboard.press('Control+z');
  });

  scenario("node cards keep their size during a run: a 20-client split's heatmap does not cover the model below it", async () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'templates', 'mnist-fedavg.fedflow.json'), 'utf8')) as PipelineDocument;
    const params = (id: string) => doc.nodes.find((n) => n.id === id)!.params as Record<string, unknown>;
    Object.assign(params('mnist'), { trainSize: 400, testSize: 100 });
    Object.assign(params('split'), { numClients: 20 });
    Object.assign(params('fedavg'), { rounds: 1 });
    await page.evaluate(
      (d) => (globalThis as unknown as Win).fedflowStudio.documents.getState().openDocument({ name: 'Crowded split', path: null, doc: d, unsaved: true }),
      { ...doc, name: 'Crowded split' },
    );
    await byId('node-split').waitFor();
    // The template's own layout (its note and model touch) is what it is; the run must add no overlap to it.
    const before = overlapping(await cardBoxes());
    assert.ok(!before.some((pair) => pair.split('/').includes('split')), `the split overlaps before the run: ${before}`);
    await waitUntil(async () => (await errorCount()) === 0, 'the status bar counts no errors');
    await byId('run-button').click();
    // During the run: the heatmap is on the card, and the card stays clear of the model under it.
    await byId('preview-heatmap-split').waitFor({ timeout: RUN_TIMEOUT });
    assert.deepEqual(overlapping(await cardBoxes()), before, 'a card grew over a neighbour during the run');
    await waitForAttribute('status-run', 'data-status', 'finished', RUN_TIMEOUT);
    await waitForAttribute('node-state-eval', 'data-state', 'done');
    await byId('preview-accuracy-eval').waitFor();
    assert.deepEqual(overlapping(await cardBoxes()), before, 'a card grew over a neighbour by the end of the run');
    // The card's preview is bounded; the full heatmap is one click away, in Metrics.
    await byId('preview-heatmap-split').click();
    await byId('metrics-heatmap').waitFor();
    await shot('15-run-cards-bounded');
  }, 240_000);

  scenario('a run under attack shows the Defences table in the Metrics panel, the same rows as the report', async () => {
    await showView('explorer');
    await byId(`workspace-file-${POISONED_NAME}`).click();
    await page.locator(`[data-testid^="tab-doc"][data-name="${POISONED_NAME}"]`).waitFor();
    await waitUntil(async () => (await errorCount()) === 0, 'the status bar counts no errors');
    await byId('run-button').click();
    await waitForAttribute('status-run', 'data-status', 'finished', RUN_TIMEOUT);
    const rows = byId('metrics-defences-row');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    assert.match((await rows.nth(0).textContent()) ?? '', /^aggFedMediansign-flip ×4: 1 of 4 clients\d+\.\d%\d+\.\d%[−+]\d+\.\d pts$/);
    assert.match((await rows.nth(1).textContent()) ?? '', /^Honest onlyFedAvgnone \(3 honest clients\).*reference$/);
    await byId('metrics-defences').screenshot({ path: join(ARTIFACTS, '13-defences.png') });
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

  scenario('a reload mid-run brings the tabs back without a recovery banner and shows the run live in its own tab; Run starts no second run, and Resume finishes it here', async () => {
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
    /** The editable tabs, in order, with what a reload must keep: name, file, unsaved or not; and the active and the run's tab. */
    const tabsNow = () =>
      page.evaluate(() => {
        const { documents, runs } = (globalThis as unknown as Win).fedflowStudio;
        const d = documents.getState();
        return {
          tabs: d.tabs
            .filter((t) => !t.readOnly)
            .map((t) => `${t.key} ${t.name} ${t.path ?? '(unsaved)'} ${JSON.stringify(t.doc) === JSON.stringify(t.savedDoc) ? 'clean' : 'edited'}`),
          active: d.activeKey,
          runTab: runs.getState().tabKey,
        };
      });
    const open = await tabsNow();
    assert.ok(open.tabs.length >= 3, `several tabs are open: ${open.tabs.join(', ')}`);

    await page.reload();
    await byId('workbench').waitFor();
    await waitForAttribute('status-run', 'data-status', 'running');
    await waitForAttribute('status-run', 'data-paused', 'true');
    assert.equal(await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.runs.getState().runId), runId);
    assert.deepEqual(await tabsNow(), open, 'the same tabs, the same one active, the run in the tab it was started from');
    // The banner may offer what closed windows left (an earlier scenario closed one), never this window's own tabs again.
    const offered = await page.evaluate(() => {
      const w = globalThis as unknown as Win & { sessionStorage: { getItem(k: string): string | null } };
      const slot = w.sessionStorage.getItem('fedflow-recovery-slot');
      return w.fedflowStudio.ui.getState().recoveryOffer.filter((d) => d.slot === slot).map((d) => d.name);
    });
    assert.deepEqual(offered, [], 'the restored tabs are not offered again');
    assert.equal(await byId('readonly-banner').count(), 0, 'no read-only copy of the run’s document beside its tab');
    await showView('runs');
    await byId('runs-federation-fedavg').filter({ hasText: 'round 1/2' }).waitFor();
    assert.equal(await byId('editor-area').getByTestId('run-button').isDisabled(), true, 'Run cannot start a second run beside it');
    await shot('21-reattached');

    await byId('editor-area').getByTestId('pause-button').filter({ hasText: /Resume/ }).click();
    await waitForAttribute('status-run', 'data-status', 'finished', RUN_TIMEOUT);
    const rounds = await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.runs.getState().federations.fedavg!.accuracy.map((p) => p.round));
    assert.deepEqual(rounds, [1, 2], 'round 1 from the host’s log, round 2 live, none twice');
  }, 240_000);

  scenario('a sweep of the learning rate over two values shows a table of two rows and a chart, and its runs in the Runs view', async () => {
    await tinyTemplateRun(1, 0.1);
    await byId('panel-tab-sweep').click();
    await byId('sweep-node-0').selectOption('clients');
    await byId('sweep-param-0').selectOption('learningRate');
    // A bad value is refused before any run, naming the node and field.
    await byId('sweep-values-0').fill('0.05, -1');
    await byId('sweep-start').click();
    assert.match((await byId('sweep-error').textContent()) ?? '', /clients params\.learningRate/);
    await byId('sweep-values-0').fill('0.05, 0.3');
    await byId('sweep-seeds').fill('1');
    assert.equal(await byId('sweep-size').textContent(), '2 × 1 seed = 2 runs');
    await byId('sweep-start').click();
    await waitForAttribute('sweep-progress', 'data-state', 'finished', RUN_TIMEOUT);
    const rows = byId('sweep-table-row');
    assert.equal(await rows.count(), 2);
    assert.match((await rows.nth(0).textContent()) ?? '', /^clients\.learningRate=0\.05.+\d+\.\d%1$/);
    assert.match((await rows.nth(1).textContent()) ?? '', /^clients\.learningRate=0\.3.+\d+\.\d%1$/);
    await byId('sweep-chart-series').locator('circle').nth(1).waitFor();
    assert.equal(await byId('sweep-chart-series').locator('circle').count(), 2, 'one point per swept value');
    await shot('22-sweep');
    await byId('sweep-chart').screenshot({ path: join(ARTIFACTS, '22-sweep-chart.png') });
    // Each point is a stored run.
    const ids = (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-runs') ?? ''))).flatMap((r) => r.split(' '));
    await showView('runs');
    for (const id of ids) await waitForAttribute(`run-${id}`, 'data-status', 'finished');
  }, 240_000);

  scenario('two tabs on one file at 1280×720: the later save asks; Reload shows the other tab’s change, Overwrite writes this one’s', async () => {
    const name = 'two-tabs.fedflow.json';
    const file = join(workspace, name);
    writeFileSync(file, JSON.stringify({ ...devicesDocument(), name: 'Two tabs' }, null, 2));
    const onDisk = () => (JSON.parse(readFileSync(file, 'utf8')) as PipelineDocument).description;
    /** Another tab of the same browser, at 1280×720, with the file open. */
    const openTab = async () => {
      const p = await page.context().newPage();
      p.setDefaultTimeout(UI_TIMEOUT);
      p.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
      await p.setViewportSize({ width: 1280, height: 720 });
      await p.goto(studioUrl);
      await p.getByTestId('workbench').waitFor();
      if (!(await p.getByTestId('explorer').isVisible())) await p.getByTestId('activity-explorer').click();
      await p.getByTestId(`workspace-file-${name}`).click();
      await p.locator(`[data-testid^="tab-doc"][data-name="${name}"][aria-selected="true"]`).waitFor();
      return p;
    };
    const setDescription = (p: Page, description: string) =>
      p.evaluate((d) => (globalThis as unknown as Win).fedflowStudio.documents.getState().setDocumentFields({ description: d }), description);
    const description = (p: Page) =>
      p.evaluate(() => {
        const s = (globalThis as unknown as Win).fedflowStudio.documents.getState();
        return s.tabs.find((t) => t.key === s.activeKey)?.doc?.description;
      });
    const save = async (p: Page) => p.keyboard.press('Control+s');
    const dialog = async (p: Page) => {
      await p.getByTestId('changed-on-disk-picker').waitFor();
      assert.equal(await p.getByTestId('changed-on-disk-picker-input').getAttribute('placeholder'), `${name} changed on disk since you opened it.`);
    };
    const a = await openTab();
    const b = await openTab();
    try {
      // B has unsaved edits when A saves (so a focus check in B could only mark its tab, never reload it).
      await setDescription(b, 'Edited in B');
      await setDescription(a, 'Saved by A');
      await save(a);
      await a.locator('[data-testid="toast"][data-level="info"]').filter({ hasText: `Saved ${name}.` }).waitFor();
      assert.equal(onDisk(), 'Saved by A');

      await save(b);
      await dialog(b);
      await b.screenshot({ path: join(ARTIFACTS, '23-changed-on-disk-1280x720.png') });
      await b.getByTestId('quick-item-reload').click();
      await b.waitForFunction(() => {
        const s = (globalThis as unknown as Win).fedflowStudio.documents.getState();
        return s.tabs.find((t) => t.key === s.activeKey)?.doc?.description === 'Saved by A';
      });
      assert.equal(await b.locator(`[data-testid^="tab-doc"][data-name="${name}"]`).getAttribute('data-dirty'), 'false');
      assert.equal(onDisk(), 'Saved by A', 'Reload wrote nothing');

      // Again, and this time B overwrites.
      await setDescription(b, 'Overwritten by B');
      await setDescription(a, 'Saved by A again');
      await save(a);
      await a.locator('[data-testid="toast"][data-level="info"]').filter({ hasText: `Saved ${name}.` }).waitFor();
      await waitUntil(async () => onDisk() === 'Saved by A again', 'A’s second save is on disk');
      await save(b);
      await dialog(b);
      await b.getByTestId('quick-item-overwrite').click();
      await b.locator('[data-testid="toast"][data-level="info"]').filter({ hasText: `Saved ${name} over the version on disk.` }).waitFor();
      assert.equal(onDisk(), 'Overwritten by B');
      assert.equal(await description(b), 'Overwritten by B');

      // A, clean since its save, reloads B's version quietly when its window comes back into focus.
      await a.evaluate(() => {
        const win = globalThis as unknown as { dispatchEvent(e: unknown): boolean; Event: new (type: string) => unknown };
        win.dispatchEvent(new win.Event('focus'));
      });
      await a.locator('[data-testid="toast"][data-level="info"]').filter({ hasText: `Reloaded ${name}: it changed on disk.` }).waitFor();
      assert.equal(await description(a), 'Overwritten by B');
    } finally {
      await a.close();
      await b.close();
    }
  });

  scenario('before any run: a natural split shows its heatmap, and a client range beyond its clients is an error on the field, in Problems and on Run', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    try {
      await showView('templates');
      const tabs = await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.documents.getState().tabs.length);
      await byId('template-hospitals-tabular').click();
      await page.waitForFunction((n) => (globalThis as unknown as Win).fedflowStudio.documents.getState().tabs.length === n + 1, tabs);
      await byId('node-split').waitFor();
      // Opened fresh, with no run: the host's check of its data draws the four hospitals × labels on the split.
      const preview = page.locator('[data-testid=preview-split-split][data-source=check]');
      await preview.waitFor();
      await byId('preview-heatmap-split').waitFor();
      const box = await preview.boundingBox();
      assert.ok(box && box.height <= 120, `the preview stays within its 120 px: ${box?.height}`);
      await shot('23-split-heatmap-before-run');

      // Hospitals 0 to 9 of a split that makes 4: only the data can tell, and the editor says so.
      await hideSideBar();
      await selectNode('clients');
      await setField('clients', '0-9');
      await waitForParam('clients', 'clients', '0-9');
      await byId('field-error-clients').filter({ hasText: /Client 9 does not exist/ }).waitFor();
      await byId('panel-tab-problems').click();
      const problem = page.locator('[data-testid^=problem-][data-node-id=clients][data-field="params.clients"]');
      await problem.waitFor();
      assert.match((await problem.textContent()) ?? '', /Client 9 does not exist/);
      await waitUntil(async () => (await errorCount()) === 1, 'the status bar counts the data error');
      await page.locator('[data-testid=run-button][title*="Client 9 does not exist"]').waitFor();
      assert.equal(await byId('run-button').isDisabled(), true);
      await waitForAttribute('node-clients', 'data-invalid', 'true');
      // The split is valid: its heatmap stays.
      await page.locator('[data-testid=preview-split-split][data-source=check]').waitFor();
      await shot('24-data-problem');

      // Back within the split's clients: the error goes, and Run can start.
      await setField('clients', '0-3');
      await byId('field-error-clients').waitFor({ state: 'detached' });
      await problem.waitFor({ state: 'detached' });
      await waitUntil(async () => (await errorCount()) === 0, 'the status bar counts no errors');
      await waitUntil(async () => !(await byId('run-button').isDisabled()), 'Run can start again');
      await page.locator('[data-testid=preview-split-split][data-source=check]').waitFor();
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  }, 120_000);

  scenario('lesson mode: a template\'s note is four steps; one round stepped moves the lesson on to "After round 1", the explanation in view (1280×720, then 1440×900)', async () => {
    await tinyTemplateRun(2, 0.1);
    const counter = byId('lesson-counter');
    /** The explanation is not cut off: nothing hidden inside it, and its bottom inside the lesson panel's box. */
    const explanationInView = async (size: string) => {
      const inner = await byId('lesson-explanation').evaluate((el) => ({ scroll: (el as unknown as { scrollHeight: number }).scrollHeight, client: (el as unknown as { clientHeight: number }).clientHeight }));
      assert.ok(inner.scroll <= inner.client + 1, `at ${size} the explanation is cut off: ${JSON.stringify(inner)}`);
      const box = (await byId('lesson-explanation').boundingBox())!;
      const panel = (await byId('lesson-panel').boundingBox())!;
      assert.ok(box.height > 0 && box.y >= panel.y && box.y + box.height <= panel.y + panel.height + 1, `at ${size} the explanation ${JSON.stringify(box)} leaves the panel ${JSON.stringify(panel)}`);
    };
    await page.setViewportSize({ width: 1280, height: 720 });
    try {
      await byId('lesson-toggle').click();
      await waitForAttribute('workbench', 'data-lesson', 'true');
      await counter.filter({ hasText: 'Step 1 of 4 · What to look at' }).waitFor();
      // Reading ahead: the step after says its moment has not come, and still shows its text.
      await byId('lesson-next').click();
      await counter.filter({ hasText: 'Step 2 of 4 · After round 1' }).waitFor();
      assert.equal(await byId('lesson-pending').textContent(), 'Step one round to see this.');
      assert.match((await byId('lesson-note').textContent()) ?? '', /Test accuracy/);
      await byId('lesson-prev').click();
      await counter.filter({ hasText: 'Step 1 of 4 · What to look at' }).waitFor();

      await byId('lesson-step').click();
      await byId('lesson-explanation').filter({ hasText: /Round 1 of 2/ }).waitFor({ timeout: RUN_TIMEOUT });
      await counter.filter({ hasText: 'Step 2 of 4 · After round 1' }).waitFor();
      assert.equal(await byId('lesson-pending').count(), 0, 'round 1 has come');
      assert.equal(await byId('lesson-note').getAttribute('data-node-id'), 'note');
      await explanationInView('1280×720');
      // Scrolled down to the explanation, the panel still shows where the lesson is and how to move on.
      const nav = (await byId('lesson-prev').boundingBox())!;
      const panel = (await byId('lesson-panel').boundingBox())!;
      const header = (await byId('lesson-panel').locator('.pane-header').boundingBox())!;
      assert.ok(nav.y >= header.y + header.height - 1 && nav.y + nav.height <= panel.y + panel.height, `Previous is out of view: ${JSON.stringify({ nav, header })}`);
      await shot('23-lesson-after-round-1');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
    // The last round finishes the run: the lesson moves on to "After the run".
    await byId('lesson-step').click();
    await counter.filter({ hasText: 'Step 3 of 4 · After the run' }).waitFor({ timeout: RUN_TIMEOUT });
    await waitForAttribute('status-run', 'data-status', 'finished', RUN_TIMEOUT);
    await byId('lesson-explanation').filter({ hasText: /Round 2 of 2/ }).waitFor();
    assert.equal(await byId('lesson-pending').count(), 0, 'the run has finished');
    await explanationInView('1440×900');
    await byId('lesson-toggle').click();
    await waitForAttribute('workbench', 'data-lesson', 'false');
  }, 240_000);

  scenario('every template opens with no card over another, its data checked and the split heatmaps drawn', async () => {
    const names = readdirSync(join(ROOT, 'templates'))
      .filter((f) => f.endsWith('.fedflow.json'))
      .map((f) => f.slice(0, -'.fedflow.json'.length));
    const crowded: string[] = [];
    for (const name of names) {
      await showView('templates');
      const tabs = await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.documents.getState().tabs.length);
      await byId(`template-${name}`).click();
      // Its data checked: the split cards then hold their heatmaps, the tallest they are before a run.
      await page.waitForFunction((n) => {
        const { documents, dataChecks } = (globalThis as unknown as Win).fedflowStudio;
        const d = documents.getState();
        const tab = d.tabs.find((t) => t.key === d.activeKey);
        return d.tabs.length === n + 1 && tab?.doc && dataChecks.getState().byTab[tab.key]?.doc === tab.doc && dataChecks.getState().byTab[tab.key]?.state === 'done';
      }, tabs);
      const splits = await page.evaluate(() => {
        const d = (globalThis as unknown as Win).fedflowStudio.documents.getState();
        return d.tabs.find((t) => t.key === d.activeKey)!.doc!.nodes.filter((n) => n.kind === 'split').map((n) => n.id);
      });
      for (const id of splits) await page.locator(`[data-testid=preview-split-${id}][data-source=check]`).waitFor();
      const over = overlapping(await cardBoxes());
      if (over.length > 0) crowded.push(`${name}: ${over.join(', ')}`);
    }
    assert.deepEqual(crowded, [], 'cards that cover one another when a template opens');
  }, 240_000);

  scenario('Run → Serve: the join link and its QR code, two fedflow join clients listed live in Federation, the run finishing (1280×720)', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const joins: Process[] = [];
    try {
      await showView('explorer');
      await byId(`workspace-file-${SERVED_NAME}`).click();
      await page.locator(`[data-testid^="tab-doc"][data-name="${SERVED_NAME}"]`).waitFor();
      await byId('node-clients').waitFor();
      await waitUntil(async () => (await errorCount()) === 0, 'the status bar counts no errors');
      await waitUntil(async () => !(await byId('serve-button').isDisabled()), 'Serve is offered for a remote split');
      await byId('serve-button').click();
      // The Serve dialog's defaults: any free port on loopback, no TLS; Enter serves.
      await byId('serve-dialog').waitFor();
      await byId('serve-port').press('Enter');
      await byId('federation-panel').waitFor();
      await waitForAttribute('federation-panel', 'data-serving', 'true');
      const joinUrl = await byId('federation-join-url').inputValue();
      assert.match(joinUrl, /^ws:\/\/127\.0\.0\.1:\d+\/join\?token=[\w-]{32}$/);
      assert.equal(await byId('federation-token').inputValue(), new URL(joinUrl).searchParams.get('token'));
      // The QR code is the browser page's link, what a phone in the room opens.
      const pageUrl = await byId('federation-page-url').inputValue();
      assert.match(pageUrl, /^http:\/\/127\.0\.0\.1:\d+\/join#token=/);
      await byId('federation-qr').waitFor();
      assert.equal(await byId('federation-qr').getAttribute('alt'), `QR code of the join link ${pageUrl}`);
      assert.match((await byId('federation-qr').getAttribute('src')) ?? '', /^data:image\/svg\+xml/);
      const qr = (await byId('federation-qr').boundingBox())!;
      assert.ok(qr.width >= 100 && qr.height >= 100 && qr.y + qr.height <= 720, `the QR code is in view and large enough to scan: ${JSON.stringify(qr)}`);

      // Each client holds its own rows, outside the workspace: the studio never reads them.
      const [header, ...lines] = readFileSync(join(workspace, 'hospitals.csv'), 'utf8').trimEnd().split('\n');
      for (const [i, name] of ['north', 'south'].entries()) {
        const file = join(tmp, `${name}.csv`);
        writeFileSync(file, [header, ...lines.slice(i * 150, i * 150 + 150)].join('\n') + '\n');
        joins.push(fedflowProcess(['join', joinUrl, '--data', file, '--name', name]));
        // The federation waits for both: with one in, the client node says so (the rounds then may be over in a blink).
        if (i === 0) await page.locator('[data-testid=node-joined-clients][data-joined="1"]').waitFor({ state: 'attached', timeout: RUN_TIMEOUT });
      }
      await page.locator('[data-testid^=federation-client-]').nth(1).waitFor({ timeout: RUN_TIMEOUT });
      const names = await page.locator('[data-testid^=federation-client-] td:nth-child(2)').allTextContents();
      assert.deepEqual(names.sort(), ['north', 'south']);
      assert.deepEqual(await page.locator('[data-testid^=federation-client-] td:nth-child(3)').allTextContents(), ['150', '150']);
      // fedflow join says its backend once it has one: the document's (wasm).
      await waitUntil(async () => (await page.locator('[data-testid^=federation-client-] td:nth-child(4)').allTextContents()).every((t) => t === 'wasm'), 'both clients are listed with their backend');
      await shot('24-federation-panel');
      await waitForAttribute('status-run', 'data-status', 'finished', RUN_TIMEOUT);
      // At the end they are done, not lost.
      await waitUntil(
        async () => (await page.locator('[data-testid^=federation-client-] td:nth-child(5)').allTextContents()).every((t) => t === 'done'),
        'both clients are listed as done once the federation ends',
      );
      assert.deepEqual(await Promise.all(joins.map((j) => j.exited)), [0, 0], joins.map((j) => j.stdout() + j.stderr()).join('\n'));
      await waitForAttribute('federation-panel', 'data-serving', 'false');
      assert.equal(await byId('federation-stop').isDisabled(), true, 'nothing is served any more');
      // The served run is a run like any: its rounds are in the run store, for Metrics.
      const rounds = await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.runs.getState().federations.fedavg!.records.length);
      assert.equal(rounds, 2);
    } finally {
      for (const j of joins) if (j.child.exitCode === null) j.child.kill();
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  }, 240_000);

  scenario("Run → Serve's dialog: Escape cancels, a bad field is named beside it, and the port asked is the links' port", async () => {
    await showView('explorer');
    await byId(`workspace-file-${SERVED_NAME}`).click();
    await page.locator(`[data-testid^="tab-doc"][data-name="${SERVED_NAME}"]`).waitFor();
    await waitUntil(async () => !(await byId('serve-button').isDisabled()), 'Serve is offered for a remote split');
    await byId('serve-button').click();
    await byId('serve-dialog').waitFor();
    await byId('serve-port').press('Escape');
    await byId('serve-dialog').waitFor({ state: 'detached' });
    const panel = byId('federation-panel');
    assert.ok((await panel.count()) === 0 || (await panel.getAttribute('data-serving')) === 'false', 'Escape served nothing');

    await byId('serve-button').click();
    // Every interface without TLS: the warning fedflow serve prints, before anything listens.
    await byId('serve-host').fill('0.0.0.0');
    await byId('serve-warning').filter({ hasText: /serving on 0\.0\.0\.0 without TLS/ }).waitFor();
    await shot('25-serve-dialog');
    await byId('serve-host').fill('127.0.0.1');
    await byId('serve-warning').waitFor({ state: 'detached' });
    // A certificate without its key: the host names the key field, and the dialog stays open to fix it.
    await byId('serve-tlsCert').fill(join(ROOT, 'test', 'engine', 'remote', 'tls', 'test-only-cert.pem'));
    await byId('serve-start').click();
    await byId('serve-tlsKey-error').filter({ hasText: /needs the key file too/ }).waitFor();
    await byId('serve-tlsCert').fill('');
    const port = await freePort();
    await byId('serve-port').fill(String(port));
    await byId('serve-port').press('Enter');
    await waitForAttribute('federation-panel', 'data-serving', 'true');
    await byId('serve-dialog').waitFor({ state: 'detached' });
    assert.equal(new URL(await byId('federation-join-url').inputValue()).port, String(port));
    assert.equal(new URL(await byId('federation-page-url').inputValue()).port, String(port));
    await byId('federation-listen').filter({ hasText: `Listening on 127.0.0.1:${port} · no TLS (ws://)` }).waitFor();
    await byId('federation-stop').click();
    await waitForAttribute('federation-panel', 'data-serving', 'false');
    // The dialog remembers what served last.
    await byId('serve-button').click();
    await waitUntil(async () => (await byId('serve-port').inputValue()) === String(port), 'the dialog offers the port that served last');
    await byId('serve-cancel').click();
    await byId('serve-dialog').waitFor({ state: 'detached' });
  }, 120_000);

  it('raised no uncaught error in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
