/** The demo host's sweeps (`?fake=1`): the same grid and table as the real host, over pretend runs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostApi, HostRunEvent, SweepProgress } from '../../../engine/host/hostApi.js';
import { HostError } from '../../../engine/host/hostError.js';
import { parsePipelineText } from '../../../engine/format/validate.js';
import { FakeRun } from '../../../renderer/src/host/fakeRun.js';
import { fakeSweeps } from '../../../renderer/src/host/fakeSweep.js';
import { tinyPipelineText } from '../../engine/host/fixtures.js';

/** The run half of a fake host: each run a FakeRun of 1 ms rounds. */
function runHost(): Pick<HostApi, 'startRun' | 'controlRun' | 'onRunEvent'> {
  const listeners = new Set<(e: HostRunEvent) => void>();
  const runs = new Map<string, FakeRun>();
  let n = 0;
  return {
    async startRun(request) {
      const { doc } = parsePipelineText(request.text);
      const runId = `fake-${++n}`;
      runs.set(runId, new FakeRun(runId, { ...doc!, seed: request.seed ?? doc!.seed }, (event) => listeners.forEach((l) => l({ runId, event })), { roundMs: 1 }));
      return { runId };
    },
    async controlRun(runId, action) {
      runs.get(runId)?.control(action);
    },
    onRunEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

describe('the fake host sweep', () => {
  it('runs every point and seed and tabulates their final accuracies', async () => {
    const sweeps = fakeSweeps(runHost());
    const { sweepId, runs } = await sweeps.startSweep({ text: tinyPipelineText(2), path: null, settings: ['clients0.learningRate=0.05,0.3'], seeds: 2 });
    assert.equal(runs, 4);
    let status: SweepProgress | null = null;
    while (status?.state !== 'finished') status = await new Promise((r) => setTimeout(r, 10)).then(() => sweeps.sweepStatus());
    const table = await sweeps.readSweep(sweepId);
    assert.deepEqual(table.rows.map((r) => [r.point, r.runs.length]), [[{ 'clients0.learningRate': 0.05 }, 2], [{ 'clients0.learningRate': 0.3 }, 2]]);
    for (const row of table.rows) assert.ok(row.federations[0].accuracies.every((a) => typeof a === 'number'));
  });

  it('refuses a bad value naming the node and field', async () => {
    await assert.rejects(fakeSweeps(runHost()).startSweep({ text: tinyPipelineText(1), path: null, settings: ['clients0.learningRate=-1'], seeds: 1 }), (e: unknown) => {
      assert.ok(e instanceof HostError && e.problems.some((p) => p.nodeId === 'clients0'), String(e));
      return true;
    });
  });
});
