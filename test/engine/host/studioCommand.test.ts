/** `fedflow studio` and `fedflow start` as a user runs them: the address printed, the page served, Ctrl+C. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { electronBinary } from '../../../engine/cli/startCommand.js';
import { missingRendererMessage } from '../../../engine/cli/studioCommand.js';
import { makeHostDirs, type HostDirs } from './fixtures.js';

/** The repository root, from dist/test/engine/host. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

let dirs: HostDirs;
let rendererDir: string;

before(() => {
  dirs = makeHostDirs();
  rendererDir = join(dirs.root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>studio</title>\n');
});
after(() => dirs.cleanup());

interface Session {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs `fedflow <command>`, waits for the page address, fetches it, then presses Ctrl+C. */
function serveAndStop(command: string, env: Record<string, string> = {}): Promise<Session & { page: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/fedflow.js', command, '--dir', dirs.workspace], {
      cwd: ROOT,
      env: { ...process.env, FEDFLOW_RENDERER_DIR: rendererDir, FEDFLOW_STATE_DIR: dirs.state, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const session = { stdout: '', stderr: '', code: null as number | null, page: '' };
    child.stderr.setEncoding('utf8').on('data', (d: string) => (session.stderr += d));
    child.stdout.setEncoding('utf8').on('data', async (d: string) => {
      session.stdout += d;
      const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(session.stdout)?.[0];
      if (url && !session.page) {
        session.page = 'fetching';
        session.page = await (await fetch(url)).text();
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ ...session, code }));
  });
}

describe('fedflow studio', () => {
  it('prints the address with its token, serves the page and stops cleanly on Ctrl+C', async () => {
    const session = await serveAndStop('studio');
    assert.equal(session.code, 0, session.stderr);
    assert.match(session.stdout, /Open:\n {2}http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+\n/);
    assert.match(session.stdout, new RegExp(`Workspace: ${dirs.workspace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(session.page, '<!doctype html><title>studio</title>\n');
    assert.match(session.stderr, /Stopping FedFlow Studio/);
  });

  it('says to build the workbench when it is missing', () => {
    assert.equal(missingRendererMessage(rendererDir), null);
    assert.match(missingRendererMessage(join(dirs.root, 'no-renderer'))!, /index\.html is missing\)\. Run `npm run build` first\./);
  });
});

describe('fedflow start (npm start)', { skip: electronBinary() ? 'an Electron binary is installed here' : false }, () => {
  it("without Electron's binary, says how to get it and serves the web studio", async () => {
    // No network here or in CI: point the download at a closed local port (no proxy) so the probe fails at
    // once, and keep the remembered failure out of the installation.
    const offline = { ELECTRON_MIRROR: 'http://127.0.0.1:9/', HTTPS_PROXY: '', https_proxy: '', GLOBAL_AGENT_HTTPS_PROXY: '', GLOBAL_AGENT_HTTP_PROXY: '', FEDFLOW_CACHE_DIR: join(dirs.state, 'cache') };
    const session = await serveAndStop('start', offline);
    assert.equal(session.code, 0, session.stderr);
    assert.match(session.stderr, /Electron's binary is not installed/);
    assert.match(session.stderr, /node node_modules\/electron\/install\.js/);
    assert.equal(session.page, '<!doctype html><title>studio</title>\n');
  });
});
