/**
 * Poisoning attacks against defences: a small IID MNIST federation (11 clients, 2 of them attackers) under
 * each attack, fed to every defence at once, and the final test accuracy of each. One run per attack and
 * seed: its honest group and its attacker group feed one aggregator per defence, as the robust-aggregation
 * template does, so every defence faces exactly the same clients. 11 clients rather than 10 so Bulyan's
 * n ≥ 4f + 3 holds for f = 2, the number of attackers every defence is told to expect.
 * `npm run bench -- --only poisoning` measures it (minutes, so asked for by name only).
 */
import type { ClientBehaviour } from '../engine/format/params.js';
import type { PipelineDocument, PipelineNode } from '../engine/format/pipeline.js';
import { FORMAT_TAG } from '../engine/format/pipeline.js';
import { runPipeline } from '../engine/run/run.js';
import type { BenchContext } from './context.js';
import type { Row, Section } from './report.js';

/** An attack the attacker group mounts: its behaviour and strength. */
export interface PoisoningAttack {
  name: string;
  behaviour: ClientBehaviour;
  attackScale?: number;
  noiseStd?: number;
}

/** The attacks measured; `none` is the honest reference (the attacker group trains honestly). */
export const POISONING_ATTACKS: readonly PoisoningAttack[] = [
  { name: 'none', behaviour: 'honest' },
  { name: 'sign-flip ×4', behaviour: 'sign-flip', attackScale: 4 },
  { name: 'scaled ×10', behaviour: 'scaled', attackScale: 10 },
  { name: 'gaussian-noise σ 1', behaviour: 'gaussian-noise', noiseStd: 1 },
  { name: 'label-flip', behaviour: 'label-flip' },
];

/** Clients in the federation and how many of them attack. */
export const POISONING_CLIENTS = 11;
export const POISONING_ATTACKERS = 2;

/**
 * The clip norm C of the norm-clipping defence: about the honest clients' update norm (‖Δ‖ ≈ 0.6–1.2 in
 * the first rounds of this federation, measured from the client-finished events), so an honest update is
 * barely touched and a scaled one is cut to an honest length.
 */
export const POISONING_CLIP_NORM = 0.5;

/** The defences measured, as aggregator params: each told to expect f = 2 attackers where it asks. */
export function poisoningDefences(clients = POISONING_CLIENTS, attackers = POISONING_ATTACKERS): { id: string; label: string; params: Record<string, unknown> }[] {
  return [
    { id: 'fedavg', label: 'FedAvg', params: { strategy: 'FedAvg' } },
    { id: 'fedmedian', label: 'FedMedian', params: { strategy: 'FedMedian' } },
    { id: 'trimmed', label: 'FedTrimmedAvg', params: { strategy: 'FedTrimmedAvg', beta: 0.2 } },
    { id: 'krum', label: 'Krum', params: { strategy: 'Krum', numMalicious: attackers } },
    { id: 'multikrum', label: 'MultiKrum', params: { strategy: 'MultiKrum', numMalicious: attackers, numToKeep: clients - attackers } },
    { id: 'bulyan', label: 'Bulyan', params: { strategy: 'Bulyan', numMalicious: attackers } },
    { id: 'clip', label: 'Norm clipping', params: { strategy: 'FedAvg', privacy: 'server-fixed', clipNorm: POISONING_CLIP_NORM, noiseMultiplier: 0 } },
  ];
}

/** The federation under one attack: an honest group and an attacker group feeding every defence. */
export function poisoningDocument(attack: PoisoningAttack, options: { rounds: number; trainSize: number; seed: number }): PipelineDocument {
  const honestEnd = POISONING_CLIENTS - POISONING_ATTACKERS - 1;
  const training = { localEpochs: 1, batchSize: 32, optimizer: 'momentum', learningRate: 0.01, momentum: 0.9 };
  const attackParams = {
    ...training,
    clients: `${honestEnd + 1}-${POISONING_CLIENTS - 1}`,
    behaviour: attack.behaviour,
    ...(attack.attackScale !== undefined ? { attackScale: attack.attackScale } : {}),
    ...(attack.noiseStd !== undefined ? { noiseStd: attack.noiseStd } : {}),
  };
  const at = (x: number, y: number) => ({ x, y });
  const nodes: PipelineNode[] = [
    { id: 'mnist', kind: 'dataset', position: at(0, 0), params: { source: 'mnist', trainSize: options.trainSize, testSize: 1000 } },
    { id: 'split', kind: 'split', position: at(0, 100), params: { method: 'iid', numClients: POISONING_CLIENTS } },
    { id: 'mlp', kind: 'model', position: at(0, 200), params: { arch: 'mlp', hidden: [128, 64], activation: 'relu' } },
    { id: 'honest', kind: 'client', position: at(200, 0), params: { ...training, clients: `0-${honestEnd}` } },
    { id: 'attackers', kind: 'client', position: at(200, 200), params: attackParams },
  ];
  const edges = [
    { id: 'e-data', source: 'mnist', sourceHandle: 'data', target: 'split', targetHandle: 'data' },
    ...['honest', 'attackers'].flatMap((c) => [
      { id: `e-${c}-clients`, source: 'split', sourceHandle: 'clients', target: c, targetHandle: 'clients' },
      { id: `e-${c}-model`, source: 'mlp', sourceHandle: 'model', target: c, targetHandle: 'model' },
    ]),
  ];
  poisoningDefences().forEach((d, i) => {
    nodes.push({ id: d.id, kind: 'aggregator', label: d.label, position: at(400, i * 100), params: { ...d.params, rounds: options.rounds } });
    nodes.push({ id: `eval-${d.id}`, kind: 'evaluate', position: at(600, i * 100), params: { every: 1, centralized: true, federated: false } });
    edges.push(
      { id: `e-honest-${d.id}`, source: 'honest', sourceHandle: 'updates', target: d.id, targetHandle: 'updates' },
      { id: `e-attackers-${d.id}`, source: 'attackers', sourceHandle: 'updates', target: d.id, targetHandle: 'updates' },
      { id: `e-eval-${d.id}`, source: d.id, sourceHandle: 'global', target: `eval-${d.id}`, targetHandle: 'global' },
    );
  });
  return { format: FORMAT_TAG, name: `Poisoning: ${attack.name}`, seed: options.seed, settings: { backend: 'wasm' }, nodes, edges } as PipelineDocument;
}

/** One defence's result under one attack on one seed: final and best test accuracy, and where it diverged. */
export interface PoisoningCell {
  attack: string;
  defence: string;
  seed: number;
  final: number | null;
  best: number | null;
  divergedAt?: number;
}

/** Runs every attack on one seed; a cell per attack and defence. */
export async function poisoningGrid(root: string, seed: number, rounds: number, trainSize: number): Promise<PoisoningCell[]> {
  const cells: PoisoningCell[] = [];
  for (const attack of POISONING_ATTACKS) {
    const summary = await runPipeline(poisoningDocument(attack, { rounds, trainSize, seed }), { baseDir: root, backend: 'wasm' });
    for (const f of summary.federations) {
      const scores = f.history.flatMap((r) => (r.test ? [r.test.accuracy] : []));
      cells.push({
        attack: attack.name,
        defence: f.label,
        seed,
        final: f.final.accuracy,
        best: scores.length > 0 ? Math.max(...scores) : null,
        ...(f.divergedAt !== undefined ? { divergedAt: f.divergedAt } : {}),
      });
    }
  }
  return cells;
}

const pct = (v: number) => (v * 100).toFixed(1);

/** The mean of the seeds' final accuracies as a cell, its range where seeds differ, † where a seed diverged. */
function cellText(cells: readonly PoisoningCell[]): string {
  const finals = cells.map((c) => c.final ?? 0);
  const mean = finals.reduce((a, b) => a + b, 0) / finals.length;
  const range = finals.length > 1 ? ` (${pct(Math.min(...finals))}–${pct(Math.max(...finals))})` : '';
  return `${pct(mean)}${range}${cells.some((c) => c.divergedAt !== undefined) ? '†' : ''}`;
}

/** Final test accuracy of each defence under each attack, averaged over seeds, as a bench section. */
export async function poisoningBench(ctx: BenchContext): Promise<Section> {
  const seeds = ctx.args.quick ? [42] : [42, 1, 2];
  const rounds = ctx.args.quick ? 3 : 10;
  const trainSize = ctx.args.quick ? 2000 : 4000;
  const cells: PoisoningCell[] = [];
  for (const seed of seeds) {
    ctx.log(`poisoning: seed ${seed}, ${POISONING_ATTACKS.length} attacks × ${poisoningDefences().length} defences, ${rounds} rounds`);
    cells.push(...(await poisoningGrid(ctx.root, seed, rounds, trainSize)));
  }
  const defences = poisoningDefences().map((d) => d.label);
  const columns = POISONING_ATTACKS.map((a) => a.name);
  const texts = defences.map((d) => columns.map((a) => cellText(cells.filter((c) => c.defence === d && c.attack === a))));
  const widths = columns.map((a, j) => Math.max(a.length, ...texts.map((t) => t[j].length)));
  const line = (parts: string[]) => parts.map((p, j) => p.padStart(widths[j])).join(' │ ');
  const rows: Row[] = [
    { label: 'defence \\ attack', value: line(columns) },
    ...defences.map((d, i) => ({ label: d, value: line(texts[i]) })),
  ];
  return {
    name: 'poisoning',
    title: `Poisoning: final test accuracy % (${seeds.length > 1 ? `mean (min–max) of seeds ${seeds.join(', ')}` : `seed ${seeds[0]}`}, ${rounds} rounds; † diverged)`,
    rows,
    data: { seeds, rounds, trainSize, clients: POISONING_CLIENTS, attackers: POISONING_ATTACKERS, clipNorm: POISONING_CLIP_NORM, cells },
  };
}
