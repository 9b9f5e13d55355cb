/**
 * What the federation server makes of hostile frames, before anything reaches a strategy: the schema
 * check of every message, the update check (round, lengths, finite numbers, example count), and the data
 * check at join — each a value with a sentence, never an exception.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkUpdate } from '../../../engine/remote/checkUpdate.js';
import { parseClientMessage } from '../../../engine/remote/clientMessages.js';
import { dataDifferences } from '../../../engine/remote/dataSchema.js';
import type { WireDataSchema, WireFitOutcome } from '../../../engine/protocol/messages.js';

const f32 = (values: number[]) => ({ f32: Buffer.from(new Float32Array(values).buffer).toString('base64') });
const answer = (over: Partial<WireFitOutcome['outcome']> = {}, round = 2): WireFitOutcome => ({
  type: 'fit-res',
  version: 2,
  round,
  outcome: { status: 'ok', numExamples: 10, metrics: { loss: 0.5, steps: 3, ms: 4 }, weights: f32([1, 2, 3]), ...over } as WireFitOutcome['outcome'],
});
const expect = { round: 2, weights: 3, examples: 10, tensors: [] };

describe('every update is checked before a strategy sees it', () => {
  test('a good update passes with its weights, bit for bit', () => {
    const r = checkUpdate(answer(), expect);
    assert.equal(r.status, 'ok');
    assert.deepEqual([...(r as { weights: Float32Array }).weights], [1, 2, 3]);
  });

  test('an answer to another round is malformed', () => {
    assert.deepEqual(checkUpdate(answer({}, 1), expect), { status: 'failed', code: 'malformed', message: 'it answered round 1 during round 2' });
  });

  test('the wrong number of weights, or bytes that are not whole floats, is malformed', () => {
    assert.match((checkUpdate(answer({ weights: f32([1, 2]) }), expect) as { message: string }).message, /2 values for its weights, but the model has 3/);
    assert.match((checkUpdate(answer({ weights: { f32: Buffer.from([1, 2, 3, 4, 5]).toString('base64') } }), expect) as { message: string }).message, /not a whole number of 4-byte floats/);
  });

  test('NaN or infinite weights, or a loss JSON could only send as null, diverged', () => {
    const nan = checkUpdate(answer({ weights: f32([1, NaN, 3]) }), expect);
    assert.equal((nan as { code: string }).code, 'diverged');
    assert.match((nan as { message: string }).message, /NaN at index 1/);
    assert.equal((checkUpdate(answer({ weights: f32([Infinity, 0, 0]) }), expect) as { code: string }).code, 'diverged');
    assert.equal((checkUpdate(answer({ metrics: { loss: null as unknown as number, steps: 1, ms: 1 } }), expect) as { code: string }).code, 'diverged');
  });

  test('more examples than the client joined with is malformed: FedAvg would let it outweigh the rest', () => {
    assert.match((checkUpdate(answer({ numExamples: 1_000_000 }), expect) as { message: string }).message, /claims 1000000 training examples, but it joined with 10/);
  });

  test('a tensor the round does not take, or an encoded update larger than the raw weights, is malformed', () => {
    assert.match((checkUpdate(answer({ tensors: { controlDelta: f32([0, 0, 0]) } }), expect) as { message: string }).message, /tensor 'controlDelta' this round does not take/);
    const big = { codec: 'quantize' as const, length: 3, data: Buffer.alloc(4096).toString('base64') };
    const encoded = answer({ update: big });
    delete (encoded.outcome as { weights?: unknown }).weights;
    assert.match((checkUpdate(encoded, expect) as { message: string }).message, /more than the model's raw weights/);
  });
});

describe('every frame passes the protocol schema first', () => {
  test('not JSON, another protocol version, an unknown field (a path), a wrong type: each says what', () => {
    assert.equal(parseClientMessage('{not json'), 'it sent a frame that is not JSON');
    assert.match(String(parseClientMessage(JSON.stringify({ ...answer(), version: 1 }))), /protocol version 1, and this server speaks version 2/);
    assert.match(String(parseClientMessage(JSON.stringify({ ...answer(), path: '/etc/passwd' }))), /does not allow/);
    assert.match(String(parseClientMessage(JSON.stringify({ ...answer(), round: 'two' }))), /round: /);
    assert.match(String(parseClientMessage(JSON.stringify({ type: 'read-file', version: 2 }))), /does not allow/);
  });

  test('a client says which backend it trains on from a closed list: an unknown, oversized or extra value is refused', () => {
    assert.deepEqual(parseClientMessage(JSON.stringify({ type: 'ready', version: 2, backend: 'webgl' })), { type: 'ready', version: 2, backend: 'webgl' });
    assert.match(String(parseClientMessage(JSON.stringify({ type: 'ready', version: 2, backend: 'cuda' }))), /does not allow \(backend: /);
    assert.match(String(parseClientMessage(JSON.stringify({ type: 'ready', version: 2, backend: 'w'.repeat(100_000) }))), /does not allow \(backend: /);
    assert.match(String(parseClientMessage(JSON.stringify({ type: 'ready', version: 2, backend: 'wasm', gpu: 'RTX \u001b[2J' }))), /does not allow/);
    assert.match(String(parseClientMessage(JSON.stringify({ type: 'ready', version: 2 }))), /does not allow \(backend: /);
  });

  test('control characters in a name cannot write into the server\'s terminal', () => {
    const hello = { type: 'hello', version: 2, name: 'evil\u001b[2Jname\n', data: { featureNames: null, numFeatures: 2, labelColumn: 'y', labels: ['a'], examples: 3 } };
    const parsed = parseClientMessage(JSON.stringify(hello));
    assert.equal((parsed as { name: string }).name, 'evil?[2Jname?');
  });
});

describe('a client whose data differs is told how', () => {
  const schema: WireDataSchema = { source: 'csv', header: 'names', delimiter: 'auto', labelColumn: 'y', missing: 'error', standardize: true, featureNames: ['a', 'b'], numFeatures: 2, classNames: ['no', 'yes'] };
  const data = { featureNames: ['a', 'b'], numFeatures: 2, labelColumn: 'y', labels: ['no'], examples: 5 };

  test('matching data has no difference', () => assert.deepEqual(dataDifferences(schema, data), []));

  test('feature count, feature names, label column and unknown labels are each named', () => {
    assert.deepEqual(dataDifferences(schema, { ...data, featureNames: ['a'], numFeatures: 1 }), ["it has 1 feature columns, and the federation's data has 2"]);
    assert.deepEqual(dataDifferences(schema, { ...data, featureNames: ['a', 'c'] }), ["its feature columns differ: column 2 is 'c' where 'b' is expected"]);
    assert.deepEqual(dataDifferences(schema, { ...data, labelColumn: 'label', labels: ['maybe'] }), [
      "its label column is 'label', and the federation's is 'y'",
      "it has label 'maybe', not among the federation's classes ('no', 'yes')",
    ]);
  });
});
