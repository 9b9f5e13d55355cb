import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FedOptVariant } from '../../../engine/strategy/fedOpt.js';
import {
  fedAdamBiasCorrection,
  fedOptStep,
  fedOptStrategy,
  initialFedOptState,
} from '../../../engine/strategy/fedOpt.js';
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

/** `handy` with Flower's FedAdam bias correction switched on. */
const handyCorrected = { ...handy, biasCorrection: true };

test('Flower\'s FedAdam bias correction is √(1 − β2^(r+1)) / (1 − β1^(r+1)) in server round r', () => {
  // r = 1, Flower's defaults: √(1 − 0.99²)/(1 − 0.9²) = √0.0199/0.19 = 0.1410673598/0.19 = 0.7424597884
  assertClose([fedAdamBiasCorrection(0.9, 0.99, 1)], [0.7424597884]);
  // r = 1, β1 = 0.5, β2 = 0.75: √(1 − 0.5625)/(1 − 0.25) = √0.4375/0.75 = 0.6614378278/0.75 = 0.8819171037
  assertClose([fedAdamBiasCorrection(0.5, 0.75, 1)], [0.8819171037]);
  // r = 2: √(1 − 0.421875)/(1 − 0.125) = √0.578125/0.875 = 0.7603453163/0.875 = 0.8689660758
  assertClose([fedAdamBiasCorrection(0.5, 0.75, 2)], [0.8689660758]);
});

test('FedAdam with bias correction scales η by Flower\'s factor over two rounds', () => {
  const g0 = Float32Array.from([0, 0]);
  // Round 1 (r = 1): Δ = [2, 2];  m = 0.5·Δ = [1, 1];  v = 0.25·Δ² = [1, 1]  (as uncorrected)
  //   η₁ = 1·0.8819171037;  new = 0 + 0.8819171037·1/(1 + 1) = [0.4409585518, 0.4409585518]
  const first = fedOptStep('FedAdam', g0, [update(0, [2, 2])], initialFedOptState, handyCorrected, 1);
  assertClose(first.weights, [0.4409585518, 0.4409585518]);
  assertClose(first.state.m ?? [], [1, 1]);
  assertClose(first.state.v ?? [], [1, 1]);
  // Round 2 (r = 2): the client sends g1 + [1, −2], so Δ = [1, −2] again
  //   m = 0.5·[1, 1] + 0.5·[1, −2] = [1, −0.5];  v = 0.75·[1, 1] + 0.25·[1, 4] = [1, 1.75]
  //   η₂ = 0.8689660758
  //   new = [0.4409585518 + 0.8689660758·1/(1 + 1), 0.4409585518 − 0.8689660758·0.5/(1 + √1.75)]
  //       = [0.4409585518 + 0.4344830379, 0.4409585518 − 0.4344830379/2.3228756555]
  //       = [0.8754415897, 0.4409585518 − 0.1870453276] = [0.8754415897, 0.2539132243]
  const g1 = first.weights;
  const second = fedOptStep('FedAdam', g1, [update(0, [g1[0] + 1, g1[1] - 2])], first.state, handyCorrected, 2);
  assertClose(second.weights, [0.8754415897, 0.2539132243]);
  assertClose(second.state.m ?? [], [1, -0.5]);
  assertClose(second.state.v ?? [], [1, 1.75]);
});

test('FedAdam\'s first corrected step with Flower\'s defaults is about 0.742 η', () => {
  // As the first test: m/(√v + τ) ≈ [1, −1], now times η₁ = 0.1·0.7424597884 = 0.0742459788
  //   new ≈ [0, 1] + 0.0742459788·[1, −1] = [0.0742459788, 0.9257540212]
  const g = Float32Array.from([0, 1]);
  const corrected = { ...flowerAdam, biasCorrection: true };
  const { weights } = fedOptStep('FedAdam', g, [update(0, [2, 0.5])], initialFedOptState, corrected, 1);
  assertClose(weights, [0.0742459788, 0.9257540212]);
});

test('FedAdam with biasCorrection: false takes the uncorrected step whatever the round', () => {
  // Same numbers as 'FedAdam carries m and v into the second round': [0.5, 0.5], then [1, 0.2847495630].
  const off = { ...handy, biasCorrection: false };
  const first = fedOptStep('FedAdam', Float32Array.from([0, 0]), [update(0, [2, 2])], initialFedOptState, off, 7);
  assertClose(first.weights, [0.5, 0.5]);
  const second = fedOptStep('FedAdam', first.weights, [update(0, [1.5, -1.5])], first.state, off, 8);
  assertClose(second.weights, [1, 0.284749563]);
});

test('FedYogi takes no bias correction, as in Flower, over two rounds', () => {
  // Flower's fedyogi.py steps with the plain η, so biasCorrection: true changes nothing:
  // Round 1: Δ = [2, 2];  v = 0 − 0.25·4·sign(0 − 4) = [1, 1];  m = [1, 1];  new = 1·1/(1 + 1) = [0.5, 0.5]
  const g0 = Float32Array.from([0, 0]);
  const first = fedOptStep('FedYogi', g0, [update(0, [2, 2])], initialFedOptState, handyCorrected, 1);
  assertClose(first.weights, [0.5, 0.5]);
  // Round 2: Δ = [1.5, −1.5] − [0.5, 0.5] = [1, −2], Δ² = [1, 4]
  //   v = [1 − 0.25·1·sign(1 − 1), 1 − 0.25·4·sign(1 − 4)] = [1, 2];  m = [1, −0.5]
  //   new = [0.5 + 1/(1 + 1), 0.5 − 0.5/(1 + √2)] = [1, 0.5 − 0.2071067812] = [1, 0.2928932188]
  const second = fedOptStep('FedYogi', first.weights, [update(0, [1.5, -1.5])], first.state, handyCorrected, 2);
  assertClose(second.weights, [1, 0.2928932188]);
  assertClose(second.state.v ?? [], [1, 2]);
  // And no server round is needed, since nothing reads it.
  const noRound = fedOptStep('FedYogi', g0, [update(0, [2, 2])], initialFedOptState, handyCorrected);
  assert.deepEqual(noRound.weights, first.weights);
});

test('FedAdagrad with Flower\'s β1 = 0 over two rounds, bias correction or not', () => {
  // Flower's FedAdagrad fixes beta_1 = 0 (m is this round's Δ) and ignores beta_2; η = 0.1, τ = 0.5 as in
  // Flower's fedadagrad_test.py. β2 = 0.99 is set only to show that it is not read.
  const flowerAdagrad = { eta: 0.1, beta1: 0, beta2: 0.99, tau: 0.5 };
  for (const options of [flowerAdagrad, { ...flowerAdagrad, biasCorrection: true }]) {
    // Round 1 (Flower's own test): FedAvg of 0.2 and 1.0 (5 examples each) = 0.6;  Δ = 0.6 − 0.1 = 0.5
    //   m = 0·0 + 1·0.5 = 0.5;  v = 0 + 0.25 = 0.25;  new = 0.1 + 0.1·0.5/(√0.25 + 0.5) = 0.1 + 0.05 = 0.15
    const g0 = Float32Array.from([0.1]);
    const clients = [update(0, [0.2], 5), update(1, [1.0], 5)];
    const first = fedOptStep('FedAdagrad', g0, clients, initialFedOptState, options, 1);
    assertClose(first.weights, [0.15]);
    assertClose(first.state.m ?? [], [0.5]);
    // Round 2: the client sends 0.15 − 1, so Δ = −1
    //   m = −1 (no memory of round 1's 0.5);  v = 0.25 + 1 = 1.25
    //   new = 0.15 + 0.1·(−1)/(√1.25 + 0.5) = 0.15 − 0.1/1.6180339887 = 0.15 − 0.0618033989 = 0.0881966011
    const back = [update(0, [first.weights[0] - 1])];
    const second = fedOptStep('FedAdagrad', first.weights, back, first.state, options, 2);
    assertClose(second.weights, [0.0881966011]);
    assertClose(second.state.m ?? [], [-1]);
    assertClose(second.state.v ?? [], [1.25]);
  }
});

test('the FedAdam strategy counts every aggregate call as a server round, empty ones included', () => {
  // In Flower a round without results still advances server_round, so round 3's exponent is 4.
  const strategy = fedOptStrategy('FedAdam', handyCorrected);
  const g0 = Float32Array.from([0, 0]);
  const g1 = strategy.aggregate(g0, [update(0, [2, 2])]);
  const r1 = fedOptStep('FedAdam', g0, [update(0, [2, 2])], initialFedOptState, handyCorrected, 1);
  assert.deepEqual(g1, r1.weights);
  assert.deepEqual(strategy.aggregate(g1, []), g1);
  const next = [update(0, [1.5, -1.5])];
  const g3 = strategy.aggregate(g1, next);
  assert.deepEqual(g3, fedOptStep('FedAdam', g1, next, r1.state, handyCorrected, 3).weights);
  assert.notDeepEqual(g3, fedOptStep('FedAdam', g1, next, r1.state, handyCorrected, 2).weights);
});

test('FedAdam with bias correction needs a server round from 1 up', () => {
  const g = Float32Array.from([0]);
  const step = (round?: number) =>
    fedOptStep('FedAdam', g, [update(0, [1])], initialFedOptState, handyCorrected, round);
  assert.throws(() => step(), /server round/);
  assert.throws(() => step(0), RangeError);
  assert.throws(() => step(1.5), RangeError);
  assert.doesNotThrow(() => step(1));
});
