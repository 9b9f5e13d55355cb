/**
 * Errors as values across the host's transports: what a host answers a failed call with, and the
 * HostError the client side rebuilds, problems (node, field) included.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PipelineError, type Problem } from '../../../engine/format/problems.js';
import type { HostApi, WireMessage } from '../../../engine/host/hostApi.js';
import { HostError, hasHostErrorCode, hostErrorFrom, hostErrorValue, problemsFrom, withHostErrors } from '../../../engine/host/hostError.js';
import { createWireClient, isWireMessage } from '../../../engine/host/wireClient.js';
import { answerWireRequest } from '../../../engine/host/wireServer.js';

const PROBLEMS: Problem[] = [
  { severity: 'error', nodeId: 'split', field: 'params.numClients', message: 'Must be at least 1.' },
  { severity: 'warning', nodeId: 'agg', message: 'Only one round.' },
  { severity: 'error', edgeId: 'e1', message: 'Connects two outputs.' },
];

describe('HostErrorValue', () => {
  it('keeps the problems of a HostError and of an engine PipelineError, and is plain JSON', () => {
    const host = hostErrorValue(new HostError('The pipeline cannot run:', PROBLEMS));
    assert.deepEqual(JSON.parse(JSON.stringify(host)), { message: 'The pipeline cannot run:', problems: PROBLEMS });
    const pipeline = hostErrorValue(new PipelineError(PROBLEMS));
    assert.deepEqual(pipeline.problems, PROBLEMS);
    assert.match(pipeline.message, /node split params\.numClients/);
  });

  it('is the message alone for any other error or thrown value', () => {
    assert.deepEqual(hostErrorValue(new Error('No such file: /x')), { message: 'No such file: /x' });
    assert.deepEqual(hostErrorValue('plain text'), { message: 'plain text' });
    assert.deepEqual(hostErrorValue(undefined), { message: 'undefined' });
  });

  it('reads back only well-formed problems, with only the fields a Problem has', () => {
    const read = problemsFrom([
      ...PROBLEMS,
      { severity: 'fatal', message: 'unknown severity' },
      { severity: 'error' },
      null,
      'text',
      { severity: 'error', message: 'odd fields', nodeId: 3, field: 'params.x', line: 2, extra: '<script>' },
    ]);
    assert.deepEqual(read, [...PROBLEMS, { severity: 'error', message: 'odd fields', field: 'params.x', line: 2 }]);
    assert.deepEqual(problemsFrom({ length: 1 }), []);
  });

  it('turns back into a HostError from an answer, an Error or a bridged plain object', () => {
    const fromValue = hostErrorFrom({ message: 'Refused', problems: PROBLEMS });
    assert.ok(fromValue instanceof HostError);
    assert.deepEqual([fromValue.message, fromValue.problems], ['Refused', PROBLEMS]);
    const fromError = hostErrorFrom(new Error('Plain'));
    assert.deepEqual([fromError.message, fromError.problems], ['Plain', []]);
    const same = new HostError('x');
    assert.equal(hostErrorFrom(same), same);
  });
});

describe('a failed call over the wire protocol', () => {
  /** A host whose every call fails the way nodeHost fails a pipeline with problems. */
  const failing = new Proxy({} as HostApi, {
    get: () => async () => {
      throw new HostError('The pipeline cannot run:\n  error node split params.numClients: Must be at least 1.', PROBLEMS);
    },
  });

  it('answers with the error as a value and the client rejects with the same HostError, through JSON', async () => {
    const answer = await answerWireRequest(failing, { id: 4, method: 'startRun', args: [{ text: '{}', path: null }] });
    assert.ok('ok' in answer && !answer.ok);
    assert.deepEqual(answer.error.problems, PROBLEMS);
    const sent: number[] = [];
    const client = createWireClient((request) => sent.push(request.id));
    const call = client.api.startRun({ text: '{}', path: null });
    const decoded = JSON.parse(JSON.stringify({ ...answer, id: sent[0] })) as unknown;
    assert.ok(isWireMessage(decoded));
    client.receive(decoded as WireMessage);
    await assert.rejects(call, (e: unknown) => {
      assert.ok(e instanceof HostError);
      assert.match(e.message, /^The pipeline cannot run:/);
      assert.deepEqual(e.problems, PROBLEMS);
      return true;
    });
  });

  it('does not take a failure whose error is not a value for a wire message', () => {
    assert.equal(isWireMessage({ id: 1, ok: false, error: 'a bare string' }), false);
    assert.equal(isWireMessage({ id: 1, ok: false, error: { message: 'ok' } }), true);
  });
});

describe('a save refused as changed on disk', () => {
  const refusal = () => new HostError('shared.fedflow.json changed on disk since you opened it; it was not saved.', [], 'changed-on-disk');

  it('keeps its code as a value through the wire protocol, as JSON', async () => {
    const host = { saveFile: async () => Promise.reject(refusal()) } as unknown as HostApi;
    const answer = await answerWireRequest(host, { id: 1, method: 'saveFile', args: ['{}', '/w/shared.fedflow.json', null, '0123456789abcdef'] });
    const sent: number[] = [];
    const client = createWireClient((request) => sent.push(request.id));
    const call = client.api.saveFile('{}', '/w/shared.fedflow.json', undefined, '0123456789abcdef');
    client.receive(JSON.parse(JSON.stringify({ ...answer, id: sent[0] })) as WireMessage);
    await assert.rejects(call, (e: unknown) => e instanceof HostError && e.code === 'changed-on-disk' && hasHostErrorCode(e, 'changed-on-disk'));
  });

  it('keeps it from a bridged plain object (the preload), and drops codes it does not know', () => {
    assert.equal(hostErrorFrom({ message: 'x', code: 'changed-on-disk' }).code, 'changed-on-disk');
    assert.deepEqual(hostErrorValue(refusal()), { message: refusal().message, code: 'changed-on-disk' });
    // A Node error's own code (ENOENT) is not a host error code.
    assert.equal(hostErrorFrom(Object.assign(new Error('No such file'), { code: 'ENOENT' })).code, undefined);
    assert.equal(hostErrorFrom({ message: 'x', code: 'rm -rf' }).code, undefined);
    assert.equal(hasHostErrorCode(new Error('changed on disk'), 'changed-on-disk'), false, 'never read from the words');
  });
});

describe('withHostErrors', () => {
  it('rejects with HostErrors whatever the wrapped API rejects with, and passes results and events through', async () => {
    const api = {
      info: async () => ({ host: 'electron', version: '1', backend: 'wasm', workers: 1, platform: 'x' }),
      openFile: async () => {
        throw { name: 'HostError', message: 'Cannot read', problems: [PROBLEMS[0]] };
      },
      listFiles: async () => {
        throw new Error('Plain');
      },
      onRunEvent: () => () => undefined,
    } as unknown as HostApi;
    const wrapped = withHostErrors(api);
    assert.equal((await wrapped.info()).host, 'electron');
    await assert.rejects(wrapped.openFile('/x.json'), (e: unknown) => e instanceof HostError && e.problems[0].nodeId === 'split');
    await assert.rejects(wrapped.listFiles(), (e: unknown) => e instanceof HostError && e.message === 'Plain');
    assert.equal(typeof wrapped.onRunEvent(() => undefined), 'function');
  });
});
