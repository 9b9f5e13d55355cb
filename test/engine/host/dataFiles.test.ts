/** The files a run reads, as the hosts check them: data sets' files and client groups' availability traces. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { dataFiles } from '../../../engine/host/dataFiles.js';
import { HostError } from '../../../engine/host/hostError.js';
import { createNodeHost, type NodeHost } from '../../../engine/host/nodeHost.js';
import { federation } from '../run/pipelines.js';
import { makeHostDirs, tinyPipelineText, type HostDirs } from './fixtures.js';

let dirs: HostDirs;
let host: NodeHost;
before(() => {
  dirs = makeHostDirs();
  host = createNodeHost({ host: 'web', workspaceDir: dirs.workspace, templatesDir: dirs.templates, stateDir: dirs.state, runDefaults: { workers: 1, backend: 'wasm' } });
});
after(async () => {
  await host.close();
  dirs.cleanup();
});

describe('the files a run reads', () => {
  it("are a CSV's path, the four IDX files and each client group's availability trace, by node and field", () => {
    const csv = federation({ dataset: { source: 'csv', path: 'rows.csv', labelColumn: 'y' }, clients: [{ availability: 'trace.csv' }, {}] });
    assert.deepEqual(dataFiles(csv), [
      { nodeId: 'data', field: 'params.path', path: 'rows.csv' },
      { nodeId: 'clients0', field: 'params.availability', path: 'trace.csv' },
    ]);
    const idx = federation({ dataset: { source: 'idx', trainImages: 'a', trainLabels: 'b', testImages: 'c', testLabels: 'd' } });
    assert.deepEqual(
      dataFiles(idx).map((r) => r.field),
      ['params.trainImages', 'params.trainLabels', 'params.testImages', 'params.testLabels'],
    );
    assert.deepEqual(dataFiles(federation()), [], 'MNIST is built in');
  });

  it('in web mode, an availability trace outside the workspace is refused like a data file', async () => {
    const doc = JSON.parse(tinyPipelineText());
    doc.nodes.find((n: { kind: string }) => n.kind === 'client').params.availability = '../../../../etc/passwd';
    await assert.rejects(host.startRun({ text: JSON.stringify(doc), path: join(dirs.workspace, 'x.fedflow.json') }), (e: unknown) => {
      assert.ok(e instanceof HostError);
      assert.deepEqual(
        e.problems.map((p) => [p.nodeId, p.field]),
        [['clients0', 'params.availability']],
      );
      assert.match(e.problems[0].message, /outside the workspace folder/);
      return true;
    });
  });
});
