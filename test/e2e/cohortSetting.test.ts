/**
 * The pipeline's Cohorts setting in the workbench: the document inspector edits `settings.cohort`, and
 * 'auto' (the default) leaves the field out of the document. The real web host (`fedflow studio`) in a
 * child process, Debian's Chromium through playwright-core, a fresh temporary workspace.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startStudio, type StudioProcess } from './studioProcess.js';
import type { DocumentsStore } from '../../renderer/src/store/documentsStore.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CHROMIUM = process.env.FEDFLOW_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Generous: CI is a busy 2-core machine. */
const UI_TIMEOUT = 30_000;

type Win = { fedflowStudio: { documents: DocumentsStore } };

let tmp = '';
let host: StudioProcess | undefined;
let browser: Browser | undefined;
let page: Page;

/** The active document's `settings.cohort`, once it equals `expected` (undefined: left out). */
async function waitForCohort(expected: string | undefined): Promise<void> {
  await page.waitForFunction((want) => {
    const s = (globalThis as unknown as Win).fedflowStudio.documents.getState();
    const doc = s.tabs.find((t) => t.key === s.activeKey)?.doc;
    return doc !== undefined && doc !== null && doc.settings.cohort === (want ?? undefined) && ('cohort' in doc.settings) === (want !== null);
  }, expected ?? null);
}

describe('the Cohorts setting in the workbench', { timeout: 180_000 }, () => {
  before(async () => {
    assert.ok(existsSync(CHROMIUM), `Chromium is not installed at ${CHROMIUM}; install it with \`apt-get install chromium\` (or set FEDFLOW_CHROMIUM).`);
    assert.ok(existsSync(join(ROOT, 'dist', 'renderer', 'index.html')), 'The workbench is not built: run `npm run build` first.');
    tmp = mkdtempSync(join(tmpdir(), 'fedflow-e2e-cohort-'));
    const workspace = join(tmp, 'workspace');
    mkdirSync(workspace);
    mkdirSync(join(tmp, 'state'));
    host = await startStudio(workspace, join(tmp, 'state'));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.goto(host.url);
    await page.getByTestId('workbench').waitFor();
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await host?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("starts at auto, turns cohorts off, and back to auto leaves the field out of the document", async () => {
    await page.getByTestId('welcome-new').click();
    await page.getByTestId('inspector-document').waitFor();
    const field = page.getByTestId('field-doc-cohort');
    assert.equal(await field.inputValue(), 'auto');
    await waitForCohort(undefined);
    await field.selectOption('off');
    await waitForCohort('off');
    await field.selectOption('auto');
    await waitForCohort(undefined);
  });
});
