/**
 * SCAFFOLD against FedAvg under client drift (Karimireddy et al. 2020): a pathological MNIST split
 * (2 classes per client), several seeds, rounds until the global model first reaches 80% test accuracy.
 * `npm run bench -- --only clientDrift` measures it (minutes, so not part of the default bench).
 */
import type { BenchContext } from './context.js';
import type { Section } from './report.js';
import { FORMAT_TAG, pipelineDocument, type PipelineDocument } from '../engine/format/pipeline.js';
import { runPipeline } from '../engine/run/run.js';

/** The drift pipeline: one client group feeding FedAvg and SCAFFOLD, so both see the same clients, seeds and rounds. */
export function driftPipeline(seed: number, rounds: number): PipelineDocument {
  const nodes = [
    { id: 'data', kind: 'dataset', params: { source: 'mnist', trainSize: 4000, testSize: 1000 } },
    { id: 'split', kind: 'split', params: { method: 'pathological', numClients: 10, classesPerClient: 2 } },
    { id: 'model', kind: 'model', params: { arch: 'mlp', hidden: [64] } },
    { id: 'clients', kind: 'client', params: { localEpochs: 2, batchSize: 32, optimizer: 'sgd', learningRate: 0.05 } },
    { id: 'fedavg', kind: 'aggregator', label: 'FedAvg', params: { strategy: 'FedAvg', rounds } },
    { id: 'scaffold', kind: 'aggregator', label: 'SCAFFOLD', params: { strategy: 'SCAFFOLD', rounds } },
    { id: 'evalFedavg', kind: 'evaluate', params: { federated: false } },
    { id: 'evalScaffold', kind: 'evaluate', params: { federated: false } },
  ];
  const edge = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({ id: `${source}-${target}`, source, sourceHandle, target, targetHandle });
  const edges = [
    edge('data', 'data', 'split', 'data'),
    edge('split', 'clients', 'clients', 'clients'),
    edge('model', 'model', 'clients', 'model'),
    edge('clients', 'updates', 'fedavg', 'updates'),
    edge('clients', 'updates', 'scaffold', 'updates'),
    edge('fedavg', 'global', 'evalFedavg', 'global'),
    edge('scaffold', 'global', 'evalScaffold', 'global'),
  ];
  return pipelineDocument.parse({ format: FORMAT_TAG, name: 'SCAFFOLD vs FedAvg under drift', seed, nodes, edges });
}

/** Rounds each strategy needs to first reach `target` test accuracy (null: not within the rounds run), and its final accuracy. */
export async function roundsToTarget(seed: number, rounds: number, target: number): Promise<Record<string, { rounds: number | null; final: number | null }>> {
  const summary = await runPipeline(driftPipeline(seed, rounds), { baseDir: '.', backend: 'wasm' });
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
    const r = await roundsToTarget(seed, rounds, 0.8);
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
