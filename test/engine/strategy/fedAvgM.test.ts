import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fedAvg } from '../../../engine/strategy/fedAvg.js';
import { fedAvgMStep, fedAvgMStrategy, initialFedAvgMState } from '../../../engine/strategy/fedAvgM.js';
import { assertClose, reorderings, snapshot, update } from './helpers.js';

test('FedAvgM with zero momentum equals FedAvg with server lr 1', () => {
  const strategy = fedAvgMStrategy({ serverLearningRate: 1, serverMomentum: 0 });
  let global: Float32Array = Float32Array.from([0.3, -1.2, 5]);
  const rounds = [
    [update(0, [0.1, -1, 4.5], 3), update(1, [0.7, -1.4, 5.2], 1)],
    [update(0, [0.2, -0.9, 4.9], 2), update(2, [0.5, -1.1, 4.4], 6)],
  ];
  for (const updates of rounds) {
    const next = strategy.aggregate(global, updates);
    assertClose(next, Array.from(fedAvg(global, updates)));
    global = next;
  }
});

test('FedAvgM with zero momentum and server lr 0.5 moves halfway towards the FedAvg result', () => {
  // pseudo-gradient = 2 − 4 = −2;  new = 2 − 0.5·(−2) = 3
  const { weights } = fedAvgMStep(Float32Array.from([2]), [update(0, [4])], initialFedAvgMState, {
    serverLearningRate: 0.5,
    serverMomentum: 0,
  });
  assertClose(weights, [3]);
});

test('FedAvgM carries its momentum into the second round', () => {
  const strategy = fedAvgMStrategy({ serverLearningRate: 0.5, serverMomentum: 0.9 });
  // Round 1: FedAvg of [0, 2] and [0.5, 3] (1 example each) = [0.25, 2.5]
  //   pseudo-gradient = [1, 2] − [0.25, 2.5] = [0.75, −0.5];  v = pseudo-gradient (first round)
  //   new = [1, 2] − 0.5·[0.75, −0.5] = [0.625, 2.25]
  const round1 = strategy.aggregate(Float32Array.from([1, 2]), [update(0, [0, 2]), update(1, [0.5, 3])]);
  assertClose(round1, [0.625, 2.25]);
  // Round 2: FedAvg = [0.125, 2.75];  pseudo-gradient = [0.625, 2.25] − [0.125, 2.75] = [0.5, −0.5]
  //   v = 0.9·[0.75, −0.5] + [0.5, −0.5] = [1.175, −0.95]
  //   new = [0.625, 2.25] − 0.5·[1.175, −0.95] = [0.0375, 2.725]
  const round2 = strategy.aggregate(round1, [update(0, [0.125, 2.75])]);
  assertClose(round2, [0.0375, 2.725]);
});

test('FedAvgM\'s first round with momentum is a plain server-SGD step', () => {
  // Flower's first momentum vector is the pseudo-gradient itself, so round 1 is global − lr·pseudo-gradient:
  // pseudo-gradient = 1 − 3 = −2;  v = −2;  new = 1 − 1·(−2) = 3, i.e. exactly FedAvg.
  const { weights, state } = fedAvgMStep(Float32Array.from([1]), [update(0, [3])], initialFedAvgMState, {
    serverLearningRate: 1,
    serverMomentum: 0.9,
  });
  assertClose(weights, [3]);
  assertClose(state.velocity ?? [], [-2]);
});

test('FedAvgM skips a round without updates and keeps its momentum for the next one', () => {
  const options = { serverLearningRate: 0.5, serverMomentum: 0.9 };
  const steady = fedAvgMStrategy(options);
  const interrupted = fedAvgMStrategy(options);
  const g0 = Float32Array.from([1, 2]);
  const first = [update(0, [0, 2]), update(1, [0.5, 3])];
  const g1 = steady.aggregate(g0, first);
  assert.deepEqual(interrupted.aggregate(g0, first), g1);
  const empty = interrupted.aggregate(g1, []);
  assert.deepEqual(empty, g1);
  assert.notEqual(empty, g1);
  // Same hand-computed second round as above: the empty round changed nothing.
  const second = [update(0, [0.125, 2.75])];
  assert.deepEqual(interrupted.aggregate(g1, second), steady.aggregate(g1, second));
});

test('fedAvgMStep leaves the previous state, the global weights and the updates unchanged', () => {
  const options = { serverLearningRate: 1, serverMomentum: 0.5 };
  const g = Float32Array.from([1, 1]);
  const updates = [update(0, [0, 2], 2), update(1, [3, 1], 1)];
  const before = snapshot(updates);
  const first = fedAvgMStep(g, updates, initialFedAvgMState, options);
  const velocity = first.state.velocity?.slice();
  fedAvgMStep(first.weights, updates, first.state, options);
  assert.deepEqual(first.state.velocity, velocity);
  assert.deepEqual(g, Float32Array.from([1, 1]));
  assert.deepEqual(updates, before);
  assert.equal(initialFedAvgMState.velocity, null);
});

test('FedAvgM gives the same result whatever order the updates arrive in', () => {
  const options = { serverLearningRate: 0.7, serverMomentum: 0.9 };
  const g = Float32Array.from([0.3, -0.1]);
  const updates = [update(3, [0.1, 0.2], 4), update(1, [0.33, -0.5], 9), update(8, [1e-3, 7], 1)];
  const expected = fedAvgMStep(g, updates, initialFedAvgMState, options).weights;
  for (const order of reorderings(updates)) {
    assert.deepEqual(fedAvgMStep(g, order, initialFedAvgMState, options).weights, expected);
  }
});

test('FedAvgM names the client whose update does not fit the model', () => {
  const strategy = fedAvgMStrategy({ serverLearningRate: 1, serverMomentum: 0.9 });
  assert.throws(() => strategy.aggregate(Float32Array.from([1, 2]), [update(3, [1])]), /Client 3/);
  assert.equal(strategy.name, 'FedAvgM');
});
