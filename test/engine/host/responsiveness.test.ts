/**
 * One large document cannot freeze the studio: the web host validates it off its event loop, so while it
 * does, the host keeps answering every other request — pages, and calls from other windows.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { largeDocumentText } from '../../../bench/largeDocument.js';
import { parsePipelineText } from '../../../engine/format/validate.js';
import { startWebHost, type WebHost } from '../../../engine/host/webHost.js';
import type { ConnectedHost } from '../../../engine/host/wsHostClient.js';
import { makeHostDirs, type HostDirs, connectAsPage } from './fixtures.js';

let dirs: HostDirs;
let web: WebHost;
let host: ConnectedHost;
let text: string;

function getPage(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: web.port, path: '/' }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  dirs = makeHostDirs();
  const rendererDir = join(dirs.root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>FedFlow</title>\n');
  text = largeDocumentText(10e6);
  writeFileSync(join(dirs.workspace, 'big.fedflow.json'), text);
  web = await startWebHost({ port: 0, workspaceDir: dirs.workspace, rendererDir, templatesDir: dirs.templates, stateDir: dirs.state });
  host = connectAsPage(web);
});

after(async () => {
  host.close();
  await web.close();
  dirs.cleanup();
});

describe('a large document and the studio', () => {
  it('while a 10 MB document validates, the web host answers pages and other calls', { timeout: 120_000 }, async () => {
    // What validating this document costs where it runs: this long, the host's loop would stand still.
    const started = performance.now();
    assert.deepEqual(parsePipelineText(text).problems, []);
    const validationMs = performance.now() - started;

    let opened = false;
    const opening = host.openFile(join(dirs.workspace, 'big.fedflow.json')).then((file) => {
      opened = true;
      return file;
    });
    const templates = await host.listTemplates();
    assert.deepEqual(templates.map((t) => t.id), ['another', 'tiny']);
    // Page after page until the document is open: none waits for the validation.
    let answered = 0;
    let longestWait = 0;
    let last = performance.now();
    while (!opened) {
      assert.equal(await getPage(), 200);
      const now = performance.now();
      longestWait = Math.max(longestWait, now - last);
      last = now;
      answered++;
    }
    const file = await opening;
    assert.deepEqual(file?.problems, []);
    assert.equal(file?.text.length, text.length);
    assert.ok(answered > 0);
    // Off the loop a page waits some 50 ms at most (reading and sending the 10 MB text); on it, the whole validation.
    assert.ok(
      longestWait < validationMs / 4,
      `a page waited ${longestWait.toFixed(0)} ms while the document validated (validation takes ${validationMs.toFixed(0)} ms)`,
    );
  });

  it('a document too deep to validate is a problem from the thread, and the host goes on', async () => {
    const deep = `{"format":"fedflow/pipeline@2","nodes":[],"description":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    writeFileSync(join(dirs.workspace, 'deep.fedflow.json'), deep);
    const file = await host.openFile(join(dirs.workspace, 'deep.fedflow.json'));
    assert.equal(file?.problems.length, 1);
    assert.match(file!.problems[0].message, /nests lists or objects more than 64 levels deep/);
    assert.equal(await getPage(), 200);
  });
});
