/** Validation of secure aggregation: only strategies that need just the average update may run on the masked sum. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Problem } from '../../../engine/format/problems.js';
import { validatePipeline } from '../../../engine/format/validate.js';
import { federation, type FederationSpec } from '../run/pipelines.js';

const problems = (spec: FederationSpec): Problem[] => validatePipeline(federation(spec));
const at = (list: Problem[], field: string) => list.filter((p) => p.nodeId === 'agg' && p.field === field);

describe('validating secure aggregation', () => {
  it('accepts it with every strategy whose step needs only the average update', () => {
    for (const strategy of ['FedAvg', 'FedAvgM', 'FedAdam', 'FedYogi', 'FedAdagrad']) {
      assert.deepEqual(problems({ aggregator: { strategy, secureAggregation: true, secAggRange: 0.5, secAggGraph: 'complete' } }), [], strategy);
    }
    assert.deepEqual(problems({ clients: [{ behaviour: 'label-flip' }], aggregator: { strategy: 'FedAvg', secureAggregation: true } }), [], 'attacks are fine');
  });

  it('refuses strategies that read individual updates, saying so in plain words on params.secureAggregation', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ strategy: 'Krum' }, /Krum compares individual updates, which secure aggregation hides from the server/],
      [{ strategy: 'MultiKrum' }, /MultiKrum compares individual updates/],
      [{ strategy: 'FedMedian' }, /median of the individual updates/],
      [{ strategy: 'FedTrimmedAvg' }, /sorts the individual updates/],
      [{ strategy: 'Bulyan' }, /Bulyan compares and sorts individual updates/],
      [{ strategy: 'QFedAvg' }, /by its own loss/],
      [{ strategy: 'SCAFFOLD' }, /control-variate update/],
    ];
    for (const [aggregator, message] of cases) {
      const found = at(problems({ split: { method: 'iid', numClients: 8 }, aggregator: { ...aggregator, secureAggregation: true } }), 'params.secureAggregation');
      assert.equal(found.length, 1, JSON.stringify(aggregator));
      assert.equal(found[0].severity, 'error');
      assert.match(found[0].message, message);
    }
  });

  it('refuses a sign vote, which counts each client\'s signs', () => {
    const [found] = at(problems({ clients: [{ compression: 'sign' }], aggregator: { strategy: 'FedAvg', signVote: true, secureAggregation: true } }), 'params.secureAggregation');
    assert.equal(found.severity, 'error');
    assert.match(found.message, /signVote counts each client's signs/);
  });

  it('refuses server-side clipping beside it, which needs each update in the clear, and points to the client-side mode', () => {
    for (const [privacy, instead] of [['server-fixed', 'client-fixed'], ['server-adaptive', 'client-adaptive']]) {
      const list = problems({ split: { method: 'iid', numClients: 8 }, aggregator: { strategy: 'FedAvg', privacy, secureAggregation: true } });
      const found = at(list, 'params.privacy').filter((p) => p.severity === 'error');
      assert.equal(found.length, 1, privacy);
      assert.match(found[0].message, new RegExp(`privacy ${privacy} clips each update on the server, but under secure aggregation the server never sees an update.*Use privacy ${instead}`));
    }
  });

  it('accepts client-side and local differential privacy beside it: the clients clip, the server noises only the sum', () => {
    for (const privacy of ['client-fixed', 'client-adaptive', 'local']) {
      const list = problems({ split: { method: 'iid', numClients: 8 }, aggregator: { strategy: 'FedAvg', privacy, noiseMultiplier: 0.5, delta: 1e-3, secureAggregation: true } });
      assert.deepEqual(list.filter((p) => p.severity === 'error'), [], privacy);
    }
  });

  it('warns when the clip norm is above the range, which would cut coordinates of a clipped update', () => {
    const [found] = at(problems({ aggregator: { strategy: 'FedAvg', privacy: 'client-fixed', clipNorm: 2, secAggRange: 0.5, secureAggregation: true } }), 'params.secAggRange');
    assert.equal(found.severity, 'warning');
    assert.match(found.message, /clipNorm 2 is above secAggRange 0.5.*Raise secAggRange to at least 2/);
    assert.deepEqual(at(problems({ aggregator: { strategy: 'FedAvg', privacy: 'client-fixed', clipNorm: 0.5, secureAggregation: true } }), 'params.secAggRange'), []);
  });

  it('refuses a round of one sampled client, whose sum would be its own update', () => {
    const [found] = at(problems({ clients: [{ fraction: 0.25, minClients: 1 }], aggregator: { strategy: 'FedAvg', secureAggregation: true } }), 'params.secureAggregation');
    assert.equal(found.severity, 'error');
    assert.match(found.message, /needs at least 2 clients a round .* only 1 is sampled/);
  });

  it('warns that dropouts can stop a secure round, and of settings that do nothing while it is off', () => {
    const [drop] = at(problems({ clients: [{ dropout: 0.2 }], aggregator: { strategy: 'FedAvg', secureAggregation: true } }), 'params.secureAggregation');
    assert.equal(drop.severity, 'warning');
    assert.match(drop.message, /dropout 0.2.*stops the run/);
    const [range] = at(problems({ aggregator: { strategy: 'FedAvg', secAggRange: 2 } }), 'params.secAggRange');
    assert.equal(range.severity, 'warning');
    assert.match(range.message, /applies only with secureAggregation on/);
  });
});
