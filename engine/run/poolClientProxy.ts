/**
 * The in-process client: one simulated client whose data is a range of rows in the coordinator's shared
 * buffers, trained by the worker pool. Its faults — a thrown error, a thread that exits, a time limit
 * passed — come back as failure values; only a cancelled run or a backend that cannot start escapes.
 * It keeps the client's own state between rounds (SCAFFOLD's control variate c_i, the error-feedback
 * residual of its compressed updates). It decodes a compressed broadcast before training and encodes its
 * update (local weights − received model) when its group compresses or the model came compressed.
 * Where the server asks (client-side DP), it clips the update — and with local DP noises it — first.
 */
import { sharedFloat32 } from '../data/sharedArrays.js';
import type { ClientParams } from '../format/params.js';
import { weightCount, type ModelSpec } from '../model/modelSpec.js';
import { CompressionError } from '../compress/compressionError.js';
import { decodeVector } from '../compress/createCompressor.js';
import { toShared } from '../data/dataset.js';
import { PROTOCOL_VERSION, type ClientFailure, type EncodedVector, type EvaluateIns, type EvaluateOutcome, type FailureCode, type FitIns, type FitMetrics, type FitOutcome, type Tensors } from '../protocol/messages.js';
import { deriveSeed, Rng } from '../random/rng.js';
import { clipModelUpdate } from '../privacy/clip.js';
import { addGaussianNoise } from '../privacy/gaussianNoise.js';
import { fitInsBytes } from '../server/messageBytes.js';
import { UpdateEncoder, uplinkSettings } from './updateEncoder.js';
import type { InjectedFault, RowsRef, TableRef, TrainResult } from './messages.js';
import type { TaskExecutor } from './taskExecutor.js';
import { QueueError } from '../queue/queueError.js';
import { scaffoldClientVariate } from '../strategy/scaffold.js';
import { BackendError, type ConcreteBackend } from '../train/backend.js';
import type { ClientProxy } from '../server/clientProxy.js';
import { dropsOut } from '../server/sampling.js';
import { localSteps, simulatedTime, stepsWithinDeadline } from '../sim/clock.js';
import type { DeviceProfile } from '../sim/deviceProfile.js';
import { localTrainingOf } from './localTraining.js';

/** The test-only injection point of the executor: which fault, if any, a client commits in a round. */
export type FaultInjector = (fault: { aggregatorId: string; clientId: number; round: number }) => InjectedFault | undefined;

/** What every pool client of one federation shares. */
export interface PoolContext {
  /** The worker pool, or the queue executor with --redis. */
  readonly pool: TaskExecutor;
  readonly backend: ConcreteBackend;
  readonly model: ModelSpec;
  readonly train: TableRef;
  readonly seed: number;
  readonly aggregatorId: string;
  /** Milliseconds a client may train before it fails with `timeout`; 0 for no limit. */
  readonly timeoutMs: number;
  readonly faults?: FaultInjector;
  /** Decoded compressed broadcasts, so the clients of a round decode the round's model once between them. */
  readonly broadcasts?: WeakMap<EncodedVector, Float32Array>;
}

/** One simulated client's own data and nature. */
export interface PoolClient {
  readonly cid: number;
  readonly groupNodeId: string;
  readonly params: ClientParams;
  readonly splitId: string;
  readonly splitClient: number;
  readonly rows: RowsRef;
  readonly holdout: RowsRef;
  /** Its simulated device; null where the group simulates none. */
  readonly device: DeviceProfile | null;
}

function failure(code: FailureCode, message: string): ClientFailure {
  return { status: 'failed', code, message };
}

/** A ClientProxy over the worker pool. */
export class PoolClientProxy implements ClientProxy {
  /** SCAFFOLD's client control variate c_i, from the last round this client took part in. */
  private control: Float32Array | null = null;
  /** The uplink encoder, made on the first round that sends an update; it keeps the error-feedback residual. */
  private encoder: UpdateEncoder | null = null;

  constructor(
    private readonly ctx: PoolContext,
    private readonly client: PoolClient,
  ) {}

  /** What error feedback still owes the server from this client's earlier rounds (empty without it). */
  get residual(): Float32Array {
    return this.encoder?.residual ?? new Float32Array(0);
  }

  /** The model the client trains from: the weights sent, or what a compressed broadcast decodes to (shared, for the worker). */
  private receivedModel(ins: FitIns): Float32Array | ClientFailure {
    if (ins.weights !== undefined) return ins.weights;
    const encoded = ins.encodedWeights;
    const cached = this.ctx.broadcasts?.get(encoded);
    if (cached) return cached;
    try {
      const model = toShared(decodeVector(encoded, weightCount(this.ctx.model)));
      this.ctx.broadcasts?.set(encoded, model);
      return model;
    } catch (e) {
      return failure('malformed', `the ${encoded.codec} model it was sent does not decode: ${(e as Error).message}`);
    }
  }

  get cid(): number {
    return this.client.cid;
  }

  get groupNodeId(): string {
    return this.client.groupNodeId;
  }

  get canEvaluate(): boolean {
    return this.client.holdout.length > 0;
  }

  async fit(ins: FitIns, signal: AbortSignal): Promise<FitOutcome> {
    const { ctx, client } = this;
    const { params } = client;
    // A message of another shape cannot be read safely: refuse it before anything else.
    if ((ins.version as number) !== PROTOCOL_VERSION) {
      return failure('refused', `it speaks protocol version ${PROTOCOL_VERSION} and was sent a version ${String(ins.version)} message`);
    }
    if (dropsOut(params.dropout, ctx.seed, client.splitId, client.splitClient, ins.round)) {
      return failure('dropped', `it dropped out of round ${ins.round} (dropout probability ${params.dropout})`);
    }
    if (client.rows.length === 0) return failure('refused', 'it holds no training examples');
    const { config } = ins;
    const training = localTrainingOf(config, params, params.behaviour);
    const serverControl = config.algorithm === 'scaffold' ? ins.tensors?.serverControl : undefined;
    if (config.algorithm === 'scaffold' && !serverControl) return failure('refused', 'SCAFFOLD sent no server control variate');
    const received = this.receivedModel(ins);
    if (!(received instanceof Float32Array)) return received;
    // An update goes back where the group compresses, or where the model came compressed (so the server
    // adds it to its exact model); otherwise the weights, as before compression existed.
    if (params.compression !== 'none' || ins.encodedWeights !== undefined) {
      this.encoder ??= new UpdateEncoder(uplinkSettings(params), params.errorFeedback);
    }
    const encoder = params.compression !== 'none' || ins.encodedWeights !== undefined ? this.encoder : null;
    // The simulated device decides, before any real work, what fits before the deadline.
    const steps = localSteps(client.rows.length, config.localEpochs, config.batchSize);
    const bytesDown = fitInsBytes(ins);
    // What comes back: the weights or the encoded update (its size is known in advance), and SCAFFOLD's Δc beside them.
    const bytesUp = (encoder ? encoder.bytes(received.length) : received.byteLength) + (serverControl ? serverControl.byteLength : 0);
    const device = client.device;
    const fit = device ? stepsWithinDeadline(device, steps, bytesDown, bytesUp, config.deadline ?? 0) : steps;
    if (device && fit < steps && (!config.partialWork || fit === 0)) {
      const would = simulatedTime(device, steps, bytesDown, bytesUp).finish;
      return failure(
        'late',
        `it would finish at ${would.toFixed(1)} s of simulated time, after the round's ${config.deadline} s deadline${config.partialWork ? ' (not even one step fits)' : ''}`,
      );
    }
    if (fit < steps) training.maxSteps = fit;
    const own = serverControl ? (this.control ?? new Float32Array(serverControl.length)) : null;
    const fault = ctx.faults?.({ aggregatorId: ctx.aggregatorId, clientId: client.cid, round: ins.round });
    let result: TrainResult;
    try {
      result = await ctx.pool.train(
        {
          type: 'train',
          backend: ctx.backend,
          model: ctx.model,
          table: ctx.train,
          rows: client.rows,
          globalWeights: received,
          client: training,
          clientId: client.cid,
          round: ins.round,
          seed: config.seed,
          ...(config.lossBeforeFit ? { lossBeforeFit: true } : {}),
          ...(serverControl && own ? { correction: sharedDifference(serverControl, own) } : {}),
          ...(fault ? { fault } : {}),
        },
        signal,
        ctx.timeoutMs,
      );
    } catch (e) {
      return this.explain(e, signal);
    }
    let tensors: Tensors | undefined;
    if (serverControl && own) {
      const next = scaffoldClientVariate(own, serverControl, received, result.weights, result.steps, config.learningRate);
      this.control = next.controlVariate;
      tensors = { controlDelta: next.controlDelta };
    }
    // Client-side DP: clip the update (and, for local DP, noise it) before it is compressed or sent.
    let normBit: boolean | undefined;
    if (config.clipNorm !== undefined) {
      const clipped = clipModelUpdate(result.weights, received, config.clipNorm);
      normBit = clipped.withinBound;
      const noise = (config.localNoise ?? 0) * config.clipNorm;
      const own = noise > 0 ? addGaussianNoise(clipped.weights, noise, new Rng(deriveSeed(config.seed, 'local-dp'))) : clipped.weights;
      result = { ...result, weights: own };
    }
    const metrics: FitMetrics = {
      loss: result.loss,
      steps: result.steps,
      ms: result.ms,
      ...(result.lossBeforeFit !== undefined ? { lossBeforeFit: result.lossBeforeFit } : {}),
      ...(device ? { simulated: simulatedTime(device, result.steps, bytesDown, bytesUp) } : {}),
      ...(result.steps < steps ? { partial: { steps: result.steps, of: steps } } : {}),
      ...(normBit !== undefined ? { normBit } : {}),
    };
    const common = { status: 'ok' as const, numExamples: result.numExamples, metrics, ...(tensors ? { tensors } : {}) };
    if (!encoder) return { ...common, weights: result.weights };
    try {
      // Seeded by the client's round seed, so the same client and round code alike whatever ran it.
      return { ...common, update: encoder.encode(received, result.weights, deriveSeed(config.seed, 'compress')) };
    } catch (e) {
      // A lossy codec needs real numbers: an update that is not finite costs this client's answer only.
      if (e instanceof CompressionError && e.field === 'vector') {
        return failure('diverged', `its update is not finite, so it cannot be compressed (${e.message}); a lower learning rate helps`);
      }
      return failure('crashed', `compressing its update raised an error: ${(e as Error)?.message ?? String(e)}`);
    }
  }

  async evaluate(ins: EvaluateIns, signal: AbortSignal): Promise<EvaluateOutcome> {
    const { ctx } = this;
    try {
      const r = await ctx.pool.evaluate(
        { type: 'evaluate', backend: ctx.backend, model: ctx.model, weights: ins.weights, table: ctx.train, groups: [this.client.holdout] },
        signal,
      );
      const s = r.groups![0];
      return { status: 'ok', numExamples: s.examples, loss: s.loss, accuracy: s.accuracy };
    } catch (e) {
      return this.explain(e, signal);
    }
  }

  /** Turns what the pool raised into the client's failure; a cancelled run or a backend fault is re-raised. */
  private explain(e: unknown, signal: AbortSignal): ClientFailure {
    if (signal.aborted) throw e;
    // The queue itself failing (Redis gone, no workers) stops the run; it is no client's fault.
    if (e instanceof QueueError) throw e;
    const error = e as Error;
    // A result from the queue that does not answer its job.
    if (error?.name === 'QueueResultRejected') return failure('malformed', error.message);
    // A BackendError thrown in a worker arrives as a plain Error whose stack starts with the class name.
    if (/^BackendError\b/.test(String(error?.stack))) throw new BackendError(error.message);
    if (error?.name === 'AbortError') {
      return failure('timeout', `it trained for more than ${this.ctx.timeoutMs / 1000} s, the round's time limit per client`);
    }
    const exited = /^worker exited with code: (\S+)/.exec(error?.message ?? '');
    if (exited) return failure('lost', `its worker thread stopped (exit code ${exited[1]}) while it trained; a new thread took its place`);
    return failure('crashed', `its training raised an error: ${error?.message ?? String(e)}`);
  }
}

/** a − b in shared memory, so the worker reads it without a copy. */
function sharedDifference(a: Float32Array, b: Float32Array): Float32Array {
  const out = sharedFloat32(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}
