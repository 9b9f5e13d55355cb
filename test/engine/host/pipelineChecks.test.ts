/**
 * The host's checkPipeline, over the web host's WebSocket as the workbench calls it: what only the data
 * can show arrives as problems with their node and field, each split's partition with it, data outside
 * the workspace is reported without being read, and hostile input is refused as a HostError.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HostError } from '../../../engine/host/hostError.js';
import { MAX_CHECK_CHARS, pipelineChecksApi } from '../../../engine/host/pipelineChecks.js';
import { startWebHost, type WebHost } from '../../../engine/host/webHost.js';
import type { ConnectedHost } from '../../../engine/host/wsHostClient.js';
import { parsePipelineText } from '../../../engine/format/validate.js';
import { makeHostDirs, tinyPipelineText, type HostDirs, connectAsPage } from './fixtures.js';

const TEMPLATES = join(process.cwd(), 'templates');

let dirs: HostDirs;
let web: WebHost;
let host: ConnectedHost;
/** The hospitals template saved in the workspace, next to a copy of its data. */
let file: string;


/** The hospitals template's text, its client group taking `clients`. */
function hospitalsText(clients?: string): string {
  const doc = JSON.parse(readFileSync(join(TEMPLATES, 'hospitals-tabular.fedflow.json'), 'utf8'));
  if (clients !== undefined) doc.nodes.find((n: { id: string }) => n.id === 'clients').params.clients = clients;
  return JSON.stringify(doc, null, 2);
}

before(async () => {
  dirs = makeHostDirs();
  mkdirSync(join(dirs.workspace, 'data'));
  copyFileSync(join(TEMPLATES, 'data', 'hospitals.csv'), join(dirs.workspace, 'data', 'hospitals.csv'));
  file = join(dirs.workspace, 'hospitals.fedflow.json');
  writeFileSync(file, hospitalsText());
  web = await startWebHost({
    port: 0,
    workspaceDir: dirs.workspace,
    rendererDir: join(dirs.root, 'renderer'),
    templatesDir: dirs.templates,
    stateDir: dirs.state,
    runDefaults: { workers: 1, backend: 'wasm' },
  });
  host = connectAsPage(web);
});
after(async () => {
  host.close();
  await web.close();
  dirs.cleanup();
});

describe('checkPipeline over the WebSocket', () => {
  it('a client range beyond a natural split’s clients arrives as an error naming the client group and its clients field', async () => {
    const check = await host.checkPipeline(hospitalsText('0-9'), file);
    const errors = check.problems.filter((p) => p.severity === 'error');
    assert.deepEqual(
      errors.map((p) => [p.nodeId, p.field]),
      [['clients', 'params.clients']],
    );
    assert.match(errors[0].message, /the split makes 4 clients/);
  });

  it('a valid pipeline arrives with its split’s label counts per client and hold-out sizes', async () => {
    const check = await host.checkPipeline(hospitalsText(), file);
    assert.deepEqual(check.problems.filter((p) => p.severity === 'error'), []);
    const [p] = check.partitions ?? [];
    assert.equal(p?.splitId, 'split');
    assert.equal(p.labelCounts.length, 4);
    assert.equal(p.holdoutSizes.length, 4);
  });

  it('a data file changed on disk is checked afresh, not answered from the cache', async () => {
    const text = hospitalsText('0-3');
    assert.deepEqual((await host.checkPipeline(text, file)).problems.filter((p) => p.severity === 'error'), []);
    // The same file with the last hospital's rows gone: the split now makes 3 clients.
    const csv = readFileSync(join(TEMPLATES, 'data', 'hospitals.csv'), 'utf8').split('\n');
    const column = csv[0].split(',').indexOf('hospital');
    const last = [...new Set(csv.slice(1).filter(Boolean).map((l) => l.split(',')[column]))].sort().at(-1);
    writeFileSync(join(dirs.workspace, 'data', 'hospitals.csv'), csv.filter((l, i) => i === 0 || l.split(',')[column] !== last).join('\n'));
    try {
      const again = await host.checkPipeline(text, file);
      assert.deepEqual(again.problems.filter((p) => p.severity === 'error').map((p) => [p.nodeId, p.field]), [['clients', 'params.clients']]);
    } finally {
      copyFileSync(join(TEMPLATES, 'data', 'hospitals.csv'), join(dirs.workspace, 'data', 'hospitals.csv'));
    }
  });

  it('data outside the workspace is a problem on its node and field, as a run’s refusal says', async () => {
    const doc = JSON.parse(hospitalsText());
    doc.nodes.find((n: { id: string }) => n.id === 'hospitals').params.path = '../outside.csv';
    writeFileSync(join(dirs.root, 'outside.csv'), 'x,diagnosis,hospital\n1,a,h\n');
    const check = await host.checkPipeline(JSON.stringify(doc), file);
    assert.deepEqual(check.problems.map((p) => [p.severity, p.nodeId, p.field]), [['error', 'hospitals', 'params.path']]);
    assert.match(check.problems[0].message, /outside the workspace folder/);
  });

  it('hostile input is refused as a HostError: no text, too much text, a path outside the workspace', async () => {
    await assert.rejects(host.checkPipeline(42 as unknown as string), (e: unknown) => e instanceof HostError && /must be text/.test(e.message));
    await assert.rejects(host.checkPipeline(' '.repeat(MAX_CHECK_CHARS + 1)), (e: unknown) => e instanceof HostError && /too large/.test(e.message));
    await assert.rejects(host.checkPipeline(hospitalsText(), '/etc/passwd.json'), (e: unknown) => e instanceof HostError && /inside its workspace folder/.test(e.message));
    // A document that does not parse is answered with its problems, not an error.
    const broken = await host.checkPipeline('{ "format": ');
    assert.ok(broken.problems.some((p) => p.severity === 'error'));
  });
});

describe('the host’s check cache', () => {
  it('answers the same document a second time without checking it again', async () => {
    let parses = 0;
    const api = pipelineChecksApi({
      checkedPath: async () => null,
      parse: async (text) => {
        parses++;
        return parsePipelineText(text);
      },
      baseDirOf: () => dirs.templates,
      outsideDataProblems: async () => [],
      runDefaults: { workers: 1, backend: 'wasm' },
    });
    const text = tinyPipelineText();
    const first = await api.checkPipeline(text);
    const second = await api.checkPipeline(text);
    assert.equal(parses, 2, 'each ask is parsed (cheap), its data is not loaded again');
    assert.equal(second, first, 'the very result of the first check');
    assert.notEqual(await api.checkPipeline(tinyPipelineText(4)), first);
  });
});
