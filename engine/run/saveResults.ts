/**
 * Writing a finished run: each federation's global model in TensorFlow.js's own format (model.json +
 * weights.bin, loadable with `tf.loadLayersModel`), plus metrics as JSON and CSV. Every file goes through
 * the engine's one atomic write (engine/fs/atomicWrite.ts), so a kill mid-save leaves each file old or new,
 * and the temporary files a killed save left are swept on the next save into the folder.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite.js';
import type { ConcreteBackend } from '../train/backend.js';
import type { RunSummary } from './events.js';
import type { Federation } from './federation.js';
import { metricsCsv } from './metricsCsv.js';
import type { TaskExecutor } from './taskExecutor.js';

/** Saves models, metrics.json, metrics.csv and summary.json under `dir`. */
export async function saveResults(
  dir: string,
  summary: RunSummary,
  federations: readonly Federation[],
  pool: TaskExecutor,
  backend: ConcreteBackend,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const fed of federations) {
    const saved = await pool.save({ type: 'save', backend, model: fed.plan.model, weights: fed.global });
    const modelDir = join(dir, 'models', fed.id);
    await mkdir(modelDir, { recursive: true });
    await writeFileAtomic(join(modelDir, 'weights.bin'), new Uint8Array(saved.weightData));
    const modelJson = {
      format: 'layers-model',
      generatedBy: 'FedFlow Studio',
      convertedBy: null,
      modelTopology: saved.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: saved.weightSpecs }],
    };
    await writeFileAtomic(join(modelDir, 'model.json'), JSON.stringify(modelJson));
  }
  await writeFileAtomic(join(dir, 'metrics.csv'), metricsCsv(summary));
  await writeFileAtomic(join(dir, 'metrics.json'), JSON.stringify(summary.federations, null, 1));
  const brief = {
    ...summary,
    federations: summary.federations.map((f) => ({
      aggregatorId: f.aggregatorId,
      label: f.label,
      strategy: f.strategy,
      rounds: f.rounds,
      final: f.final,
      ...(f.traffic ? { traffic: f.traffic } : {}),
    })),
  };
  await writeFileAtomic(join(dir, 'summary.json'), JSON.stringify(brief, null, 2));
}
