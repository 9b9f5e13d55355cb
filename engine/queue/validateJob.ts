/**
 * Checks what crosses Redis before it is used: a worker checks each job (a hostile or stale one becomes a
 * failed job with the reason, never a crash), the coordinator each result against the job it sent.
 */
import { z } from 'zod';
import { clientParams, modelParams } from '../format/params.js';
import { BACKENDS } from '../format/pipeline.js';
import { QUEUE_PROTOCOL_VERSION, type TrainJob, type TrainJobResult } from './jobMessages.js';

/** The largest model a job may ask for (weights) and the largest example (features): beyond them a job is refused, not tried. */
export const MAX_JOB_WEIGHTS = 200_000_000;
const MAX_FEATURES = 10_000_000;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64');
const count = z.number().int().min(0).max(2 ** 31 - 1);

const trainJob = z.object({
  version: z.literal(QUEUE_PROTOCOL_VERSION),
  type: z.literal('train'),
  runId: z.string().min(1).max(200),
  seq: count,
  round: count,
  clientId: count,
  backend: z.enum(BACKENDS.filter((b) => b !== 'auto') as [Exclude<(typeof BACKENDS)[number], 'auto'>, ...Exclude<(typeof BACKENDS)[number], 'auto'>[]]),
  model: z.object({
    params: modelParams,
    inputShape: z.array(z.number().int().min(1).max(MAX_FEATURES)).min(1).max(4),
    numClasses: z.number().int().min(2).max(100_000),
  }),
  dataHash: z.string().regex(/^[0-9a-f]{64}$/, 'is not a sha256 hex digest'),
  rows: base64,
  globalWeights: base64,
  client: clientParams
    .pick({ localEpochs: true, batchSize: true, optimizer: true, learningRate: true, momentum: true, proximalMu: true, behaviour: true, attackScale: true, noiseStd: true })
    .extend({ maxSteps: count.optional() })
    .strict(),
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  lossBeforeFit: z.boolean().optional(),
  correction: base64.optional(),
  fault: z.enum(['throw', 'exit', 'hang']).optional(),
}).strict();

const trainJobResult = z.object({
  version: z.literal(QUEUE_PROTOCOL_VERSION),
  runId: z.string(),
  seq: count,
  round: count,
  clientId: count,
  weights: base64,
  numExamples: count,
  loss: z.number(),
  steps: count,
  ms: z.number().min(0),
  lossBeforeFit: z.number().optional(),
  worker: z.string().max(200),
});

const where = (issue: z.core.$ZodIssue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ` : '');

/** The job, or why a worker refuses it (one sentence naming the field). */
export function parseTrainJob(data: unknown): { job: TrainJob } | { error: string } {
  const r = trainJob.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    return { error: `not a FedFlow training job of version ${QUEUE_PROTOCOL_VERSION} (${where(issue)}${issue.message})` };
  }
  const inputs = r.data.model.inputShape.reduce((a, b) => a * b, 1);
  if (inputs > MAX_FEATURES) return { error: `its examples have ${inputs} features, over the ${MAX_FEATURES} a job may have` };
  return { job: r.data as TrainJob };
}

/**
 * The result, or why the coordinator rejects it: a result must answer the job it was sent for (run, job
 * number, round, client) and carry one weight per weight of the model.
 */
export function parseTrainJobResult(data: unknown, job: TrainJob, weights: number, jobId: string): { result: TrainJobResult } | { error: string } {
  const r = trainJobResult.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    return { error: `the result of queue job ${jobId} is not a FedFlow training result (${where(issue)}${issue.message})` };
  }
  const res = r.data as TrainJobResult;
  for (const field of ['runId', 'seq', 'round', 'clientId'] as const) {
    if (res[field] !== job[field]) {
      return { error: `the result of queue job ${jobId} answers another job (${field} ${String(res[field])}, expected ${String(job[field])})` };
    }
  }
  const got = Math.floor((res.weights.length * 3) / 4) - (res.weights.endsWith('==') ? 2 : res.weights.endsWith('=') ? 1 : 0);
  if (got !== weights * 4) {
    return { error: `the result of queue job ${jobId} has ${got / 4} weights; the model has ${weights}` };
  }
  return { result: res };
}
