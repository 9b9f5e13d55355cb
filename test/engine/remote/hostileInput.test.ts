/**
 * What the federation server makes of hostile frames, before anything reaches a strategy: the schema
 * check of every message, the update check (round, lengths, finite numbers, example count), and the data
 * check at join, the hold-out score check — each a value with a sentence, never an exception.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WebSocket } from 'ws';
import { checkEvaluation } from '../../../engine/remote/checkEvaluation.js';
import { checkUpdate } from '../../../engine/remote/checkUpdate.js';
import { ClientSeat } from '../../../engine/remote/clientSeat.js';
import { parseClientMessage } from '../../../engine/remote/clientMessages.js';
import { dataDifferences } from '../../../engine/remote/dataSchema.js';
import type { WireDataSchema, WireEvaluateOutcome, WireFitOutcome, WireServerMessage } from '../../../engine/protocol/messages.js';

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

describe('every hold-out score is checked before federated evaluation sees it', () => {
  const score = (over: Partial<{ numExamples: number; loss: number | null; accuracy: number | null }> = {}, round = 2): WireEvaluateOutcome => ({
    type: 'evaluate-res',
    version: 2,
    round,
    outcome: { status: 'ok', numExamples: 10, loss: 0.25, accuracy: 0.9, ...over },
  });
  const held = { round: 2, holdout: 10 };
  const reason = (m: WireEvaluateOutcome) => {
    const r = checkEvaluation(m, held);
    return r.status === 'failed' ? `${r.code}: ${r.message}` : 'ok';
  };

  test('a good score passes as it was sent', () => {
    assert.deepEqual(checkEvaluation(score(), held), { status: 'ok', numExamples: 10, loss: 0.25, accuracy: 0.9 });
  });

  test('an accuracy of 7, a NaN loss, more examples than its hold-out, another round: each refused with its reason', () => {
    assert.equal(reason(score({ accuracy: 7 })), 'malformed: its hold-out accuracy 7 is not between 0 and 1');
    assert.equal(reason(score({ accuracy: -0.1 })), 'malformed: its hold-out accuracy -0.1 is not between 0 and 1');
    // NaN travels as null in JSON.
    assert.equal(reason(score({ accuracy: null })), 'malformed: its hold-out accuracy is not a number');
    assert.equal(reason(score({ loss: null })), 'diverged: its hold-out loss is not a finite number of at least 0');
    assert.equal(reason(score({ numExamples: 11 })), 'malformed: it claims 11 hold-out examples, but it joined with 10');
    assert.equal(reason(score({ numExamples: 0 })), 'malformed: it claims 0 hold-out examples, but it joined with 10');
    assert.equal(reason(score({}, 1)), 'malformed: it answered the evaluation of round 1 during round 2');
  });

  test('the schema refuses a score with a field the protocol does not have, or a count that is not whole', () => {
    assert.match(String(parseClientMessage(JSON.stringify({ ...score(), extra: 1 }))), /does not allow/);
    assert.match(String(parseClientMessage(JSON.stringify(score({ numExamples: 2.5 })))), /outcome/);
    assert.equal(typeof parseClientMessage(JSON.stringify(score({ loss: null }))), 'object', 'a null loss is read, then refused as diverged');
  });

  test('a seat maps an answer, a timeout and a dropped connection to values, and drops a client for a malformed score', async () => {
    const sent: WireServerMessage[] = [];
    const seat = new ClientSeat(0, (_socket, m) => sent.push(m));
    seat.attach({ terminate: () => undefined } as unknown as WebSocket, 'lab', 40, 10);
    const ask = (round: number, timeoutMs = 60_000) => seat.evaluate({ type: 'evaluate', version: 2, round, weights: { f32: '' } }, { round, holdout: seat.holdout }, timeoutMs, new AbortController().signal);
    const answered = ask(1);
    assert.deepEqual(seat.answerEvaluation(score({}, 1)), {});
    assert.equal((await answered).status, 'ok');
    assert.deepEqual(sent.map((m) => m.type), ['evaluate']);
    const boast = ask(2);
    assert.equal(seat.answerEvaluation(score({ accuracy: 7 })).drop, 'its hold-out accuracy 7 is not between 0 and 1');
    assert.equal((await boast).status, 'failed');
    const nan = ask(3);
    const refusedNaN = seat.answerEvaluation(score({ loss: null }, 3));
    assert.equal(refusedNaN.drop, undefined, 'a NaN loss costs that evaluation, not the seat');
    assert.equal(refusedNaN.failure?.code, 'diverged');
    assert.equal((await nan).status, 'failed');
    assert.match(String(seat.answerEvaluation(score({}, 9)).drop), /evaluation of round 9, which it was not asked/);
    const slow = await ask(4, 1);
    assert.deepEqual(slow, { status: 'failed', code: 'timeout', message: 'it did not answer the evaluation of round 4 within 0.001 s' });
    const gone = ask(5);
    seat.detach('lost', 'its connection closed before it answered', false);
    assert.deepEqual(await gone, { status: 'failed', code: 'lost', message: 'its connection closed before it answered' });
    assert.equal((await ask(6)).status, 'failed', 'no connection: a failure at once');
  });
});
