import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FedOptVariant } from '../../../engine/strategy/fedOpt.js';
import { fedOptStep, fedOptStrategy, initialFedOptState } from '../../../engine/strategy/fedOpt.js';
import { assertClose, reorderings, snapshot, update } from './helpers.js';

const VARIANTS: readonly FedOptVariant[] = ['FedAdam', 'FedYogi', 'FedAdagrad'];
/** Flower's FedAdam defaults. */
const flowerAdam = { eta: 0.1, beta1: 0.9, beta2: 0.99, tau: 1e-9 };
/** Round numbers chosen so the hand arithmetic stays exact. */
const handy = { eta: 1, beta1: 0.5, beta2: 0.75, tau: 1 };

test('FedAdam\'s first step moves each coordinate by about η in the update\'s direction', () => {
  // Δ = [2, 0.5] − [0, 1] = [2, −0.5];  m = 0.1·Δ = [0.2, −0.05];  v = 0.01·Δ² = [0.04, 0.0025]
  // m/(√v + τ) = [0.2/0.2, −0.05/0.05] ≈ [1, −1];  new ≈ [0, 1] + 0.1·[1, −1] = [0.1, 0.9]
  const g = Float32Array.from([0, 1]);
  const { weights } = fedOptStep('FedAdam', g, [update(0, [2, 0.5])], initialFedOptState, flowerAdam);
  assertClose(weights, [0.1, 0.9]);
});

test('FedAdam and FedYogi take the same first step because both start v at zero', () => {
  // With v₀ = 0, Adam and Yogi both give v = (1 − β2)·Δ²; Adagrad gives v = Δ².
  // Δ = 4:  m = 0.1·4 = 0.4;  Adam/Yogi: √(0.01·16) = 0.4 → step 0.1;  Adagrad: √16 = 4 → step 0.01
  const g = Float32Array.from([0]);
  const updates = [update(0, [4])];
  const step = (variant: FedOptVariant) => fedOptStep(variant, g, updates, initialFedOptState, flowerAdam).weights;
  assertClose(step('FedAdam'), [0.1]);
  assertClose(step('FedYogi'), [0.1]);
  assertClose(step('FedAdagrad'), [0.01]);
});

test('FedAdam carries m and v into the second round', () => {
  const strategy = fedOptStrategy('FedAdam', handy);
  // Round 1: Δ = [2, 2];  m = 0.5·Δ = [1, 1];  v = 0.25·Δ² = [1, 1];  new = 0 + 1/(1 + 1) = [0.5, 0.5]
  const g1 = strategy.aggregate(Float32Array.from([0, 0]), [update(0, [2, 2])]);
  assertClose(g1, [0.5, 0.5]);
  // Round 2: Δ = [1.5, −1.5] − [0.5, 0.5] = [1, −2]
  //   m = 0.5·[1, 1] + 0.5·[1, −2] = [1, −0.5]
  //   v = 0.75·[1, 1] + 0.25·[1, 4] = [1, 1.75]
  //   new = [0.5 + 1/(1 + 1), 0.5 − 0.5/(1 + √1.75)] = [1, 0.5 − 0.5/2.3228756555] = [1, 0.2847495630]
  const g2 = strategy.aggregate(g1, [update(0, [1.5, -1.5])]);
  assertClose(g2, [1, 0.284749563]);
});

test('FedYogi carries m and v into the second round, moving v additively towards Δ²', () => {
  const strategy = fedOptStrategy('FedYogi', handy);
  // Round 1: Δ = [2, 2];  v = 0 − 0.25·4·sign(0 − 4) = [1, 1];  m = [1, 1];  new = [0.5, 0.5]
  const g1 = strategy.aggregate(Float32Array.from([0, 0]), [update(0, [2, 2])]);
  assertClose(g1, [0.5, 0.5]);
  // Round 2: Δ = [1, −2], Δ² = [1, 4]
  //   v = [1 − 0.25·1·sign(1 − 1), 1 − 0.25·4·sign(1 − 4)] = [1 − 0, 1 + 1] = [1, 2]   (Adam: [1, 1.75])
  //   m = [1, −0.5]
  //   new = [0.5 + 1/(1 + 1), 0.5 − 0.5/(1 + √2)] = [1, 0.5 − 0.2071067812] = [1, 0.2928932188]
  const g2 = strategy.aggregate(g1, [update(0, [1.5, -1.5])]);
  assertClose(g2, [1, 0.2928932188]);
});

test('FedAdagrad carries m and the growing sum of squares into the second round', () => {
  const strategy = fedOptStrategy('FedAdagrad', handy);
  // Round 1: Δ = [1, 1];  m = 0.5·Δ = [0.5, 0.5];  v = Δ² = [1, 1];  new = 0.5/(1 + 1) = [0.25, 0.25]
  const g1 = strategy.aggregate(Float32Array.from([0, 0]), [update(0, [1, 1])]);
  assertClose(g1, [0.25, 0.25]);
  // Round 2: Δ = [1.25, −1.75] − [0.25, 0.25] = [1, −2]
  //   m = 0.5·[0.5, 0.5] + 0.5·[1, −2] = [0.75, −0.75]
  //   v = [1 + 1, 1 + 4] = [2, 5]
  //   new = [0.25 + 0.75/(1 + √2), 0.25 − 0.75/(1 + √5)]
  //       = [0.25 + 0.3106601718, 0.25 − 0.2317627458] = [0.5606601718, 0.0182372542]
  const g2 = strategy.aggregate(g1, [update(0, [1.25, -1.75])]);
  assertClose(g2, [0.5606601718, 0.0182372542]);
});

test('FedOpt strategies average the clients by examples before stepping', () => {
  // FedAvg of [4] (3 examples) and [−4] (1 example) = (12 − 4)/4 = 2, so this is FedAdam round 1 above.
  const strategy = fedOptStrategy('FedAdam', handy);
  assertClose(strategy.aggregate(Float32Array.from([0]), [update(0, [4], 3), update(1, [-4], 1)]), [0.5]);
});

test('FedOpt strategies leave the model in place when every client sends it back unchanged', () => {
  // Δ = 0 → m = 0, v = 0 → step 0/(0 + τ) = 0, with no NaN from 0/0.
  for (const variant of VARIANTS) {
    const g = Float32Array.from([0.5, -3]);
    const { weights } = fedOptStep(variant, g, [update(0, [0.5, -3])], initialFedOptState, flowerAdam);
    assert.deepEqual(weights, g, variant);
  }
});

test('FedOpt strategies skip a round without updates and keep m and v for the next one', () => {
  for (const variant of VARIANTS) {
    const steady = fedOptStrategy(variant, handy);
    const interrupted = fedOptStrategy(variant, handy);
    const g0 = Float32Array.from([0, 0]);
    const g1 = steady.aggregate(g0, [update(0, [2, 2])]);
    interrupted.aggregate(g0, [update(0, [2, 2])]);
    const empty = interrupted.aggregate(g1, []);
    assert.deepEqual(empty, g1, variant);
    assert.notEqual(empty, g1, variant);
    const second = [update(0, [1.5, -1.5])];
    assert.deepEqual(interrupted.aggregate(g1, second), steady.aggregate(g1, second), variant);
  }
});

test('fedOptStep leaves the previous state, the global weights and the updates unchanged', () => {
  for (const variant of VARIANTS) {
    const g = Float32Array.from([0, 1]);
    const updates = [update(0, [2, 0.5], 2), update(1, [1, 1], 1)];
    const before = snapshot(updates);
    const first = fedOptStep(variant, g, updates, initialFedOptState, handy);
    const m = first.state.m?.slice();
    const v = first.state.v?.slice();
    fedOptStep(variant, first.weights, updates, first.state, handy);
    assert.deepEqual(first.state.m, m, variant);
    assert.deepEqual(first.state.v, v, variant);
    assert.deepEqual(g, Float32Array.from([0, 1]), variant);
    assert.deepEqual(updates, before, variant);
  }
  assert.equal(initialFedOptState.m, null);
  assert.equal(initialFedOptState.v, null);
});

test('FedOpt strategies give the same result whatever order the updates arrive in', () => {
  const g = Float32Array.from([0.3, -0.1]);
  const updates = [update(3, [0.1, 0.2], 4), update(1, [0.33, -0.5], 9), update(8, [1e-3, 7], 1)];
  for (const variant of VARIANTS) {
    const expected = fedOptStep(variant, g, updates, initialFedOptState, flowerAdam).weights;
    for (const order of reorderings(updates)) {
      assert.deepEqual(fedOptStep(variant, g, order, initialFedOptState, flowerAdam).weights, expected, variant);
    }
  }
});

test('FedOpt strategies carry their Flower names and name a client whose update does not fit', () => {
  for (const variant of VARIANTS) {
    const strategy = fedOptStrategy(variant, flowerAdam);
    assert.equal(strategy.name, variant);
    assert.throws(() => strategy.aggregate(Float32Array.from([0, 0]), [update(6, [1, 2, 3])]), /Client 6/);
  }
});
