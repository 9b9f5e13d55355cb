/**
 * SCAFFOLD against FedAvg under client drift (Karimireddy et al. 2020): the `scaffold-drift` template
 * (a pathological MNIST split, 2 classes per client) on several seeds, rounds until the global model first
 * reaches 80% test accuracy.
 * `npm run bench -- --only clientDrift` measures it (minutes, so not part of the default bench).
 */
import type { BenchContext } from './context.js';
import type { Section } from './report.js';
import { join } from 'node:path';
import { readPipelineFile } from '../engine/format/readPipelineFile.js';
import { runPipeline } from '../engine/run/run.js';

/** Rounds each strategy needs to first reach `target` test accuracy (null: not within the rounds run), and its final accuracy. */
export async function roundsToTarget(
  root: string,
  seed: number,
  rounds: number,
  target: number,
): Promise<Record<string, { rounds: number | null; final: number | null }>> {
  // The template itself, so the bench measures exactly what the template's note speaks of.
  const templates = join(root, 'templates');
  const { doc, problems } = await readPipelineFile(join(templates, 'scaffold-drift.fedflow.json'));
  if (!doc) throw new Error(`templates/scaffold-drift.fedflow.json: ${problems.map((p) => p.message).join('; ')}`);
  const summary = await runPipeline(doc, { baseDir: templates, backend: 'wasm', seed, rounds });
  return Object.fromEntries(
    summary.federations.map((f) => [
      f.label,
      { rounds: f.history.find((r) => (r.test?.accuracy ?? 0) >= target)?.round ?? null, final: f.final.accuracy },
    ]),
  );
}

/** Rounds-to-80% per seed for both strategies, as a bench section. */
export async function clientDriftBench(ctx: BenchContext): Promise<Section> {
  const seeds = ctx.args.quick ? [1] : [1, 2, 3, 4, 5];
  const rounds = ctx.args.quick ? 10 : 30;
  const cell = (x: { rounds: number | null; final: number | null }) => `${x.rounds ?? `>${rounds}`} (final ${((x.final ?? 0) * 100).toFixed(1)}%)`;
  const data: { seed: number; fedavg: number | null; scaffold: number | null; fedavgFinal: number | null; scaffoldFinal: number | null }[] = [];
  const rows = [];
  for (const seed of seeds) {
    const r = await roundsToTarget(ctx.root, seed, rounds, 0.8);
    data.push({ seed, fedavg: r.FedAvg.rounds, scaffold: r.SCAFFOLD.rounds, fedavgFinal: r.FedAvg.final, scaffoldFinal: r.SCAFFOLD.final });
    rows.push({ label: `seed ${seed}: rounds to 80%, FedAvg | SCAFFOLD`, value: `${cell(r.FedAvg)} | ${cell(r.SCAFFOLD)}` });
  }
  return {
    name: 'clientDrift',
    title: `SCAFFOLD vs FedAvg, pathological MNIST (2 classes/client, 10 clients, E=2, B=32, sgd lr 0.05), ${rounds} rounds`,
    rows,
    data,
  };
}
