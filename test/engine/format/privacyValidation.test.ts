/** Validation of differential privacy settings: each problem names the aggregator and the field. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Problem } from '../../../engine/format/problems.js';
import { validatePipeline } from '../../../engine/format/validate.js';
import { federation, type FederationSpec } from '../run/pipelines.js';

const problems = (spec: FederationSpec): Problem[] => validatePipeline(federation(spec));
const at = (list: Problem[], field: string) => list.filter((p) => p.nodeId === 'agg' && p.field === field);
const split = { method: 'iid', numClients: 200 };

describe('validating differential privacy', () => {
  it('accepts each mechanism with its defaults, robust rules included', () => {
    for (const privacy of ['server-fixed', 'client-fixed', 'local']) {
      assert.deepEqual(problems({ split, aggregator: { strategy: 'FedAvg', privacy } }), [], privacy);
    }
    assert.deepEqual(problems({ split, aggregator: { strategy: 'Krum', privacy: 'server-fixed' } }), []);
    assert.deepEqual(problems({ split, aggregator: { strategy: 'FedMedian', privacy: 'server-adaptive', noiseMultiplier: 0.5, clippedCountStddev: 1 } }), []);
  });

  it('warns that noiseMultiplier 0 gives no privacy', () => {
    const [w] = at(problems({ split, aggregator: { strategy: 'FedAvg', privacy: 'server-fixed', noiseMultiplier: 0 } }), 'params.noiseMultiplier');
    assert.equal(w.severity, 'warning');
    assert.match(w.message, /no privacy: ε is infinite/);
  });

  it('warns when δ is not below 1/n for the federation’s n clients', () => {
    const [w] = at(problems({ split: { method: 'iid', numClients: 4 }, aggregator: { strategy: 'FedAvg', privacy: 'server-fixed', delta: 0.3 } }), 'params.delta');
    assert.equal(w.severity, 'warning');
    assert.match(w.message, /not below 1\/n for its 4 clients/);
  });

  it('refuses adaptive clipping whose count noise cannot take its share of σ, as Flower does', () => {
    // 4 sampled clients: Flower's default σ_b = 4/20 = 0.2, and σ = 1 is not below 2σ_b.
    const [e] = at(problems({ split: { method: 'iid', numClients: 4 }, aggregator: { strategy: 'FedAvg', privacy: 'server-adaptive', delta: 1e-3 } }), 'params.noiseMultiplier');
    assert.equal(e.severity, 'error');
    assert.match(e.message, /must be below 2 × clippedCountStddev/);
  });

  it('warns of privacy settings that privacy none or a fixed clip ignores', () => {
    const [none] = at(problems({ aggregator: { strategy: 'FedAvg', clipNorm: 3 } }), 'params.clipNorm');
    assert.match(none.message, /with privacy none it is ignored/);
    const [fixed] = at(problems({ split, aggregator: { strategy: 'FedAvg', privacy: 'server-fixed', targetQuantile: 0.7 } }), 'params.targetQuantile');
    assert.match(fixed.message, /applies to adaptive clipping only/);
  });
});
