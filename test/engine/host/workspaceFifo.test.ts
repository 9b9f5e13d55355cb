/**
 * A FIFO in the studio's workspace used as a data file once froze the whole studio: the run read it on
 * the host's thread and waited forever for a writer, so no request was answered again. The host runs in
 * a child process with a deadline here, so a regression fails the test instead of hanging it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { collect } from '../../helpers/spawnNode.js';

const NODE_HOST = new URL('../../../engine/host/nodeHost.js', import.meta.url).href;
const FIXTURES = new URL('./fixtures.js', import.meta.url).href;

// In the child: a web host over a workspace holding a FIFO named data.csv and a pipeline reading it; the
// run must fail naming the dataset node and its path, and the host must still answer afterwards.
const CHILD = `
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
const { createNodeHost } = await import(process.env.FEDFLOW_NODE_HOST);
const { makeHostDirs, nextRunEvent, tinyPipelineText } = await import(process.env.FEDFLOW_FIXTURES);
const dirs = makeHostDirs();
try {
  execFileSync('mkfifo', [join(dirs.workspace, 'data.csv')]);
  const doc = JSON.parse(tinyPipelineText());
  doc.nodes[0].params = { source: 'csv', path: 'data.csv', labelColumn: 'label' };
  const path = join(dirs.workspace, 'fifo.fedflow.json');
  writeFileSync(path, JSON.stringify(doc));
  const host = createNodeHost({ host: 'web', workspaceDir: dirs.workspace, templatesDir: dirs.templates, stateDir: dirs.state, runDefaults: { workers: 1, backend: 'wasm' } });
  const { runId } = await host.startRun({ text: JSON.stringify(doc), path });
  const failed = await nextRunEvent(host, runId, (e) => e.type === 'failed' || e.type === 'finished');
  const listed = (await host.listFiles()).map((f) => f.name);
  await host.close();
  process.stdout.write(JSON.stringify({ failed, listed }));
} finally {
  dirs.cleanup();
}
`;

test('a FIFO in the workspace as a data file fails the run on the dataset path, and the studio goes on answering', async () => {
  const result = await collect(
    spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
      env: { ...process.env, FEDFLOW_NODE_HOST: NODE_HOST, FEDFLOW_FIXTURES: FIXTURES },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20_000,
      killSignal: 'SIGKILL',
    }),
  );
  assert.notEqual(result.signal, 'SIGKILL', 'the host answered before the deadline instead of waiting on the FIFO');
  assert.equal(result.code, 0, result.stderr.slice(0, 2000));
  const { failed, listed } = JSON.parse(result.stdout) as { failed: { type: string; nodeId?: string; field?: string; message: string }; listed: string[] };
  assert.equal(failed.type, 'failed');
  assert.equal(failed.nodeId, 'data');
  assert.equal(failed.field, 'params.path');
  assert.match(failed.message, /data\.csv: is a named pipe \(FIFO\), not a regular file/);
  // The FIFO is no pipeline, so the workspace list leaves it out; the pipeline beside it is there.
  assert.deepEqual(listed, ['fifo.fedflow.json']);
});
