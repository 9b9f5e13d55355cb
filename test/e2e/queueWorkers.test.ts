/**
 * The workbench on a studio that trains through Redis (`fedflow studio --redis`), end to end: the status
 * bar counts the `fedflow worker` processes registered, a run pressed in the page trains its clients on
 * them (the worker's jobs-done count climbs), and a studio without workers says so as a warning.
 * Starts its own redis-server, studio and worker; fails, saying so, where redis-server or Chromium is missing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Child, requireRedisServer, startRedis, startWorker } from '../../bench/redisProcesses.js';
import type { DocumentsStore } from '../../renderer/src/store/documentsStore.js';
import type { RunStore } from '../../renderer/src/store/runStore.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CHROMIUM = process.env.FEDFLOW_CHROMIUM || '/usr/bin/chromium';
type Win = { fedflowStudio: { documents: DocumentsStore; runs: RunStore } };

describe('the workbench on a Redis queue (studio --redis, one fedflow worker, Chromium)', { timeout: 240_000 }, () => {
  let tmp: string;
  let redis: Child;
  let studio: Child;
  let worker: Child | undefined;
  let redisUrl: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const byId = (id: string) => page.getByTestId(id);

  before(async () => {
    requireRedisServer();
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install chromium (or set FEDFLOW_CHROMIUM).`);
    tmp = mkdtempSync(join(tmpdir(), 'fedflow-e2e-queue-'));
    mkdirSync(join(tmp, 'state'));
    const started = await startRedis();
    redis = started.server;
    redisUrl = started.url;
    const proc = spawn(process.execPath, ['bin/fedflow.js', 'studio', '--port', '0', '--dir', tmp, '--redis', started.url, '--worker-timeout', '60'], {
      cwd: ROOT,
      env: { ...process.env, FEDFLOW_STATE_DIR: join(tmp, 'state') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    studio = new Child(proc, 'fedflow studio');
    const [url] = await studio.waitFor(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/);
    await studio.waitFor(/Runs train their clients on fedflow workers through redis:\/\/127\.0\.0\.1:\d+/);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
    await page.goto(url!);
    await byId('workbench').waitFor();
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await worker?.kill('SIGTERM');
    await studio?.kill('SIGTERM');
    await redis?.kill();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('warns while no worker is registered, then counts the one that starts', async () => {
    await page.locator('[data-testid=status-queue][data-state=none]').filter({ hasText: 'no queue workers' }).waitFor();
    worker = await startWorker(redisUrl, 'e2e-worker');
    await page.locator('[data-testid=status-queue][data-state=ok]').filter({ hasText: '1 queue worker' }).waitFor();
    assert.match((await byId('status-queue').getAttribute('title')) ?? '', /e2e-worker · wasm · 1 at once · 0 jobs done/);
  });

  it('a run pressed in the page trains its clients on the worker', async () => {
    await byId('activity-templates').click();
    await byId('template-mnist-fedavg').click();
    await byId('node-fedavg').waitFor();
    await page.evaluate(() => {
      const docs = (globalThis as unknown as Win).fedflowStudio.documents.getState();
      docs.setParam('mnist', 'trainSize', 300);
      docs.setParam('mnist', 'testSize', 60);
      docs.setParam('split', 'numClients', 3);
      docs.setParam('mlp', 'hidden', [16]);
      docs.setParam('fedavg', 'rounds', 2);
    });
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { disabled: boolean } | null } }).document.querySelector('[data-testid=run-button]')?.disabled === false);
    await byId('run-button').click();
    await page.locator('[data-testid=status-run][data-status=finished]').waitFor({ timeout: 150_000 });
    // 3 clients × 2 rounds went through the queue; the worker's registry entry says so on the next refresh.
    await page.locator('[data-testid=status-queue]').and(page.locator('[title*="6 jobs done"]')).waitFor({ timeout: 30_000 });
    const accuracy = await page.evaluate(() => (globalThis as unknown as Win).fedflowStudio.runs.getState().federations.fedavg!.accuracy.length);
    assert.equal(accuracy, 2, 'both rounds were evaluated');
  });

  it('raised no uncaught error in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
