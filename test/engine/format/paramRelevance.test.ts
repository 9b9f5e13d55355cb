/** A param the inspector hides is one the run ignores; it comes back as soon as it applies. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { paramApplies } from '../../../engine/format/paramRelevance.js';

describe('which params apply', () => {
  test('momentum applies to the momentum optimizer only (plain SGD, the default, ignores it)', () => {
    assert.equal(paramApplies('client', 'momentum', {}), false);
    assert.equal(paramApplies('client', 'momentum', { optimizer: 'adam' }), false);
    assert.equal(paramApplies('client', 'momentum', { optimizer: 'momentum' }), true);
  });

  test('attack scale only for clients that flip or scale their updates; noise std only for noisy ones', () => {
    assert.equal(paramApplies('client', 'attackScale', {}), false);
    assert.equal(paramApplies('client', 'attackScale', { behaviour: 'sign-flip' }), true);
    assert.equal(paramApplies('client', 'noiseStd', { behaviour: 'scaled' }), false);
    assert.equal(paramApplies('client', 'noiseStd', { behaviour: 'gaussian-noise' }), true);
  });

  test('privacy settings appear once privacy is on, the adaptive ones only for adaptive clipping', () => {
    const fedavg = { strategy: 'FedAvg' };
    assert.equal(paramApplies('aggregator', 'clipNorm', fedavg), false);
    assert.equal(paramApplies('aggregator', 'clipNorm', { ...fedavg, privacy: 'server-fixed' }), true);
    assert.equal(paramApplies('aggregator', 'targetQuantile', { ...fedavg, privacy: 'server-fixed' }), false);
    assert.equal(paramApplies('aggregator', 'targetQuantile', { ...fedavg, privacy: 'client-adaptive' }), true);
    assert.equal(paramApplies('aggregator', 'secAggRange', { ...fedavg, secureAggregation: true }), true);
  });

  test('a param with no rule always applies, and params that do not parse are judged as written', () => {
    assert.equal(paramApplies('client', 'learningRate', {}), true);
    assert.equal(paramApplies('client', 'momentum', { optimizer: 'momentum', learningRate: -1 }), true);
  });
});
