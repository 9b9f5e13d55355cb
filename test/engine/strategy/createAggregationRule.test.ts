import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregatorParams } from '../../../engine/format/params.js';
import { createAggregationRule as createStrategy, RULE_STRATEGY_NAMES as STRATEGY_NAMES } from '../../../engine/strategy/createAggregationRule.js';
import { fedTrimmedAvg } from '../../../engine/strategy/fedTrimmedAvg.js';
import { reorderings, snapshot, update } from './helpers.js';

// FedAvgM's Flower default (server momentum 0) keeps no state; these tests need it to.
const rule = (params: Record<string, unknown>) => aggregatorParams.parse(params) as Parameters<typeof createStrategy>[0];
const defaults = (strategy: string) => rule(strategy === 'FedAvgM' ? { strategy, serverMomentum: 0.9 } : { strategy });
const global = Float32Array.from([0.5, -0.25, 1]);
const round = [
  update(3, [0.6, -0.2, 1.1], 12),
  update(0, [0.4, -0.3, 0.9], 30),
  update(7, [0.55, -0.1, 1.3], 5),
  update(1, [0.45, -0.35, 0.8], 20),
  update(5, [9, 9, -9], 100),
];

test('createStrategy gives every strategy its Flower name', () => {
  for (const name of STRATEGY_NAMES) assert.equal(createStrategy(defaults(name)).name, name);
});

test('every strategy with default params survives an empty round and then aggregates a real one', () => {
  for (const name of STRATEGY_NAMES) {
    const strategy = createStrategy(defaults(name));
    const empty = strategy.aggregate(global, []);
    assert.deepEqual(empty, global, name);
    assert.notEqual(empty, global, name);
    const next = strategy.aggregate(global, round);
    assert.equal(next.length, global.length, name);
    assert.ok(next.every(Number.isFinite), `${name} produced a non-finite weight`);
  }
});

test('no strategy modifies the global weights or the updates', () => {
  for (const name of STRATEGY_NAMES) {
    const g = global.slice();
    const before = snapshot(round);
    const strategy = createStrategy(defaults(name));
    strategy.aggregate(g, round);
    strategy.aggregate(g, round);
    assert.deepEqual(g, global, name);
    assert.deepEqual(round, before, name);
  }
});

test('no strategy\'s result depends on the order the updates arrive in, over two rounds', () => {
  for (const name of STRATEGY_NAMES) {
    const run = (updates: typeof round) => {
      const strategy = createStrategy(defaults(name));
      const first = strategy.aggregate(global, updates);
      return [first, strategy.aggregate(first, updates)];
    };
    const expected = run(round);
    for (const order of reorderings(round)) assert.deepEqual(run(order), expected, name);
  }
});

test('each createStrategy call starts with fresh server state', () => {
  for (const name of ['FedAvgM', 'FedAdam', 'FedYogi', 'FedAdagrad'] as const) {
    const used = createStrategy(defaults(name));
    used.aggregate(global, round);
    const fresh = createStrategy(defaults(name));
    const reference = createStrategy(defaults(name));
    assert.deepEqual(fresh.aggregate(global, round), reference.aggregate(global, round), name);
  }
});

test('stateful strategies remember the previous round: repeating a round moves the model differently', () => {
  // The state (momentum, m, v) must actually persist inside the strategy object.
  for (const name of ['FedAvgM', 'FedAdam', 'FedYogi', 'FedAdagrad'] as const) {
    const strategy = createStrategy(defaults(name));
    const first = strategy.aggregate(global, round);
    const second = strategy.aggregate(global, round);
    assert.notDeepEqual(second, first, name);
  }
});

test('createStrategy passes each strategy its params', () => {
  const trimmed = createStrategy(rule({ strategy: 'FedTrimmedAvg', beta: 0.4 }));
  assert.deepEqual(trimmed.aggregate(global, round), fedTrimmedAvg(global, round, 0.4));
  const multi = createStrategy(rule({ strategy: 'MultiKrum', numMalicious: 1, numToKeep: 3 }));
  multi.aggregate(global, round);
  assert.equal(multi.lastSelection?.length, 3);
  assert.ok(!multi.lastSelection?.includes(5), 'MultiKrum kept the attacker');
  const krum = createStrategy(rule({ strategy: 'Krum', numMalicious: 1 }));
  krum.aggregate(global, round);
  assert.equal(krum.lastSelection?.length, 1);
  assert.notEqual(krum.lastSelection?.[0], 5);
});
