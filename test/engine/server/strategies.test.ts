/** The Flower-shaped strategies over fake clients: what each round sends, and what it does with results and failures. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregatorParams, clientParams, type AggregatorParams } from '../../../engine/format/params.js';
import { PROTOCOL_VERSION, type ClientFailure, type FitIns, type FullFitRes } from '../../../engine/protocol/messages.js';
import type { ClientGroup, ClientManager, ClientProxy } from '../../../engine/server/clientProxy.js';
import { createServerStrategy } from '../../../engine/server/createServerStrategy.js';
import { isRoundStop, type FitAggregate, type RoundStop } from '../../../engine/server/strategy.js';

/** A client that is never asked anything: the strategies are tested on what they send and merge. */
function proxy(cid: number, groupNodeId = 'clients'): ClientProxy {
  const unused = () => Promise.reject(new Error('not called'));
  return { cid, groupNodeId, canEvaluate: true, fit: unused, evaluate: unused };
}

function manager(n: number, params: Record<string, unknown> = {}): ClientManager {
  const group: ClientGroup = {
    nodeId: 'clients',
    params: clientParams.parse(params),
    splitId: 'split',
    splitClients: Array.from({ length: n }, (_, i) => i),
    proxies: Array.from({ length: n }, (_, i) => proxy(i)),
  };
  return { seed: 42, time: 0, groups: [group] };
}

const strategy = (params: Record<string, unknown>) => createServerStrategy(aggregatorParams.parse(params) as AggregatorParams);
const ok = (weights: number[], numExamples = 10, extra: Partial<FullFitRes> = {}): FullFitRes => ({
  status: 'ok',
  weights: Float32Array.from(weights),
  numExamples,
  metrics: { loss: 1, steps: 5, ms: 1 },
  ...extra,
});
const fail = (code: ClientFailure['code'], message: string): ClientFailure => ({ status: 'failed', code, message });
const weightsOf = (a: FitAggregate | RoundStop) => {
  assert.ok(!isRoundStop(a), `unexpected stop: ${isRoundStop(a) ? a.message : ''}`);
  return Array.from(a.weights);
};

describe('Flower-shaped strategies', () => {
  it('configureFit samples ⌊fraction·n⌋ clients in client-id order and sends each its group\'s config and own seed', () => {
    const s = strategy({ strategy: 'FedAvg' });
    const global = new Float32Array(3);
    const ins = s.configureFit(1, global, manager(10, { fraction: 0.35, learningRate: 0.2, localEpochs: 3 }));
    assert.equal(ins.length, 3);
    assert.deepEqual(ins.map((i) => i.client.cid), [...ins.map((i) => i.client.cid)].sort((a, b) => a - b));
    for (const { ins: fit } of ins) {
      assert.equal(fit.version, PROTOCOL_VERSION);
      assert.equal(fit.round, 1);
      assert.equal(fit.weights, global, 'one broadcast buffer, not a copy per client');
      assert.equal(fit.config.learningRate, 0.2);
      assert.equal(fit.config.localEpochs, 3);
    }
    assert.equal(new Set(ins.map((i) => i.ins.config.seed)).size, 3, 'every client its own seed');
  });

  it('aggregateFit merges only the results: a failed client costs its own update and nothing else', () => {
    const s = strategy({ strategy: 'FedAvg' });
    const global = Float32Array.from([0, 0]);
    const merged = s.aggregateFit(1, global, [{ client: proxy(0), res: ok([1, 2], 10) }, { client: proxy(2), res: ok([3, 4], 30) }], [
      { client: proxy(1), failure: fail('crashed', 'it threw') },
    ]);
    // (10·1 + 30·3)/40 = 2.5 and (10·2 + 30·4)/40 = 3.5
    assert.deepEqual(weightsOf(merged), [2.5, 3.5]);
  });

  it('acceptFailures off stops the round with every failed client and its reason, in client-id order', () => {
    const s = strategy({ strategy: 'FedAvg', acceptFailures: false });
    const stop = s.aggregateFit(4, Float32Array.from([0]), [{ client: proxy(0), res: ok([1]) }], [
      { client: proxy(9), failure: fail('timeout', 'it trained for more than 2 s') },
      { client: proxy(3), failure: fail('lost', 'its worker thread stopped') },
    ]);
    assert.ok(isRoundStop(stop));
    assert.equal(stop.field, 'params.acceptFailures');
    assert.match(stop.message, /^Round 4 stopped: 2 clients failed and acceptFailures is off — client 3 \(clients\) lost: its worker thread stopped; client 9 \(clients\) timeout: it trained for more than 2 s\.$/);
    assert.ok(!isRoundStop(s.aggregateFit(5, Float32Array.from([0]), [{ client: proxy(0), res: ok([1]) }], [])), 'a round without failures goes on');
  });

  it('SCAFFOLD sends its control variate and asks for SCAFFOLD training; the variate moves with the clients\' Δc', () => {
    const s = strategy({ strategy: 'SCAFFOLD' });
    const global = Float32Array.from([1, 1]);
    const clients = manager(4);
    const first = s.configureFit(1, global, clients);
    assert.equal(first.length, 4);
    assert.equal(first[0].ins.config.algorithm, 'scaffold');
    assert.deepEqual(Array.from(first[0].ins.tensors!.serverControl), [0, 0], 'c starts at zero');
    const delta = (v: number[]) => ({ tensors: { controlDelta: Float32Array.from(v) } });
    const merged = s.aggregateFit(1, global, [
      { client: proxy(0), res: ok([2, 0], 10, delta([0.4, 0])) },
      { client: proxy(1), res: ok([4, 2], 90, delta([0, 0.8])) },
    ], []);
    // x + η_g·mean(y − x): 1 + (1 + 3)/2 = 3 and 1 + (−1 + 1)/2 = 1 — unweighted, as in the paper.
    assert.deepEqual(weightsOf(merged), [3, 1]);
    // c + (|S|/N)·mean(Δc) = (2/4)·(0.2, 0.4)
    const next = s.configureFit(2, global, clients)[0].ins.tensors!.serverControl;
    assert.ok(Math.abs(next[0] - 0.1) < 1e-7 && Math.abs(next[1] - 0.2) < 1e-7, `c = ${Array.from(next)}`);
  });

  it('QFedAvg asks every client for its loss before training, and refuses an update without one', () => {
    const s = strategy({ strategy: 'QFedAvg' });
    const ins: FitIns = s.configureFit(1, new Float32Array(1), manager(3))[0].ins;
    assert.equal(ins.config.lossBeforeFit, true);
    assert.throws(() => s.aggregateFit(1, new Float32Array(1), [{ client: proxy(0), res: ok([1]) }], []), /client 0 sent no finite loss before training/);
  });

  it('Bulyan stops a round with fewer than 4f + 3 updates, saying how many it needs', () => {
    const s = strategy({ strategy: 'Bulyan', numMalicious: 1 });
    const results = Array.from({ length: 6 }, (_, i) => ({ client: proxy(i), res: ok([i]) }));
    const stop = s.aggregateFit(2, new Float32Array(1), results, []);
    assert.ok(isRoundStop(stop));
    assert.equal(stop.field, 'params.numMalicious');
    assert.match(stop.message, /needs at least 7 updates a round \(4f \+ 3\), but round 2 had 6/);
  });
});
