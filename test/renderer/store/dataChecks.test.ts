/**
 * The editor's data checks: after an edit rests, a document with no static error goes to the host's
 * checkPipeline; what it finds joins the Problems, the status bar's count and Run's reason, and the
 * split's partition shows. An answer about an earlier version of the document is never shown.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Problem } from '../../../engine/format/problems.js';
import type { PipelineCheck } from '../../../engine/host/hostApi.js';
import { createDataChecksStore, currentCheck, splitPartition } from '../../../renderer/src/store/dataChecks.js';
import { startDataChecks } from '../../../renderer/src/store/dataCheckScheduler.js';
import { nodeProblems, runBlocker, tabProblems } from '../../../renderer/src/store/documentProblems.js';
import { storeWithTemplate } from './fixtures.js';

/** What the host's data would say of the template's client group. */
const RANGE_ERROR: Problem = {
  severity: 'error',
  nodeId: 'clients',
  field: 'params.clients',
  message: "client 'Clients': Client 11 does not exist: the split makes 10 clients, numbered 0 to 9.",
};

/** The template open, the scheduler on a hand-driven timer, and a host whose answers the test gives. */
function setup() {
  const documents = storeWithTemplate();
  const checks = createDataChecksStore();
  const asked: { text: string; path: string | null | undefined; answer(check: PipelineCheck): Promise<void> }[] = [];
  let timer: (() => void) | null = null;
  const stop = startDataChecks({
    documents,
    checks,
    host: {
      checkPipeline: (text, path) =>
        new Promise<PipelineCheck>((resolve) => {
          asked.push({
            text,
            path,
            answer: async (check) => {
              resolve(check);
              await new Promise((r) => setImmediate(r));
            },
          });
        }),
    },
    setTimer: (run) => (timer = run),
    clearTimer: () => (timer = null),
  });
  const tab = () => documents.getState().tabs.find((t) => t.key === documents.getState().activeKey)!;
  return {
    documents,
    checks,
    asked,
    stop,
    tab,
    check: () => checks.getState().byTab[tab().key],
    /** The debounce ends. */
    rest() {
      const run = timer;
      timer = null;
      run?.();
    },
  };
}

describe('data checks', () => {
  it('a data problem of the document shows in its problems, on its node, and is why Run cannot start', async () => {
    const s = setup();
    s.rest();
    assert.equal(s.asked.length, 1);
    assert.equal(s.asked[0].path, '/tmp/mnist-fedavg.fedflow.json', 'data resolves next to the file, as its run’s would');
    assert.equal(currentCheck(s.check(), s.tab().doc)?.state, 'checking');
    assert.equal(runBlocker(s.tab().doc, s.check()), null, 'nothing is known against it while checking');
    await s.asked[0].answer({ problems: [RANGE_ERROR] });
    assert.deepEqual(tabProblems(s.tab(), s.check()), [RANGE_ERROR]);
    assert.deepEqual(nodeProblems(tabProblems(s.tab(), s.check()), 'clients'), [RANGE_ERROR]);
    assert.equal(runBlocker(s.tab().doc, s.check()), RANGE_ERROR.message);
    s.stop();
  });

  it('an answer about an earlier version of the document is never shown', async () => {
    const s = setup();
    s.rest();
    s.documents.getState().setParam('clients', 'clients', '0-8');
    // The first check lands after the edit: it is about the old document, so nothing of it shows.
    await s.asked[0].answer({ problems: [RANGE_ERROR] });
    assert.deepEqual(tabProblems(s.tab(), s.check()), []);
    assert.equal(runBlocker(s.tab().doc, s.check()), null);
    s.rest();
    assert.equal(s.asked.length, 2);
    assert.match(s.asked[1].text, /"clients": "0-8"/);
    // Two quick edits, then an earlier ask answered last: dropped, the later one's answer stays.
    s.documents.getState().setParam('clients', 'clients', '0-9');
    s.rest();
    await s.asked[2].answer({ problems: [] });
    await s.asked[1].answer({ problems: [RANGE_ERROR] });
    assert.deepEqual(tabProblems(s.tab(), s.check()), []);
    assert.equal(currentCheck(s.check(), s.tab().doc)?.state, 'done');
    s.stop();
  });

  it('edits in quick succession are checked once, after the last', () => {
    const s = setup();
    for (const lr of [0.1, 0.2, 0.3]) s.documents.getState().setParam('clients', 'learningRate', lr);
    s.rest();
    assert.equal(s.asked.length, 1);
    assert.match(s.asked[0].text, /"learningRate": 0.3/);
    s.stop();
  });

  it('a document with an error validation can see is not sent to the host', () => {
    const s = setup();
    s.documents.getState().setParam('fedavg', 'rounds', 0);
    s.rest();
    assert.equal(s.asked.length, 0);
    s.stop();
  });

  it('the split’s partition shows before any run, stays through edits elsewhere, and goes when the split changes', async () => {
    const s = setup();
    s.rest();
    const partition = { splitId: 'split', numClients: 2, labelCounts: [[1, 2], [3, 4]], holdoutSizes: [0, 0], classNames: ['a', 'b'] };
    await s.asked[0].answer({ problems: [], partitions: [partition] });
    assert.deepEqual(splitPartition(s.check(), s.tab().doc, 'split'), partition);
    // An edit elsewhere leaves the split as it was: its heatmap stays while the document is checked again.
    s.documents.getState().setParam('clients', 'learningRate', 0.2);
    assert.deepEqual(splitPartition(s.check(), s.tab().doc, 'split'), partition);
    s.rest();
    assert.deepEqual(splitPartition(s.check(), s.tab().doc, 'split'), partition);
    await s.asked[1].answer({ problems: [], partitions: [partition] });
    // A changed split is a different partition: none is shown until the host answers for it.
    s.documents.getState().setParam('split', 'numClients', 5);
    assert.equal(splitPartition(s.check(), s.tab().doc, 'split'), undefined);
    s.rest();
    assert.equal(splitPartition(s.check(), s.tab().doc, 'split'), undefined);
    await s.asked[2].answer({ problems: [], partitions: [{ ...partition, numClients: 5 }] });
    assert.equal(splitPartition(s.check(), s.tab().doc, 'split')?.numClients, 5);
    // Coming back to the document the tab's check is about does not ask again.
    const asked = s.asked.length;
    s.documents.getState().setParam('clients', 'learningRate', 0.5);
    s.documents.getState().undo();
    s.rest();
    assert.equal(s.asked.length, asked);
    s.stop();
  });
});
