/** The secure-aggregation wrapper: its inner strategy sees only the secure sum, never one client's update. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregatorParams, type AggregatorParams } from '../../../engine/format/params.js';
import type { ClientFailure, FullFitRes } from '../../../engine/protocol/messages.js';
import type { ClientProxy } from '../../../engine/server/clientProxy.js';
import { createServerStrategy } from '../../../engine/server/createServerStrategy.js';
import { withSecureAggregation } from '../../../engine/server/secureAggregationStrategy.js';
import { isRoundStop, type FitAggregate, type Reply, type RoundStop, type Strategy } from '../../../engine/server/strategy.js';

function proxy(cid: number): ClientProxy {
  const unused = () => Promise.reject(new Error('not called'));
  return { cid, groupNodeId: 'clients', canEvaluate: true, fit: unused, evaluate: unused };
}
const ok = (weights: Float32Array, numExamples: number): FullFitRes => ({ status: 'ok', weights, numExamples, metrics: { loss: 1, steps: 5, ms: 1 } });
const fail = (code: ClientFailure['code']): ClientFailure => ({ status: 'failed', code, message: code });
const fedAvg = () => createServerStrategy(aggregatorParams.parse({ strategy: 'FedAvg' }) as AggregatorParams);
const weightsOf = (a: FitAggregate | RoundStop): Float32Array => {
  assert.ok(!isRoundStop(a), `unexpected stop: ${isRoundStop(a) ? a.message : ''}`);
  return a.weights;
};

/** A FedAvg that records every result list it is given. */
function spy(): { strategy: Strategy; seen: Reply<FullFitRes>[][] } {
  const inner = fedAvg();
  const seen: Reply<FullFitRes>[][] = [];
  return { seen, strategy: { ...inner, aggregateFit: (round, global, results, failures) => (seen.push([...results]), inner.aggregateFit(round, global, results, failures)) } };
}

/** A round of `n` clients whose updates are small seeded numbers around `global`. */
function round(n: number, d: number): { global: Float32Array; results: Reply<FullFitRes>[] } {
  const global = Float32Array.from({ length: d }, (_, i) => Math.sin(i));
  const results = Array.from({ length: n }, (_, c) => ({
    client: proxy(c),
    res: ok(Float32Array.from(global, (w, i) => w + 0.3 * Math.cos(7 * c + 3 * i)), 10 + 13 * c),
  }));
  return { global, results };
}

const settings = { range: 1, graph: 'sparse' as const, exampleBound: 200, seed: 5 };

describe('secure aggregation wrapper', () => {
  it('gives the inner strategy one aggregated result a round, equal to FedAvg within the quantisation bound', async () => {
    const { strategy, seen } = spy();
    const secure = withSecureAggregation(strategy, settings);
    const { global, results } = round(9, 40);
    const merged = weightsOf(await secure.aggregateFit(1, global, results, []));
    assert.equal(seen.length, 1);
    assert.equal(seen[0].length, 1, 'one result, not one per client');
    const only = seen[0][0];
    assert.equal(only.res.numExamples, results.reduce((s, r) => s + r.res.numExamples, 0), 'the summed example count');
    for (const r of results) {
      assert.notEqual(only.client.cid, r.client.cid, 'no client of the round stands for the sum');
      assert.notDeepEqual(Array.from(only.res.weights), Array.from(r.res.weights), 'no individual update reaches the inner strategy');
    }
    const plain = weightsOf(fedAvg().aggregateFit(1, global, results, []));
    const bytes = secure.lastRoundBytes!()!;
    // Error of the average update: N·bound/Σn per coordinate, plus float32 rounding of weights near 1.
    const tolerance = (settings.exampleBound * bytes.stats.errorBound) / only.res.numExamples + 1e-6;
    const worst = Math.max(...Array.from(merged, (w, i) => Math.abs(w - plain[i])));
    assert.ok(worst <= tolerance, `off FedAvg by ${worst}, bound ${tolerance}`);
  });

  it('counts each client\'s protocol messages as its bytes, the masked vector included', async () => {
    const secure = withSecureAggregation(fedAvg(), settings);
    const { global, results } = round(4, 40);
    await secure.aggregateFit(1, global, results, []);
    const bytes = secure.lastRoundBytes!()!;
    assert.deepEqual([...bytes.perClient.keys()].sort(), [0, 1, 2, 3]);
    for (const b of bytes.perClient.values()) assert.ok(b.up > 4 * 41, `each client uploads at least its masked vector of 41 coordinates, got ${b.up}`);
    assert.equal(bytes.up, [...bytes.perClient.values()].reduce((s, b) => s + b.up, 0));
    assert.equal(bytes.up / 4, bytes.stats.uploadBytesPerClient);
  });

  it('keeps clients that dropped out after sampling in the protocol and sums only those that answered', async () => {
    const { strategy, seen } = spy();
    const secure = withSecureAggregation(strategy, { ...settings, graph: 'complete' });
    const { global, results } = round(6, 12);
    const failures = [{ client: proxy(6), failure: fail('dropped') }];
    const merged = weightsOf(await secure.aggregateFit(1, global, results, failures));
    const plain = weightsOf(fedAvg().aggregateFit(1, global, results, []));
    assert.equal(seen[0].length, 1);
    assert.ok(Math.max(...Array.from(merged, (w, i) => Math.abs(w - plain[i]))) < 1e-5);
    const bytes = secure.lastRoundBytes!()!;
    assert.ok(bytes.perClient.get(6)!.up > 0, 'the dropped client shared keys before it left');
  });

  it('stops the round, naming the field, when one client answered: its "sum" would be its own update', async () => {
    const { strategy, seen } = spy();
    const secure = withSecureAggregation(strategy, settings);
    const { global, results } = round(1, 4);
    const stop = await secure.aggregateFit(3, global, results, []);
    assert.ok(isRoundStop(stop));
    assert.equal(stop.field, 'params.secureAggregation');
    assert.match(stop.message, /Round 3 stopped: secure aggregation could not finish/);
    assert.equal(seen.length, 0, 'the inner strategy saw nothing');
  });

  it('stops the round when a client claims more examples than the public bound, which would break the count coordinate', async () => {
    const secure = withSecureAggregation(fedAvg(), settings);
    const { global, results } = round(3, 4);
    const stop = await secure.aggregateFit(2, global, [...results, { client: proxy(3), res: ok(new Float32Array(4), 201) }], []);
    assert.ok(isRoundStop(stop));
    assert.match(stop.message, /client 3 reports 201 examples, more than the public bound 200/);
  });

  it('clips each coordinate of an update to the range before summing', async () => {
    const secure = withSecureAggregation(fedAvg(), { ...settings, range: 0.5 });
    const global = new Float32Array(2);
    const results = [
      { client: proxy(0), res: ok(Float32Array.from([3, -0.25]), 50) },
      { client: proxy(1), res: ok(Float32Array.from([-3, -0.25]), 50) },
      { client: proxy(2), res: ok(Float32Array.from([2, -0.25]), 100) },
    ];
    const merged = weightsOf(await secure.aggregateFit(1, global, results, []));
    // (50·0.5 − 50·0.5 + 100·0.5)/200 = 0.25; the second coordinate is inside the range and stays −0.25.
    assert.ok(Math.abs(merged[0] - 0.25) < 1e-6 && Math.abs(merged[1] + 0.25) < 1e-6, `got ${Array.from(merged)}`);
  });
});
