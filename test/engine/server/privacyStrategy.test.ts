/** The DP strategy wrapper over fake clients: it clips, noises with the right std, repeats with the seed, and accounts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregatorParams, clientParams, type AggregatorParams } from '../../../engine/format/params.js';
import type { FullFitRes } from '../../../engine/protocol/messages.js';
import type { ClientGroup, ClientManager, ClientProxy } from '../../../engine/server/clientProxy.js';
import { createServerStrategy } from '../../../engine/server/createServerStrategy.js';
import { isRoundStop, type Reply, type Strategy } from '../../../engine/server/strategy.js';
import { epsilonOf } from '../../../engine/privacy/rdpAccountant.js';

function proxy(cid: number): ClientProxy {
  const unused = () => Promise.reject(new Error('not called'));
  return { cid, groupNodeId: 'clients', canEvaluate: true, fit: unused, evaluate: unused };
}

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

const strategy = (params: Record<string, unknown>, seed = 1): Strategy =>
  createServerStrategy(aggregatorParams.parse({ strategy: 'FedAvg', ...params }) as AggregatorParams, seed, 'agg');

const reply = (cid: number, weights: Float32Array, normBit?: boolean): Reply<FullFitRes> => ({
  client: proxy(cid),
  res: { status: 'ok', weights, numExamples: 10, metrics: { loss: 1, steps: 1, ms: 1, ...(normBit !== undefined ? { normBit } : {}) } },
});

const aggregate = (s: Strategy, round: number, global: Float32Array, results: Reply<FullFitRes>[]): Float32Array => {
  s.configureFit(round, global, manager(results.length));
  const a = s.aggregateFit(round, global, results, []);
  assert.ok(!isRoundStop(a));
  return a.weights;
};

const std = (v: Float32Array): number => {
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
};

describe('differential privacy as a strategy wrapper', () => {
  it('privacy none is the strategy itself: the same weights to the bit', () => {
    const global = new Float32Array([0, 0]);
    const results = [reply(0, Float32Array.from([1, 2])), reply(1, Float32Array.from([3, 4]))];
    assert.deepEqual(aggregate(strategy({}), 1, global, results), aggregate(strategy({ privacy: 'none' }), 1, global, results));
    assert.equal(strategy({}).privacy, undefined);
  });

  it('server-fixed clips each update to C before averaging (σ 0 shows the clipped mean)', () => {
    const global = Float32Array.from([1, 1]);
    // Updates (3, 4) and (0, 0.5): the first clips to (0.6, 0.8), the second is within C = 1.
    const w = aggregate(strategy({ privacy: 'server-fixed', clipNorm: 1, noiseMultiplier: 0 }), 1, global, [
      reply(0, Float32Array.from([4, 5])),
      reply(1, Float32Array.from([1, 1.5])),
    ]);
    assert.deepEqual([...w].map((x) => +x.toFixed(5)), [1.3, 1.65]);
  });

  it('adds noise of std σ·C/m to the average (Flower), measured over many coordinates and seeds', () => {
    const n = 5000;
    const global = new Float32Array(n);
    const results = Array.from({ length: 4 }, (_, c) => reply(c, new Float32Array(n)));
    const stds = [1, 2, 3].map((seed) => std(aggregate(strategy({ privacy: 'server-fixed', clipNorm: 2, noiseMultiplier: 1.5 }, seed), 1, global, results)));
    const expected = (1.5 * 2) / 4;
    for (const s of stds) assert.ok(Math.abs(s - expected) < 0.04 * expected, `std ${s}, expected ${expected}`);
  });

  it('repeats exactly with the same seed and differs with another', () => {
    const global = new Float32Array(50);
    const results = [reply(0, new Float32Array(50).fill(0.1)), reply(1, new Float32Array(50).fill(-0.1))];
    const run = (seed: number) => aggregate(strategy({ privacy: 'server-fixed' }, seed), 1, global, results);
    assert.deepEqual(run(5), run(5));
    assert.notDeepEqual(run(5), run(6));
  });

  it('reports ε every round as the accountant gives it for q = sampled / total', () => {
    const s = strategy({ privacy: 'server-fixed', noiseMultiplier: 1.1, delta: 1e-5 });
    const global = new Float32Array(4);
    for (let round = 1; round <= 3; round++) {
      const ins = s.configureFit(round, global, manager(20, 0.25));
      assert.equal(ins.length, 5);
      const a = s.aggregateFit(round, global, ins.map((i) => reply(i.client.cid, new Float32Array(4))), []);
      assert.ok(!isRoundStop(a));
      const expected = epsilonOf([{ q: 0.25, sigma: 1.1, steps: round }], 1e-5).epsilon;
      assert.ok(Math.abs(s.privacy!.epsilon - expected) < 1e-12 * expected);
    }
    assert.equal(s.privacy!.last?.q, 0.25);
  });

  it('client-fixed sends the clip norm to the clients and leaves their updates to them', () => {
    const s = strategy({ privacy: 'client-fixed', clipNorm: 0.7, noiseMultiplier: 0 });
    const ins = s.configureFit(1, new Float32Array(2), manager(3));
    assert.ok(ins.every((i) => i.ins.config.clipNorm === 0.7 && i.ins.config.localNoise === undefined));
    // The server does not clip again: a (pretend) long update passes as the clients sent it.
    const w = s.aggregateFit(1, new Float32Array(2), [reply(0, Float32Array.from([2, 0]))], []);
    assert.ok(!isRoundStop(w));
    assert.deepEqual([...w.weights], [2, 0]);
    const local = strategy({ privacy: 'local', clipNorm: 0.5, noiseMultiplier: 2 }).configureFit(1, new Float32Array(2), manager(2));
    assert.ok(local.every((i) => i.ins.config.clipNorm === 0.5 && i.ins.config.localNoise === 2));
  });

  it('server-adaptive moves C down when every update is within it, and up when none is', () => {
    const global = new Float32Array(2);
    const small = Array.from({ length: 20 }, (_, c) => reply(c, Float32Array.from([0.01, 0])));
    const big = Array.from({ length: 20 }, (_, c) => reply(c, Float32Array.from([100, 0])));
    const down = strategy({ privacy: 'server-adaptive', clipNorm: 1, noiseMultiplier: 0 });
    const up = strategy({ privacy: 'server-adaptive', clipNorm: 1, noiseMultiplier: 0 });
    for (let r = 1; r <= 3; r++) {
      aggregate(down, r, global, small);
      aggregate(up, r, global, big);
    }
    const cDown = down.privacy!.last!.clipNorm;
    const cUp = up.privacy!.last!.clipNorm;
    // C after two updates: exp(∓0.2·0.5)² from 1, the third round's clip shown is the one used.
    assert.ok(Math.abs(cDown - Math.exp(-0.2)) < 1e-9, `C ${cDown}`);
    assert.ok(Math.abs(cUp - Math.exp(0.2)) < 1e-9, `C ${cUp}`);
  });

  it('client-adaptive moves C from the norm bits the clients report, and sends the new C next round', () => {
    const s = strategy({ privacy: 'client-adaptive', clipNorm: 1, noiseMultiplier: 0 });
    const global = new Float32Array(2);
    s.configureFit(1, global, manager(4));
    // No client was within C: C grows by exp(0.2·0.5).
    s.aggregateFit(1, global, [0, 1, 2, 3].map((c) => reply(c, new Float32Array(2), false)), []);
    const next = s.configureFit(2, global, manager(4));
    assert.ok(next.every((i) => Math.abs(i.ins.config.clipNorm! - Math.exp(0.1)) < 1e-9), String(next[0].ins.config.clipNorm));
  });
});
