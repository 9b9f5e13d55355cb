/**
 * Local training in the page: the counterpart of the engine's PoolClientProxy.fit for a real client, on
 * the engine's own ModelRunner (engine/train/modelRunner.ts imports only TensorFlow.js and browser-safe
 * engine code), so the optimizer, shuffling, batching and loss are the simulation's. It runs on the main
 * thread, on whichever backend pageBackend.ts started; it reads results back asynchronously, as WebGL and
 * WebGPU need. What it sends back is what the strategy needs — weights or an
 * encoded update, SCAFFOLD's Δc, metrics — never a row. Simulation-only settings (attacks, dropout,
 * simulated devices) describe simulated clients and are not applied here.
 */
import type { ClientParams } from '../../engine/format/params.js';
import { decodeVector } from '../../engine/compress/createCompressor.js';
import { weightCount, type ModelSpec } from '../../engine/model/modelSpec.js';
import { clipModelUpdate } from '../../engine/privacy/clip.js';
import { addGaussianNoise } from '../../engine/privacy/gaussianNoise.js';
import type { EvaluateOutcome, FitIns, FitMetrics, FitOutcome } from '../../engine/protocol/messages.js';
import { deriveSeed, Rng } from '../../engine/random/rng.js';
import type { TableRef } from '../../engine/run/messages.js';
import { UpdateEncoder, uplinkSettings } from '../../engine/run/updateEncoder.js';
import { scaffoldClientVariate } from '../../engine/strategy/scaffold.js';
import { ModelRunner } from '../../engine/train/modelRunner.js';
import { localTrainingOf } from '../../engine/run/localTraining.js';

/** One joined client's trainer: its model, its group's params and its state between rounds. */
export class PageTrainer {
  private readonly runner: ModelRunner;
  private control: Float32Array | null = null;
  private encoder: UpdateEncoder | null = null;

  constructor(
    private readonly model: ModelSpec,
    private readonly params: ClientParams,
  ) {
    this.runner = new ModelRunner(model);
  }

  /** Trains on `table` (its rows `trainRows`, else all of the page's examples) from the round's model; failures come back as values. */
  async fit(ins: FitIns, table: TableRef, trainRows?: Int32Array): Promise<FitOutcome> {
    const n = trainRows ? trainRows.length : table.y.length;
    if (n === 0) return { status: 'failed', code: 'refused', message: 'it holds no training examples' };
    const { config } = ins;
    let received: Float32Array;
    try {
      received = ins.weights ?? decodeVector(ins.encodedWeights!, weightCount(this.model));
    } catch (e) {
      return { status: 'failed', code: 'malformed', message: `the model it was sent does not decode: ${(e as Error).message}` };
    }
    const serverControl = config.algorithm === 'scaffold' ? ins.tensors?.serverControl : undefined;
    if (config.algorithm === 'scaffold' && !serverControl) return { status: 'failed', code: 'refused', message: 'SCAFFOLD sent no server control variate' };
    const compress = this.params.compression !== 'none' || ins.encodedWeights !== undefined;
    if (compress) this.encoder ??= new UpdateEncoder(uplinkSettings(this.params), this.params.errorFeedback);
    // Attacks are simulated clients' business: a real one trains honestly.
    const training = localTrainingOf(config, this.params, 'honest');
    const rows = { indices: trainRows ?? Int32Array.from({ length: n }, (_, i) => i), offset: 0, length: n };
    const own = serverControl ? (this.control ?? new Float32Array(serverControl.length)) : null;
    const correction = serverControl && own ? serverControl.map((c, i) => c - own[i]) : undefined;
    let lossBeforeFit: number | undefined;
    let result;
    try {
      if (config.lossBeforeFit) lossBeforeFit = (await this.runner.scoreAsync(received, table, rows.indices, false)).loss;
      result = await this.runner.trainAsync(received, table, rows, training, config.seed, correction);
    } catch (e) {
      return { status: 'failed', code: 'crashed', message: `its training raised an error: ${(e as Error)?.message ?? String(e)}` };
    }
    let weights = result.weights;
    let tensors: Record<string, Float32Array> | undefined;
    if (serverControl && own) {
      const next = scaffoldClientVariate(own, serverControl, received, weights, result.steps, config.learningRate);
      this.control = next.controlVariate;
      tensors = { controlDelta: next.controlDelta };
    }
    let normBit: boolean | undefined;
    if (config.clipNorm !== undefined) {
      const clipped = clipModelUpdate(weights, received, config.clipNorm);
      normBit = clipped.withinBound;
      const noise = (config.localNoise ?? 0) * config.clipNorm;
      weights = noise > 0 ? addGaussianNoise(clipped.weights, noise, new Rng(deriveSeed(config.seed, 'local-dp'))) : clipped.weights;
    }
    const metrics: FitMetrics = {
      loss: result.loss,
      steps: result.steps,
      ms: result.ms,
      ...(lossBeforeFit !== undefined ? { lossBeforeFit } : {}),
      ...(normBit !== undefined ? { normBit } : {}),
    };
    const common = { status: 'ok' as const, numExamples: result.numExamples, metrics, ...(tensors ? { tensors } : {}) };
    if (!compress) return { ...common, weights };
    try {
      return { ...common, update: this.encoder!.encode(received, weights, deriveSeed(config.seed, 'compress')) };
    } catch (e) {
      return { status: 'failed', code: 'diverged', message: `its update cannot be compressed (${(e as Error).message}); a lower learning rate helps` };
    }
  }

  /** Scores the global model on the page's held-out rows (federated evaluation), as a Node client's worker does. */
  async evaluate(weights: Float32Array, table: TableRef, holdout: Int32Array): Promise<EvaluateOutcome> {
    if (holdout.length === 0) return { status: 'failed', code: 'refused', message: 'it keeps no hold-out' };
    if (weights.length !== weightCount(this.model)) return { status: 'failed', code: 'malformed', message: `the model it was sent has ${weights.length} values, not ${weightCount(this.model)}` };
    try {
      const s = await this.runner.scoreAsync(weights, table, holdout, false);
      return { status: 'ok', numExamples: s.examples, loss: s.loss, accuracy: s.accuracy };
    } catch (e) {
      return { status: 'failed', code: 'crashed', message: `scoring its hold-out raised an error: ${(e as Error)?.message ?? String(e)}` };
    }
  }
}
