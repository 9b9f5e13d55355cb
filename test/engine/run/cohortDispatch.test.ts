/** How the worker pool batches a round's clients into cohort tasks, seen through fake workers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientParams, modelParams } from '../../../engine/format/params.js';
import type { ModelSpec } from '../../../engine/model/modelSpec.js';
import { CohortDispatch, trainingWork, type CohortRunners } from '../../../engine/run/cohortDispatch.js';
import type { TableRef, TrainCohortTask, TrainResult, TrainTask } from '../../../engine/run/messages.js';

const mlp: ModelSpec = { params: modelParams.parse({ arch: 'mlp', hidden: [4] }), inputShape: [3], numClasses: 2 };
const cnn: ModelSpec = { params: modelParams.parse({ arch: 'cnn' }), inputShape: [28, 28, 1], numClasses: 10 };
const table: TableRef = { x: new Float32Array(30), y: new Int32Array(10), featureShape: [3], numClasses: 2 };
const global = new Float32Array(26);

function task(clientId: number, extra: Partial<TrainTask> = {}): TrainTask {
  return {
    type: 'train',
    backend: 'wasm',
    model: mlp,
    table,
    rows: { indices: new Int32Array(10), offset: clientId, length: 1 },
    globalWeights: global,
    client: clientParams.parse({}),
    clientId,
    round: 1,
    seed: clientId,
    ...extra,
  };
}

const resultOf = (clientId: number): TrainResult => ({ weights: Float32Array.of(clientId), numExamples: 1, loss: clientId, steps: 1, ms: 0 });

/** Fake workers that answer each client with its id, and note what they were sent. */
function fakeWorkers(failCohortsWith?: (t: TrainCohortTask) => Error | undefined, failAlone?: (t: TrainTask) => Error | undefined) {
  const sent = { alone: [] as number[], cohorts: [] as number[][], cohortSignals: [] as AbortSignal[] };
  const runners: CohortRunners = {
    alone: async (t) => {
      sent.alone.push(t.clientId);
      const error = failAlone?.(t);
      if (error) throw error;
      return resultOf(t.clientId);
    },
    cohort: async (t, signal) => {
      sent.cohorts.push(t.members.map((m) => m.clientId));
      if (signal) sent.cohortSignals.push(signal);
      const error = failCohortsWith?.(t);
      if (error) throw error;
      return { results: t.members.map((m) => resultOf(m.clientId)) };
    },
  };
  return { sent, runners };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('cohort dispatch', () => {
  it("splits a round's ten clients evenly over two workers, and gives each client its own result", async () => {
    const { sent, runners } = fakeWorkers();
    const dispatch = new CohortDispatch(2, 'auto', runners);
    const results = await Promise.all(ids(10).map((c) => dispatch.train(task(c))));
    // Equal shards, dealt out in turn.
    assert.deepEqual(sent.cohorts, [[0, 2, 4, 6, 8], [1, 3, 5, 7, 9]]);
    assert.deepEqual(sent.alone, []);
    assert.deepEqual(results.map((r) => r.weights[0]), ids(10));
  });

  it('balances the rows each worker trains, so one large shard does not hold back a cohort of small ones', async () => {
    const { sent, runners } = fakeWorkers();
    const dispatch = new CohortDispatch(2, 'auto', runners);
    // Client 0 holds 900 rows, clients 1–6 hold 100 each: 900 against 600, not 1,200 against 300.
    const sized = (c: number) => task(c, { rows: { indices: new Int32Array(1500), offset: 0, length: c === 0 ? 900 : 100 } });
    const results = await Promise.all(ids(7).map((c) => dispatch.train(sized(c))));
    assert.deepEqual(sent.alone, [0]);
    assert.deepEqual(sent.cohorts, [[1, 2, 3, 4, 5, 6]]);
    assert.deepEqual(results.map((r) => r.weights[0]), ids(7));
  });

  it('counts a client\'s work as the rows its steps train on: epochs, a partial last batch, full batches, a step budget', () => {
    const rows = (length: number) => ({ indices: new Int32Array(1000), offset: 0, length });
    const work = (length: number, client: Record<string, unknown>, maxSteps?: number) =>
      trainingWork(task(0, { rows: rows(length), client: { ...clientParams.parse(client), ...(maxSteps ? { maxSteps } : {}) } }));
    assert.equal(work(100, { batchSize: 32, localEpochs: 2 }), 2 * 4 * 32);
    assert.equal(work(100, { batchSize: 'full', localEpochs: 3 }), 300);
    assert.equal(work(10, { batchSize: 32 }), 10);
    assert.equal(work(100, { batchSize: 32, localEpochs: 5 }, 3), 3 * 32);
    assert.equal(work(0, {}), 0);
  });

  it('sends every client alone with the setting off', async () => {
    const { sent, runners } = fakeWorkers();
    const dispatch = new CohortDispatch(2, 'off', runners);
    await Promise.all(ids(4).map((c) => dispatch.train(task(c))));
    assert.deepEqual(sent.cohorts, []);
    assert.deepEqual(sent.alone, ids(4));
  });

  it('sends alone a client with an injected fault, one that scores before fitting, and a CNN', async () => {
    const { sent, runners } = fakeWorkers();
    const dispatch = new CohortDispatch(1, 'auto', runners);
    await Promise.all([
      dispatch.train(task(0, { fault: 'throw' })),
      dispatch.train(task(1, { lossBeforeFit: true })),
      dispatch.train(task(2, { model: cnn })),
      dispatch.train(task(3)),
      dispatch.train(task(4)),
    ]);
    assert.deepEqual(sent.alone, [0, 1, 2]);
    assert.deepEqual(sent.cohorts, [[3, 4]]);
  });

  it('does not mix rounds or global models in one cohort', async () => {
    const { sent, runners } = fakeWorkers();
    const dispatch = new CohortDispatch(1, 'auto', runners);
    await Promise.all([
      dispatch.train(task(0)),
      dispatch.train(task(1)),
      dispatch.train(task(2, { round: 2 })),
      dispatch.train(task(3, { round: 2 })),
      dispatch.train(task(4, { globalWeights: new Float32Array(26) })),
    ]);
    assert.deepEqual(sent.cohorts, [[0, 1], [2, 3]]);
    assert.deepEqual(sent.alone, [4]);
  });

  it('retries the clients of a failed cohort alone, so only the bad client fails', async () => {
    const bad = new Error('worker exited with code: 1');
    const { sent, runners } = fakeWorkers(
      () => bad,
      (t) => (t.clientId === 2 ? bad : undefined),
    );
    const dispatch = new CohortDispatch(1, 'auto', runners);
    const outcomes = await Promise.allSettled(ids(4).map((c) => dispatch.train(task(c))));
    assert.deepEqual(sent.cohorts, [ids(4)]);
    assert.deepEqual(sent.alone, ids(4));
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    assert.equal((outcomes[2] as PromiseRejectedResult).reason, bad);
  });

  it('drops an aborted client from its cohort at once; the cohort is aborted only when all its clients are', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { sent, runners } = fakeWorkers();
    const slow: CohortRunners = { ...runners, cohort: async (t, s, ms) => (await held, runners.cohort(t, s, ms)) };
    const dispatch = new CohortDispatch(1, 'auto', slow);
    const controllers = ids(3).map(() => new AbortController());
    const pending = ids(3).map((c) => dispatch.train(task(c), controllers[c].signal));
    await new Promise((resolve) => setImmediate(resolve));
    controllers[1].abort(new Error('client 1 cancelled'));
    await assert.rejects(pending[1], /client 1 cancelled/);
    release();
    const [first, third] = await Promise.all([pending[0], pending[2]]);
    assert.deepEqual([first.weights[0], third.weights[0]], [0, 2]);
    assert.equal(sent.cohortSignals[0].aborted, false);
  });

  it('does not train a client aborted before its cohort was sent', async () => {
    const { sent, runners } = fakeWorkers();
    const dispatch = new CohortDispatch(1, 'auto', runners);
    const cancelled = new AbortController();
    const pending = ids(3).map((c) => dispatch.train(task(c), c === 0 ? cancelled.signal : undefined));
    cancelled.abort(new Error('cancelled while waiting'));
    await assert.rejects(pending[0], /cancelled while waiting/);
    await Promise.all(pending.slice(1));
    assert.deepEqual(sent.cohorts, [[1, 2]]);
  });

  it('gives a cohort time for all of its clients: K times the time limit of one', async () => {
    const limits: (number | undefined)[] = [];
    const { runners } = fakeWorkers();
    const dispatch = new CohortDispatch(1, 'auto', { ...runners, cohort: (t, s, ms) => (limits.push(ms), runners.cohort(t, s, ms)) });
    await Promise.all(ids(3).map((c) => dispatch.train(task(c), undefined, 1000)));
    assert.deepEqual(limits, [3000]);
  });
});
