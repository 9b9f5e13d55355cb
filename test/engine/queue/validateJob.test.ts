/** What crosses Redis is checked: a worker refuses what is not a FedFlow training job, the coordinator a result that does not answer its job. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QUEUE_PROTOCOL_VERSION, type TrainJob } from '../../../engine/queue/jobMessages.js';
import { redactRedisUrl, redactSecret } from '../../../engine/queue/redisUrl.js';
import { parseTrainJob, parseTrainJobResult } from '../../../engine/queue/validateJob.js';
import { vectorToBase64 } from '../../../engine/queue/vectorCodec.js';

const job: TrainJob = {
  version: QUEUE_PROTOCOL_VERSION,
  type: 'train',
  runId: 'run-1',
  seq: 4,
  round: 2,
  clientId: 1,
  backend: 'wasm',
  model: { params: { arch: 'mlp', hidden: [16], activation: 'relu' }, inputShape: [28, 28, 1], numClasses: 10 },
  dataHash: 'a'.repeat(64),
  rows: vectorToBase64(new Int32Array([0, 1, 2])),
  globalWeights: vectorToBase64(new Float32Array(3)),
  client: { localEpochs: 1, batchSize: 32, optimizer: 'sgd', learningRate: 0.1, momentum: 0.9, proximalMu: 0, behaviour: 'honest', attackScale: 1, noiseStd: 1 },
  seed: 9,
};
const result = { version: QUEUE_PROTOCOL_VERSION, runId: 'run-1', seq: 4, round: 2, clientId: 1, weights: vectorToBase64(new Float32Array(3)), numExamples: 3, loss: 0.5, steps: 1, ms: 2, worker: 'w1' };

describe('queue messages', () => {
  it('a worker takes a FedFlow training job as sent', () => {
    assert.deepEqual(parseTrainJob(job), { job });
  });

  it('a worker refuses a job that carries anything else, or speaks another version, naming the field', () => {
    assert.match((parseTrainJob({ ...job, code: 'process.exit(1)' }) as { error: string }).error, /not a FedFlow training job.*code/);
    assert.match((parseTrainJob({ ...job, version: 2 }) as { error: string }).error, /version 1 \(version:/);
    assert.match((parseTrainJob({ ...job, dataHash: '../../etc/passwd' }) as { error: string }).error, /dataHash: is not a sha256/);
    assert.match((parseTrainJob('a string') as { error: string }).error, /not a FedFlow training job/);
  });

  it('the coordinator takes a result that answers its job', () => {
    assert.ok('result' in parseTrainJobResult(result, job, 3, 'job-4'));
  });

  it('the coordinator rejects a result for another round, client or job, naming the job', () => {
    assert.deepEqual(parseTrainJobResult({ ...result, round: 3 }, job, 3, 'job-4'), { error: 'the result of queue job job-4 answers another job (round 3, expected 2)' });
    assert.match((parseTrainJobResult({ ...result, clientId: 0 }, job, 3, 'job-4') as { error: string }).error, /job-4 answers another job \(clientId 0, expected 1\)/);
    assert.match((parseTrainJobResult({ ...result, seq: 5 }, job, 3, 'job-4') as { error: string }).error, /job-4 answers another job \(seq/);
  });

  it('the coordinator rejects a result whose weights are not one per weight of the model', () => {
    const short = { ...result, weights: vectorToBase64(new Float32Array(2)) };
    assert.deepEqual(parseTrainJobResult(short, job, 3, 'job-4'), { error: 'the result of queue job job-4 has 2 weights; the model has 3' });
  });

  it('a Redis password never appears in what FedFlow prints', () => {
    assert.equal(redactRedisUrl('rediss://:s3cret@redis.example:6380'), 'rediss://:***@redis.example:6380');
    assert.equal(redactRedisUrl('redis://fed:s3cret@10.0.0.2:6379/1'), 'redis://fed:***@10.0.0.2:6379/1');
    assert.equal(redactSecret('WRONGPASS s3cret rejected', 'redis://:s3cret@h:1'), 'WRONGPASS *** rejected');
    assert.doesNotMatch(redactRedisUrl('not a url s3cret'), /s3cret/);
  });
});
