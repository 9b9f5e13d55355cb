/**
 * The import boundaries in eslint.config.js, run through ESLint's Node API on small in-memory files, so a
 * renamed folder, a `files` glob that no longer matches or an overriding config block cannot switch a
 * boundary off without a test failing. Each sample is linted as if it lived at the given path.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

/** dist/test/lint → the repository root, where eslint.config.js lives. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

let eslint: ESLint;

/** The no-restricted-imports reports for `code` linted as the file at `path` (relative to the root). */
async function boundaryReports(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path), warnIgnored: true });
  assert.ok(result, `ESLint returned no result for ${path}`);
  // A file ESLint ignores or cannot parse would report nothing from the rule: fail loudly instead.
  const fatal = result.messages.filter((m) => m.fatal || m.ruleId === null);
  assert.deepEqual(fatal, [], `${path} was not linted normally`);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

async function assertForbidden(path: string, code: string, why?: RegExp): Promise<void> {
  const reports = await boundaryReports(path, code);
  // An import may break two boundaries at once (engine/run/worker.js): one report or more.
  assert.ok(reports.length > 0, `expected a boundary report for ${path}:\n${code}`);
  if (why) assert.ok(reports.some((r) => why.test(r)), `no report for ${path} matches ${why}: ${JSON.stringify(reports)}`);
}

async function assertAllowed(path: string, code: string): Promise<void> {
  assert.deepEqual(await boundaryReports(path, code), [], `expected no boundary report for ${path}:\n${code}`);
}

before(() => {
  eslint = new ESLint({ cwd: ROOT });
});

describe('the renderer import boundary', () => {
  const file = 'renderer/src/actions/sample.ts';
  const component = 'renderer/src/layout/Sample.tsx';

  it("refuses the engine's runtime: engine/run and engine/train", async () => {
    await assertForbidden(file, "import { startRun } from '../../../engine/run/run.js';\nexport { startRun };", /HostApi/);
    await assertForbidden(file, "import { WorkerPool } from '../../../engine/run/pool.js';\nexport { WorkerPool };");
    await assertForbidden(file, "export * from '../../../engine/run/index.js';");
    await assertForbidden(component, "import { resolveBackend } from '../../../engine/train/backend.js';\nexport { resolveBackend };", /host/);
  });

  it('takes only types from engine/run/events, and the pure metricsCsv', async () => {
    await assertAllowed(file, "import type { RunEvent } from '../../../engine/run/events.js';\nexport type E = RunEvent;");
    await assertAllowed(file, "import { type RunEvent } from '../../../engine/run/events.js';\nexport type E = RunEvent;");
    await assertForbidden(file, "import * as events from '../../../engine/run/events.js';\nexport { events };", /import type/);
    await assertAllowed(file, "import { metricsCsv } from '../../../engine/run/metricsCsv.js';\nexport { metricsCsv };");
  });

  it('refuses worker files, piscina, TensorFlow.js, Node builtins and Electron', async () => {
    await assertForbidden(file, "import '../../../engine/run/worker.js';");
    await assertForbidden(file, "import './trainWorker.js';", /[Ww]orker/);
    await assertForbidden(file, "import Piscina from 'piscina';\nexport { Piscina };");
    await assertForbidden(file, "import * as tf from '@tensorflow/tfjs-core';\nexport { tf };", /TensorFlow/);
    await assertForbidden(file, "import '@tensorflow/tfjs-backend-wasm/dist/index.js';");
    await assertForbidden(file, "import { readFile } from 'node:fs/promises';\nexport { readFile };", /Node builtins/);
    await assertForbidden(file, "import { join } from 'path';\nexport { join };", /Node builtins/);
    await assertForbidden(component, "import { ipcRenderer } from 'electron';\nexport { ipcRenderer };", /preload/);
    await assertForbidden(component, "import { APP_SCHEME } from '../../../electron/appUrl.js';\nexport { APP_SCHEME };", /preload/);
  });

  it('allows the DOM-free engine modules and the page libraries', async () => {
    await assertAllowed(
      component,
      [
        "import { useState } from 'react';",
        "import { create } from 'zustand';",
        "import { parsePipelineText } from '../../../engine/format/validate.js';",
        "import { parseMarkdown } from '../../../engine/text/markdown.js';",
        "import { htmlReport } from '../../../engine/export/htmlReport.js';",
        "import { connectHost } from '../../../engine/host/wsHostClient.js';",
        "import type { HostApi } from '../../../engine/host/hostApi.js';",
        "import { Icon } from '../ui/Icon.js';",
        'export { useState, create, parsePipelineText, parseMarkdown, htmlReport, connectHost, Icon };',
        'export type H = HostApi;',
      ].join('\n'),
    );
  });
});

describe('the engine import boundary', () => {
  const file = 'engine/host/sample.ts';

  it('refuses the renderer and Electron', async () => {
    await assertForbidden(file, "import { createRunStore } from '../../renderer/src/store/runStore.js';\nexport { createRunStore };", /renderer or Electron/);
    await assertForbidden(file, "import type { IpcAnswer } from '../../electron/ipcChannels.js';\nexport type A = IpcAnswer;");
    await assertForbidden(file, "import { app } from 'electron';\nexport { app };");
  });

  it('allows its own modules, Node and its libraries', async () => {
    await assertAllowed(
      file,
      "import { readFile } from 'node:fs/promises';\nimport Piscina from 'piscina';\nimport { formatProblem } from '../format/problems.js';\nexport { readFile, Piscina, formatProblem };",
    );
  });
});

describe('the Electron import boundary', () => {
  it('refuses renderer sources, in main and in the preload', async () => {
    await assertForbidden('electron/sample.ts', "import { pickHost } from '../renderer/src/host.js';\nexport { pickHost };", /dist\/renderer/);
    await assertForbidden('electron/sample.cts', "import type { Services } from '../renderer/src/services.js';\nexport type S = Services;");
  });

  it('allows electron itself and the engine host', async () => {
    await assertAllowed(
      'electron/sample.ts',
      "import { app } from 'electron';\nimport { createWireClient } from '../engine/host/wireClient.js';\nexport { app, createWireClient };",
    );
  });
});

describe('the browser-safe engine folders (protocol, server, nodes, strategy, sim, compress, secagg, privacy, attack)', () => {
  const file = 'engine/server/sample.ts';

  it('refuse Node builtins, the thread pool, TensorFlow.js and the Node runtime', async () => {
    await assertForbidden(file, "import { readFile } from 'node:fs/promises';\nexport { readFile };", /browser-safe/);
    await assertForbidden('engine/protocol/sample.ts', "import { join } from 'path';\nexport { join };", /browser-safe/);
    await assertForbidden(file, "import { WorkerPool } from '../run/pool.js';\nexport { WorkerPool };", /types from engine\/run/);
    await assertForbidden('engine/strategy/sample.ts', "import * as tf from '@tensorflow/tfjs-core';\nexport { tf };");
    await assertForbidden('engine/nodes/sample.ts', "import { startBackend } from '../train/backend.js';\nexport { startBackend };");
    // Remote and browser clients encode their updates with the same code as the simulation.
    await assertForbidden('engine/compress/sample.ts', "import { deflateSync } from 'node:zlib';\nexport { deflateSync };", /browser-safe/);
    await assertForbidden('engine/compress/sample.ts', "import * as tf from '@tensorflow/tfjs-core';\nexport { tf };");
    // Browser clients mask their updates with the same code as the simulation: WebCrypto, not node:crypto.
    await assertForbidden('engine/secagg/sample.ts', "import { webcrypto } from 'node:crypto';\nexport { webcrypto };", /browser-safe/);
    // Clients clip and noise their own updates (local DP) with the same code in the browser.
    await assertForbidden('engine/privacy/sample.ts', "import { randomBytes } from 'node:crypto';\nexport { randomBytes };", /browser-safe/);
    // The workbench draws the gradient-leakage attack's figures with the same code as the run.
    await assertForbidden('engine/attack/sample.ts', "import * as tf from '@tensorflow/tfjs-core';\nexport { tf };");
  });

  it('take types from engine/run and import each other', async () => {
    await assertAllowed(file, "import type { FederatedScores } from '../run/events.js';\nexport type S = FederatedScores;");
    await assertAllowed(file, "import { fedAvg } from '../strategy/fedAvg.js';\nexport { fedAvg };");
    await assertAllowed('engine/compress/sample.ts', "import { Rng } from '../random/rng.js';\nexport { Rng };");
  });
});
