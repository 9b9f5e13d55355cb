/**
 * Measurement 5: against PyTorch on one thread, where Debian's python3-torch (or any torch) is
 * importable, all in this one bench run so the ratios share the machine's state. The MLP: our centralized
 * training and our 10-client FedAvg round on 1 worker against PyTorch's single-client loop over the same
 * rows, with PyTorch's own cohort (the 10 clients' weights stacked, torch.baddbmm) beside it. The CNN: our
 * 10-client round on 1 worker against PyTorch's CNN. PyTorch gets random data of MNIST's shape (its
 * speed does not depend on the values); same model, optimizer (SGD momentum 0.01/0.9) and batch (32).
 */
import { centralized } from './centralized.js';
import type { BenchContext } from './context.js';
import { federated } from './federated.js';
import { fmt, goal, markBusy, ratio, type Goal, type Section } from './report.js';
import { onReferenceBlas, REFERENCE_BLAS, runTorchScript, type TorchResult, type TorchRun } from './torchScript.js';
import { BENCH_SEED, FEDERATED_CLIENTS, type Workload } from './workloads.js';

/** Our centralized MLP ÷ PyTorch's. */
export const PYTORCH_GOAL = 0.5;
/** Our MLP 10-client round on 1 worker ÷ PyTorch's single-client loop over the same rows. */
export const PYTORCH_ROUND_GOAL = 0.5;
/** Our CNN 10-client round on 1 worker ÷ PyTorch's CNN. */
export const PYTORCH_CNN_GOAL = 0.3;

type Rows = Section['rows'];

function speed(samplesPerSec: number): string {
  return `${fmt(samplesPerSec)} samples/s`;
}

/** A goal of ours ÷ PyTorch's, n/a with the reason where PyTorch gave no figure. */
function versus(name: string, ours: { samplesPerSec: number; cpu: { others: number | null } }, torch: TorchRun, op: '>=', target: number): Goal {
  const value = torch.result ? ours.samplesPerSec / torch.result.samplesPerSec : null;
  const g = markBusy(goal(name, value, op, target, torch.result ? undefined : 'no torch figure'), ours.cpu.others, torch.others);
  if (torch.result && onReferenceBlas(torch.result)) {
    // The figure stays in the JSON, but it judges nothing.
    g.met = null;
    g.note = 'PyTorch on reference BLAS';
  }
  return g;
}

/** The same ratio in samples per CPU-second (ours: the whole process, coordinator and worker included). */
function perCpu(ours: { samplesPerCpuSec: number }, torch: TorchRun): Rows[number] {
  const value = torch.result ? ours.samplesPerCpuSec / torch.result.samplesPerCpuSec : null;
  const detail = torch.result ? ` (${fmt(ours.samplesPerCpuSec)} ÷ ${fmt(torch.result.samplesPerCpuSec)})` : '';
  return { label: `  same in samples per CPU-second${detail}`, value: value === null ? '—' : ratio(value) };
}

/**
 * Ours ÷ PyTorch on the fastest timed round and epoch of each: on a shared machine the medians of two
 * measurements taken seconds apart move with whatever else runs (PyTorch's own median moved 22–36k
 * samples/s between runs here); the fastest of each is what the code does when it has the core. Shown
 * beside the median ratio, judging nothing.
 */
function bestRow(label: string, ours: { bestSamplesPerSec: number }, torch: TorchRun): Rows[number] {
  const best = torch.result && torch.result.epochMs.length > 0 ? torch.result.rows / (Math.min(...torch.result.epochMs) / 1000) : null;
  const detail = best ? ` (${fmt(ours.bestSamplesPerSec)} ÷ ${fmt(best)})` : '';
  return { label: `  ${label}, fastest round ÷ fastest epoch${detail}`, value: best ? ratio(ours.bestSamplesPerSec / best) : '—' };
}

/**
 * The faster of two runs of a PyTorch script, one taken before our measurement and one after: on a shared
 * machine a single run can land in a slow phase and flatter our ratio; the faster of two brackets ours and
 * can only make the ratio harder to meet.
 */
function faster(a: TorchRun, b: TorchRun): TorchRun {
  if (!a.result) return b;
  if (!b.result) return a;
  return b.result.samplesPerSec > a.result.samplesPerSec ? b : a;
}

function torchRow(label: string, t: TorchRun): Rows[number] {
  if (!t.result) return { label: `${t.why} (${label})`, value: '—' };
  const blas = onReferenceBlas(t.result) ? ' [reference BLAS, ~10× slow]' : '';
  return { label: `PyTorch ${t.result.torch}: ${label}${blas}`, value: speed(t.result.samplesPerSec) };
}

async function mlpRows(ctx: BenchContext, mlp: Workload, rows: Rows): Promise<Record<string, unknown>> {
  const flags = { rows: mlp.rows, seed: BENCH_SEED, repeats: Math.max(3, mlp.repeats) };
  const singleBefore = await runTorchScript(ctx, 'pytorch_mlp.py', flags);
  const cohort = await runTorchScript(ctx, 'pytorch_cohort.py', { ...flags, clients: FEDERATED_CLIENTS });
  const central = await centralized(mlp, ctx.args.backend);
  ctx.log(`federated mlp: ${FEDERATED_CLIENTS} clients, 1 worker (cohort auto)`);
  const round = await federated(mlp, ctx.args.backend, 1, 'auto');
  ctx.log(`federated mlp: ${FEDERATED_CLIENTS} clients, 1 worker (cohort off)`);
  const perClient = await federated(mlp, ctx.args.backend, 1, 'off');
  const single = faster(singleBefore, await runTorchScript(ctx, 'pytorch_mlp.py', flags));
  const gCentral = versus('centralized MLP ÷ PyTorch', central, single, '>=', PYTORCH_GOAL);
  const gRound = versus('MLP 10-client round, 1 worker ÷ PyTorch single-client loop', round, single, '>=', PYTORCH_ROUND_GOAL);
  const overCohort = cohort.result ? round.samplesPerSec / cohort.result.samplesPerSec : null;
  rows.push(
    torchRow(`MLP, one client, ${fmt(mlp.rows)} rows (single-client loop; faster of a run before ours and one after)`, single),
    torchRow(`MLP, ${FEDERATED_CLIENTS}-client cohort (stacked weights, bmm, per-client momentum)`, cohort),
    { label: `ours: MLP centralized (${ctx.args.backend})`, value: speed(central.samplesPerSec) },
    { label: `  ours ÷ PyTorch single-client loop`, value: gCentral.value === null ? '—' : ratio(gCentral.value), goal: gCentral },
    perCpu(central, single),
    { label: `ours: MLP ${FEDERATED_CLIENTS}-client FedAvg round, 1 worker (cohort auto)`, value: speed(round.samplesPerSec) },
    { label: `  ours ÷ PyTorch single-client loop`, value: gRound.value === null ? '—' : ratio(gRound.value), goal: gRound },
    perCpu(round, single),
    bestRow('same', round, single),
    { label: `  ours ÷ PyTorch cohort`, value: overCohort === null ? '—' : ratio(overCohort) },
  );
  rows.push(
    { label: `ours: MLP round, 1 worker, cohort off (one client after another)`, value: speed(perClient.samplesPerSec) },
    { label: `  cohort auto ÷ off`, value: ratio(round.samplesPerSec / perClient.samplesPerSec) },
  );
  return {
    torch: single.result,
    torchCohort: cohort.result,
    torchOthers: Math.max(single.others ?? 0, cohort.others ?? 0),
    oursSamplesPerSec: central.samplesPerSec,
    ratio: gCentral.value,
    roundSamplesPerSec: round.samplesPerSec,
    roundCohort: round.cohort,
    roundRatio: gRound.value,
    roundOverTorchCohort: overCohort,
    roundRatioPerCpuSec: single.result ? round.samplesPerCpuSec / single.result.samplesPerCpuSec : null,
    roundBestSamplesPerSec: round.bestSamplesPerSec,
    perClientRoundSamplesPerSec: perClient.samplesPerSec,
    others: Math.max(central.cpu.others ?? 0, round.cpu.others ?? 0, perClient.cpu.others ?? 0),
    goals: [gCentral, gRound],
  };
}

async function cnnRows(ctx: BenchContext, cnn: Workload, rows: Rows): Promise<Record<string, unknown>> {
  const cnnFlags = { rows: cnn.rows, seed: BENCH_SEED, repeats: Math.max(2, cnn.repeats) };
  const torchBefore = await runTorchScript(ctx, 'pytorch_cnn.py', cnnFlags);
  ctx.log(`federated cnn: ${FEDERATED_CLIENTS} clients, 1 worker (cohort auto)`);
  const round = await federated(cnn, ctx.args.backend, 1, 'auto');
  const torch = faster(torchBefore, await runTorchScript(ctx, 'pytorch_cnn.py', cnnFlags));
  const g = versus('CNN 10-client round, 1 worker ÷ PyTorch CNN', round, torch, '>=', PYTORCH_CNN_GOAL);
  rows.push(
    torchRow(`CNN, one client, ${fmt(cnn.rows)} rows (faster of a run before ours and one after)`, torch),
    { label: `ours: CNN ${FEDERATED_CLIENTS}-client FedAvg round, 1 worker (cohort auto)`, value: speed(round.samplesPerSec) },
    { label: `  ours ÷ PyTorch CNN`, value: g.value === null ? '—' : ratio(g.value), goal: g },
    perCpu(round, torch),
    bestRow('same', round, torch),
  );
  return { torch: torch.result, torchOthers: torch.others, roundSamplesPerSec: round.samplesPerSec, roundCohort: round.cohort, ratio: g.value, ratioPerCpuSec: torch.result ? round.samplesPerCpuSec / torch.result.samplesPerCpuSec : null, others: round.cpu.others ?? 0, goal: g };
}

export async function pytorchBench(ctx: BenchContext): Promise<Section> {
  const mlp = ctx.workloads.find((w) => w.name === 'mlp')!;
  const cnn = ctx.workloads.find((w) => w.name === 'cnn');
  const rows: Rows = [];
  const mlpData = await mlpRows(ctx, mlp, rows);
  const cnnData = cnn ? await cnnRows(ctx, cnn, rows) : null;
  const torchResults = [mlpData.torch, cnnData?.torch].filter((t): t is TorchResult => !!t);
  if (torchResults.some(onReferenceBlas)) rows.push({ label: REFERENCE_BLAS, value: '' });
  const others = Math.max(...[mlpData, cnnData].flatMap((d) => (d ? [Number(d.others), Number(d.torchOthers ?? 0)] : [])));
  // The MLP's figures stay at the top level (torch, ratio, …) as before, so earlier results compare.
  return {
    name: 'pytorch',
    title: `5. Against PyTorch (1 thread; batch 32; MLP ${fmt(mlp.rows)} rows${cnn ? `, CNN ${fmt(cnn.rows)} rows` : ''}; same run)`,
    rows,
    others,
    data: { ...mlpData, cnn: cnnData },
  };
}
