/**
 * Differential privacy composed with secure aggregation (clip → noise → secure sum, as TFF chains them):
 * the DP wrapper is handed only the secure sum, noises its average for the bounded-weight sum's
 * sensitivity, learns adaptive clipping's norm bits as their count, and accounts as without the sum.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregatorParams, clientParams, type AggregatorParams } from '../../../engine/format/params.js';
import type { FullFitRes } from '../../../engine/protocol/messages.js';
import type { ClientMessage, ServerMessage } from '../../../engine/secagg/index.js';
import type { ClientGroup, ClientManager, ClientProxy } from '../../../engine/server/clientProxy.js';
import { createServerStrategy } from '../../../engine/server/createServerStrategy.js';
import { withSecureAggregation, type AsyncFitStrategy, type SecureAggregationSettings } from '../../../engine/server/secureAggregationStrategy.js';
import { isRoundStop, type FitAggregate, type Reply, type RoundStop, type Strategy } from '../../../engine/server/strategy.js';
import { summedOf } from '../../../engine/server/summedReply.js';
import { previewCoordinates } from '../../../engine/server/previewCoordinates.js';
import { weightCount, type ModelSpec } from '../../../engine/model/modelSpec.js';

function proxy(cid: number): ClientProxy {
  const unused = () => Promise.reject(new Error('not called'));
  return { cid, groupNodeId: 'clients', canEvaluate: true, fit: unused, evaluate: unused };
}

/** n clients, all sampled unless `fraction` says otherwise: q = sampled / n for the accountant. */
function manager(n: number, fraction = 1): ClientManager {
  const group: ClientGroup = {
    nodeId: 'clients',
    params: clientParams.parse({ fraction, minClients: 1 }),
    splitId: 'split',
    splitClients: Array.from({ length: n }, (_, i) => i),
    proxies: Array.from({ length: n }, (_, i) => proxy(i)),
  };
  return { seed: 42, time: 0, groups: [group] };
}

const dp = (params: Record<string, unknown>, seed = 1): Strategy =>
  createServerStrategy(aggregatorParams.parse({ strategy: 'FedAvg', delta: 1e-3, ...params }) as AggregatorParams, seed, 'agg');

const settings: SecureAggregationSettings = { range: 1, graph: 'complete', exampleBound: 100, seed: 5 };

/** A client-clipped update: `global` moved by a seeded direction of norm `norm`. */
function reply(cid: number, global: Float32Array, norm: number, numExamples: number, normBit?: boolean): Reply<FullFitRes> {
  const dir = Float32Array.from(global, (_, i) => Math.cos(5 * cid + 3 * i + 1));
  const scale = norm / Math.hypot(...dir);
  return {
    client: proxy(cid),
    res: {
      status: 'ok',
      weights: Float32Array.from(global, (w, i) => w + scale * dir[i]),
      numExamples,
      metrics: { loss: 1, steps: 1, ms: 1, ...(normBit !== undefined ? { normBit } : {}) },
    },
  };
}

/** Wraps `inner` so every result list it is handed is recorded. */
function spy(inner: Strategy): { strategy: Strategy; seen: Reply<FullFitRes>[][] } {
  const seen: Reply<FullFitRes>[][] = [];
  return { seen, strategy: { ...inner, aggregateFit: (round, global, results, failures) => (seen.push([...results]), inner.aggregateFit(round, global, results, failures)) } };
}

const weightsOf = (a: FitAggregate | RoundStop): Float32Array => {
  assert.ok(!isRoundStop(a), `unexpected stop: ${isRoundStop(a) ? a.message : ''}`);
  return a.weights;
};

async function aggregate(s: AsyncFitStrategy | Strategy, round: number, global: Float32Array, results: Reply<FullFitRes>[], clients = manager(results.length)): Promise<Float32Array> {
  s.configureFit(round, global, clients);
  return weightsOf(await s.aggregateFit(round, global, results, []));
}

const std = (v: ArrayLike<number>): number => {
  const a = Array.from(v);
  const m = a.reduce((s, x) => s + x, 0) / a.length;
  return Math.sqrt(a.reduce((s, x) => s + (x - m) ** 2, 0) / (a.length - 1));
};

describe('differential privacy under secure aggregation', () => {
  it('client-fixed: the DP wrapper is handed only the secure sum, never one client\'s update', async () => {
    const { strategy, seen } = spy(dp({ privacy: 'client-fixed', clipNorm: 0.5, noiseMultiplier: 1 }));
    const secure = withSecureAggregation(strategy, settings);
    const global = Float32Array.from({ length: 30 }, (_, i) => Math.sin(i));
    const results = [0, 1, 2, 3].map((c) => reply(c, global, 0.5, 40 + 20 * c));
    await aggregate(secure, 1, global, results);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].length, 1, 'one result, not one per client');
    assert.equal(seen[0][0].client.cid, -1, 'the sum stands for no client');
    for (const r of results) assert.notDeepEqual(Array.from(seen[0][0].res.weights), Array.from(r.res.weights));
    assert.deepEqual(summedOf(seen[0]), { updates: 4, weight: (40 + 60 + 80 + 100) / 100 });
    assert.equal(seen[0][0].res.metrics.normBit, undefined, 'no client\'s norm bit either');
  });

  it('noises the average with std σ·C·N/Σnᵢ, the sensitivity of the sum weighted by nᵢ/N ≤ 1 — above σ·C/m when shards differ', async () => {
    const d = 6000;
    const global = new Float32Array(d);
    const counts = [100, 50, 30, 20];
    const results = counts.map((n, c) => reply(c, global, 0.02, n));
    const noised = withSecureAggregation(dp({ privacy: 'client-fixed', clipNorm: 2, noiseMultiplier: 1.5 }), settings);
    const clean = withSecureAggregation(dp({ privacy: 'client-fixed', clipNorm: 2, noiseMultiplier: 0 }), settings);
    const a = await aggregate(noised, 1, global, results);
    const b = await aggregate(clean, 1, global, results);
    const expected = (1.5 * 2 * 100) / (100 + 50 + 30 + 20);
    assert.ok(expected > (1.5 * 2) / 4, 'more than σ·C/m for these unequal shards');
    assert.equal(noised.privacy!.last!.noiseStd, expected);
    const measured = std(Float32Array.from(a, (x, i) => x - b[i]));
    assert.ok(Math.abs(measured - expected) < 0.04 * expected, `noise std ${measured}, expected ${expected}`);
  });

  it('noises as σ·C/m, as without secure aggregation, when every shard is the public bound', async () => {
    const global = new Float32Array(10);
    const secure = withSecureAggregation(dp({ privacy: 'client-fixed', clipNorm: 0.7, noiseMultiplier: 1.2 }), settings);
    await aggregate(secure, 1, global, [0, 1, 2, 3, 4].map((c) => reply(c, global, 0.1, 100)));
    assert.ok(Math.abs(secure.privacy!.last!.noiseStd - (1.2 * 0.7) / 5) < 1e-12);
  });

  it('spends the same ε as client-fixed without secure aggregation, round after round', async () => {
    const global = new Float32Array(8);
    const results = [0, 1, 2].map((c) => reply(c, global, 0.1, 100));
    const plain = dp({ privacy: 'client-fixed', noiseMultiplier: 0.8 });
    const secure = withSecureAggregation(dp({ privacy: 'client-fixed', noiseMultiplier: 0.8 }), settings);
    // 3 of 10 clients a round: q = 0.3.
    for (let round = 1; round <= 3; round++) {
      await aggregate(plain, round, global, results, manager(10, 0.3));
      await aggregate(secure, round, global, results, manager(10, 0.3));
      assert.ok(secure.privacy!.epsilon > 0);
      assert.equal(secure.privacy!.epsilon, plain.privacy!.epsilon, `round ${round}`);
      assert.equal(secure.privacy!.last!.q, 0.3);
    }
  });

  it('client-adaptive: the norm bits travel in the sum, and C moves as it does when the server counts them in the clear', async () => {
    const d = 12;
    const global = new Float32Array(d);
    // Bits 1, 1, 1, 0: three of four within C.
    const results = [true, true, true, false].map((bit, c) => reply(c, global, 0.1, 100, bit));
    const params = { privacy: 'client-adaptive', clipNorm: 0.5, noiseMultiplier: 0.5, clippedCountStddev: 1, targetQuantile: 0.5 };
    const { strategy, seen } = spy(dp(params));
    const secure = withSecureAggregation(strategy, { ...settings, normBits: true });
    const plain = dp(params);
    for (let round = 1; round <= 2; round++) {
      await aggregate(secure, round, global, results);
      await aggregate(plain, round, global, results);
    }
    assert.equal(summedOf(seen[0])?.normBits, 3, 'the count, read off the sum');
    assert.equal(seen[0][0].res.metrics.normBit, undefined);
    const [c1, c2] = (secure.privacy as unknown as { rounds: { clipNorm: number }[] }).rounds.map((r) => r.clipNorm);
    const plainRounds = (plain.privacy as unknown as { rounds: { clipNorm: number }[] }).rounds.map((r) => r.clipNorm);
    assert.equal(c1, 0.5);
    assert.notEqual(c2, c1, 'C moved after round 1');
    assert.deepEqual([c1, c2], plainRounds);
  });

  it('refuses to clip on the server inside a secure sum, stopping the round on params.privacy', async () => {
    const global = new Float32Array(4);
    const secure = withSecureAggregation(dp({ privacy: 'server-fixed' }), settings);
    secure.configureFit(1, global, manager(3));
    const stop = await secure.aggregateFit(1, global, [0, 1, 2].map((c) => reply(c, global, 0.1, 100)), []);
    assert.ok(isRoundStop(stop));
    assert.equal(stop.field, 'params.privacy');
    assert.match(stop.message, /clips each update on the server, which secure aggregation hides from it/);
  });
});

describe('the masked-update preview', () => {
  it('shows the first client\'s update, the words the server received from it, and the unmasked average, on the coordinates asked', async () => {
    const d = 300;
    const global = Float32Array.from({ length: d }, (_, i) => Math.sin(i));
    const results = [0, 1, 2, 3].map((c) => reply(c, global, 0.5, 50 + 10 * c));
    const received: Uint32Array[] = [];
    const onMessage = (m: ClientMessage | ServerMessage, to: 'server' | number) => {
      if (to === 'server' && m.kind === 'maskedInput' && m.from === 0) received.push(m.vector.slice());
    };
    const indices = Array.from({ length: 20 }, (_, i) => 7 + 13 * i);
    const secure = withSecureAggregation(dp({}), { ...settings, onMessage, preview: { indices, rows: 4, columns: 5 } });
    const merged = await aggregate(secure, 1, global, results);
    const preview = secure.lastRoundPreview!()!;
    assert.equal(preview.clientId, 0);
    assert.deepEqual([preview.rows, preview.columns], [4, 5]);
    assert.equal(received.length, 1);
    assert.deepEqual(preview.masked, indices.map((i) => received[0][i]), 'exactly the words the server received');
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-3 * Math.abs(b) + 1e-7;
    indices.forEach((c, k) => {
      assert.ok(close(preview.update[k], results[0].res.weights[c] - global[c]), `update at ${c}`);
      assert.ok(close(preview.average[k], merged[c] - global[c]), `average at ${c}`);
    });
  });

  it('takes the first 256 coordinates where no model says better, and they look like uniform noise to the server', async () => {
    const global = Float32Array.from({ length: 300 }, (_, i) => Math.sin(i));
    const secure = withSecureAggregation(dp({}), settings);
    await aggregate(secure, 1, global, [0, 1, 2, 3].map((c) => reply(c, global, 0.5, 50)));
    const preview = secure.lastRoundPreview!()!;
    assert.equal(preview.masked.length, 256);
    assert.deepEqual([preview.rows, preview.columns], [16, 16]);
    assert.ok(std(preview.masked) > 0.2 * 2 ** 32, `masked spread ${std(preview.masked)}`);
  });
});

describe('the preview\'s coordinates', () => {
  it('are the MNIST MLP\'s weights into its first hidden unit, as a 28 × 28 picture', () => {
    const spec = { params: { arch: 'mlp', hidden: [32], activation: 'relu' }, inputShape: [28, 28, 1], numClasses: 10 } as unknown as ModelSpec;
    const p = previewCoordinates(spec, weightCount(spec));
    assert.deepEqual([p.rows, p.columns, p.indices.length], [28, 28, 784]);
    assert.deepEqual(p.indices.slice(0, 3), [0, 32, 64], 'unit 0 of the [784, 32] kernel, one per pixel');
    assert.equal(p.indices.at(-1), 783 * 32);
  });

  it('are the first conv filter for a CNN, and the first 256 coordinates for a wide input', () => {
    const cnn = { params: { arch: 'cnn' }, inputShape: [28, 28, 1], numClasses: 10 } as unknown as ModelSpec;
    const c = previewCoordinates(cnn, weightCount(cnn));
    assert.deepEqual([c.rows, c.columns], [5, 5]);
    assert.deepEqual(c.indices.slice(0, 2), [0, 32]);
    const wide = { params: { arch: 'logistic' }, inputShape: [32, 32, 3], numClasses: 10 } as unknown as ModelSpec;
    const w = previewCoordinates(wide, weightCount(wide));
    assert.deepEqual([w.rows, w.columns, w.indices.length], [16, 16, 256]);
    assert.equal(w.indices[255], 255);
  });
});
