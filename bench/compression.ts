/**
 * Update compression: the time to encode and decode one client's update with each codec, for the seed
 * MLP and the FedAvg CNN, beside that client's local training time, and the bytes each sends. The update
 * is a real one (one client's trained weights minus the global model), since top-k's selection and the
 * quantiser's ranges depend on the values. Compression is worth it only while this stays a small fraction
 * of a round.
 */
import { createCompressor, encodedBytes, type CompressorSettings } from '../engine/compress/index.js';
import { initialWeights } from '../engine/model/initialWeights.js';
import { weightCount } from '../engine/model/modelSpec.js';
import { deriveSeed } from '../engine/random/rng.js';
import type { TableRef } from '../engine/run/messages.js';
import { startBackend } from '../engine/train/backend.js';
import { ModelRunner } from '../engine/train/modelRunner.js';
import type { BenchContext } from './context.js';
import { cpuSnapshot, cpuUse } from './cpuMeter.js';
import { clientSeed, federatedPlan } from './federatedSetup.js';
import { fmt, type Section } from './report.js';
import { median } from './roundTimer.js';
import { BENCH_SEED, parsedClient, type Workload } from './workloads.js';

/** The settings measured: each codec, and the bits and fractions a user is likely to pick. */
export const COMPRESSION_CASES: CompressorSettings[] = [
  { name: 'none' },
  { name: 'quantize', bits: 8 },
  { name: 'quantize', bits: 4 },
  { name: 'quantize', bits: 1 },
  { name: 'topk', fraction: 0.1 },
  { name: 'topk', fraction: 0.01 },
  { name: 'randomk', fraction: 0.1 },
  { name: 'randomk', fraction: 0.01 },
  { name: 'sign' },
];

/** A short name for a row: `quantize 8 bits`, `topk 1%`. */
export function caseLabel(s: CompressorSettings): string {
  if (s.name === 'quantize') return `quantize ${s.bits} bit${s.bits === 1 ? '' : 's'}`;
  if (s.name === 'topk' || s.name === 'randomk') return `${s.name} ${fmt((s.fraction ?? 0) * 100, (s.fraction ?? 0) < 0.01 ? 1 : 0)}%`;
  return s.name;
}

interface ClientUpdate {
  update: Float32Array;
  rows: number;
  trainMs: number;
}

/** One client's local training (after a warm-up), timed, and the update it produced. */
async function clientUpdate(w: Workload, repeats: number): Promise<ClientUpdate> {
  const plan = await federatedPlan(w);
  const fed = plan.federations[0];
  const dataset = plan.datasets.get(fed.datasetId)!;
  const partition = plan.partitions.get(fed.groups[0].splitId)!;
  const table: TableRef = { x: dataset.train.x, y: dataset.train.y, featureShape: dataset.featureShape, numClasses: dataset.numClasses };
  const rows = { indices: partition.trainIndices, offset: partition.trainOffsets[0], length: partition.trainOffsets[1] - partition.trainOffsets[0] };
  const runner = new ModelRunner(fed.model);
  const global = initialWeights(fed.model, deriveSeed(BENCH_SEED, 'init', fed.modelNodeId));
  const client = parsedClient();
  runner.train(global, table, rows, client, clientSeed(0, 1));
  const times: number[] = [];
  let weights = global;
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    weights = runner.train(global, table, rows, client, clientSeed(0, 2 + r)).weights;
    times.push(performance.now() - t);
  }
  if (weights.length !== weightCount(fed.model)) throw new Error(`the ${w.name} client returned ${weights.length} weights, not ${weightCount(fed.model)}`);
  const update = new Float32Array(weights.length);
  for (let i = 0; i < update.length; i++) update[i] = weights[i] - global[i];
  return { update, rows: rows.length, trainMs: median(times) };
}

interface CaseResult {
  settings: CompressorSettings;
  bytes: number;
  /** Bytes ÷ the uncompressed bytes. */
  ratio: number;
  encodeMs: number;
  decodeMs: number;
  /** (encode + decode) ÷ one client's local training time. */
  ofTraining: number;
}

function timeCase(s: CompressorSettings, update: Float32Array, repeats: number, trainMs: number): CaseResult {
  const c = createCompressor(s);
  const n = update.length;
  // One untimed pass to let the JIT compile the codec's loops.
  c.decode(c.encode(update, 0), n);
  const enc: number[] = [];
  const dec: number[] = [];
  let bytes = 0;
  for (let r = 0; r < repeats; r++) {
    let t = performance.now();
    const e = c.encode(update, r + 1);
    enc.push(performance.now() - t);
    t = performance.now();
    c.decode(e, n);
    dec.push(performance.now() - t);
    bytes = e.data.byteLength;
  }
  if (bytes !== encodedBytes(s, n)) throw new Error(`${caseLabel(s)} sent ${bytes} bytes; encodedBytes says ${encodedBytes(s, n)}`);
  const encodeMs = median(enc);
  const decodeMs = median(dec);
  return { settings: s, bytes, ratio: bytes / (4 * n), encodeMs, decodeMs, ofTraining: (encodeMs + decodeMs) / trainMs };
}

export async function compressionBench(ctx: BenchContext): Promise<Section> {
  await startBackend(ctx.args.backend);
  const rows: Section['rows'] = [];
  const data = [];
  const before = cpuSnapshot();
  for (const w of ctx.workloads) {
    ctx.log(`compression ${w.name}: one client's local training, then each codec`);
    const { update, rows: clientRows, trainMs } = await clientUpdate(w, ctx.args.quick ? 1 : 3);
    const repeats = ctx.args.quick ? 3 : w.name === 'cnn' ? 7 : 21;
    const cases = COMPRESSION_CASES.map((s) => timeCase(s, update, repeats, trainMs));
    data.push({ workload: w.name, weights: update.length, clientRows, trainMs, repeats, cases });
    rows.push({ label: `${w.title}, ${fmt(update.length)} weights: one client's local training (${fmt(clientRows)} rows)`, value: `${fmt(trainMs)} ms` });
    for (const r of cases) {
      rows.push({
        label: `  ${caseLabel(r.settings)}: ${fmt(r.bytes / 1024)} KiB (${fmt(r.ratio * 100, 1)}%), encode ${fmt(r.encodeMs, 1)} + decode ${fmt(r.decodeMs, 1)} ms`,
        value: `${fmt(r.ofTraining * 100, 2)}% of training`,
      });
    }
  }
  const cpu = cpuUse(before, cpuSnapshot());
  return { name: 'compression', title: 'Update compression: encode + decode beside local training (one thread)', rows, data, others: cpu.others };
}
