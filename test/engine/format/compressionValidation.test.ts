/** Validation of compression settings: what a codec ignores is warned about, and a sign vote needs sign-coded clients. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregatorSpec } from '../../../engine/nodes/aggregator.js';
import { clientSpec } from '../../../engine/nodes/client.js';
import { aggregatorParams, clientParams } from '../../../engine/format/params.js';
import type { Problem } from '../../../engine/format/problems.js';
import { validatePipeline } from '../../../engine/format/validate.js';
import { federation, type FederationSpec } from '../run/pipelines.js';

const problems = (spec: FederationSpec): Problem[] => validatePipeline(federation(spec));
const at = (list: Problem[], nodeId: string, field: string) => list.filter((p) => p.nodeId === nodeId && p.field === field);

describe('validating compression', () => {
  it('accepts every codec with its own settings, and the aggregator compressions, without a problem', () => {
    for (const client of [
      { compression: 'quantize', bits: 4 },
      { compression: 'topk', keepFraction: 0.05, errorFeedback: true },
      { compression: 'randomk', keepFraction: 0.2 },
      { compression: 'sign', errorFeedback: true },
    ]) {
      assert.deepEqual(problems({ clients: [client] }), [], JSON.stringify(client));
    }
    assert.deepEqual(problems({ aggregator: { strategy: 'FedAvg', downlinkCompression: 'quantize', downlinkBits: 6 } }), []);
    assert.deepEqual(problems({ clients: [{ compression: 'sign' }], aggregator: { strategy: 'FedAvg', signVote: true } }), []);
  });

  it('warns of bits and keepFraction that the chosen compression does not use, naming the node and field', () => {
    const list = problems({ clients: [{ compression: 'topk', bits: 4 }, { compression: 'quantize', keepFraction: 0.1 }] });
    const [bits] = at(list, 'clients0', 'params.bits');
    assert.equal(bits.severity, 'warning');
    assert.match(bits.message, /bits applies to compression quantize only; with compression topk it is ignored/);
    const [fraction] = at(list, 'clients1', 'params.keepFraction');
    assert.equal(fraction.severity, 'warning');
    assert.match(fraction.message, /keepFraction applies to compression topk and randomk only/);
    const [down] = at(problems({ aggregator: { strategy: 'FedAvg', downlinkBits: 4 } }), 'agg', 'params.downlinkBits');
    assert.equal(down.severity, 'warning');
  });

  it('warns that error feedback does nothing without a compression', () => {
    const [p] = at(problems({ clients: [{ errorFeedback: true }] }), 'clients0', 'params.errorFeedback');
    assert.equal(p.severity, 'warning');
    assert.match(p.message, /compression none drops nothing/);
  });

  it('refuses a sign vote over clients that do not send signs, naming them', () => {
    const list = problems({ clients: [{ compression: 'sign', clients: '0-1' }, { compression: 'quantize', clients: '2-3' }], aggregator: { strategy: 'FedAvg', signVote: true } });
    assert.equal(list.filter((p) => p.severity === 'error').length, 1, JSON.stringify(list));
    const sign = list.filter((p) => p.field === 'params.signVote');
    assert.equal(sign.length, 1);
    assert.equal(sign[0].severity, 'error');
    assert.equal(sign[0].nodeId, 'agg');
    assert.match(sign[0].message, /clients1.*\(compression quantize\) does not send signs/);
  });

  it('refuses bits and keepFraction out of range', () => {
    const [bits] = at(problems({ clients: [{ compression: 'quantize', bits: 17 }] }), 'clients0', 'params.bits');
    assert.equal(bits.severity, 'error');
    const [fraction] = at(problems({ clients: [{ compression: 'topk', keepFraction: 0 }] }), 'clients0', 'params.keepFraction');
    assert.equal(fraction.severity, 'error');
  });

  it('says the compression in the node summaries', () => {
    assert.match(clientSpec.summary(clientParams.parse({ compression: 'topk', keepFraction: 0.01, errorFeedback: true })), /top 1% \+ EF$/);
    assert.match(clientSpec.summary(clientParams.parse({ compression: 'quantize', bits: 4 })), /4-bit updates$/);
    assert.equal(clientSpec.summary(clientParams.parse({})).includes('bit'), false);
    assert.equal(aggregatorSpec.summary(aggregatorParams.parse({ strategy: 'FedAvg', downlinkCompression: 'quantize', downlinkBits: 8, signVote: true })), 'FedAvg · 10 rounds · 8-bit broadcast · sign vote');
  });
});
