/**
 * The teaching templates (`templates/*.fedflow.json`). Each one validates with no problem at all, not even a
 * warning, and its data loads; each runs headless in a reduced form (fewer rounds); and what its note says
 * holds on that run. A run's first rounds do not depend on how many rounds follow, so a reduced run is the
 * full run's first rounds: the notes speak of "the first N rounds" and the checks below test exactly those.
 * Each note is a lesson in four sections (What to look at, After round 1, After the run, What to try next);
 * the "After round 1" claims are checked on round 1 of the same reduced run.
 *
 * Every claim was checked on several seeds before it was written down; to check them on another seed, run
 * `FEDFLOW_TEMPLATE_SEED=7 node --test dist/test/templates/`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { PipelineDocument } from '../../engine/format/pipeline.js';
import { defenceTable } from '../../engine/export/defenceTable.js';
import { readPipelineFile } from '../../engine/format/readPipelineFile.js';
import type { FederationSummary, PartitionInfo, RunEvent, RunSummary } from '../../engine/run/events.js';
import { planRun } from '../../engine/run/plan.js';
import { startRun } from '../../engine/run/run.js';
import { lessonSteps } from '../../renderer/src/store/lessonSteps.js';

/** The repository root, from dist/test/templates. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TEMPLATES = join(ROOT, 'templates');
const SUFFIX = '.fedflow.json';
const NAMES = readdirSync(TEMPLATES)
  .filter((f) => f.endsWith(SUFFIX))
  .map((f) => f.slice(0, -SUFFIX.length))
  .sort();
const SEED = process.env.FEDFLOW_TEMPLATE_SEED ? Number(process.env.FEDFLOW_TEMPLATE_SEED) : undefined;

/** The templates checked below; the first test makes sure no template in the folder is missing. */
const CHECKED = [
  'availability',
  'compression',
  'dp-fedavg',
  'fedavg-vs-fedsgd',
  'fedprox-heterogeneity',
  'gradient-leakage',
  'hospitals-tabular',
  'iid-vs-noniid',
  'mnist-fedavg',
  'robust-aggregation',
  'scaffold-drift',
  'secure-aggregation',
  'stragglers',
  'synthetic-heterogeneity',
];

/**
 * The only problems a template may show, as "severity nodeId field": warnings its note explains. The
 * secure-aggregation template's dropout federation is warned that a round with too few survivors would stop
 * the run; the note says why none does there. The robust-aggregation template's norm clipping adds no noise.
 */
const EXPECTED_PROBLEMS: Readonly<Record<string, readonly string[]>> = {
  'secure-aggregation': ['warning secure-dropout params.secureAggregation'],
  // Norm clipping as a defence, with no noise: its note says why "no privacy" is right there.
  'robust-aggregation': ['warning clip params.noiseMultiplier'],
};

async function load(name: string): Promise<PipelineDocument> {
  const { doc, problems } = await readPipelineFile(join(TEMPLATES, name + SUFFIX));
  const got = problems.map((p) => `${p.severity} ${p.nodeId} ${p.field}`);
  assert.deepEqual(got, EXPECTED_PROBLEMS[name] ?? [], `${name}: ${JSON.stringify(problems)}`);
  return doc!;
}

interface TemplateRun {
  summary: RunSummary;
  events: RunEvent[];
}

/**
 * Runs a template headless on 2 wasm workers: `rounds` overrides every aggregator's rounds, or gives each
 * aggregator (by id) its own.
 */
async function run(name: string, rounds: number | Record<string, number>): Promise<TemplateRun> {
  const doc = await load(name);
  if (typeof rounds !== 'number') {
    for (const n of doc.nodes.filter((n) => n.kind === 'aggregator')) {
      assert.ok(rounds[n.id] !== undefined, `no rounds given for aggregator ${n.id}`);
      n.params.rounds = rounds[n.id];
    }
  }
  const events: RunEvent[] = [];
  const handle = startRun(doc, {
    baseDir: TEMPLATES,
    workers: 2,
    backend: 'wasm',
    ...(typeof rounds === 'number' ? { rounds } : {}),
    ...(SEED !== undefined ? { seed: SEED } : {}),
  });
  handle.on((e) => {
    if (e.type !== 'evaluated' && e.type !== 'finished') events.push(e);
  });
  return { summary: await handle.done, events };
}

function federation(r: TemplateRun, aggregatorId: string): FederationSummary {
  const f = r.summary.federations.find((x) => x.aggregatorId === aggregatorId);
  assert.ok(f, `no federation ${aggregatorId}`);
  return f;
}

/** Test accuracy by round. */
const accuracy = (f: FederationSummary): number[] => f.history.map((h) => h.test!.accuracy);
/** Spread (standard deviation) of the clients' hold-out accuracy, by round. */
const spread = (f: FederationSummary): number[] => f.history.map((h) => h.federated!.accuracyStd);
const trainLoss = (f: FederationSummary): number[] => f.history.map((h) => h.trainLoss!);
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** ‖w_client − w_global‖ of every client update of a federation (of one round, if given). */
const updateNorms = (r: TemplateRun, aggregatorId: string, round?: number): number[] =>
  r.events.flatMap((e) => (e.type === 'client-finished' && e.aggregatorId === aggregatorId && (round === undefined || e.round === round) ? [e.updateNorm] : []));
/** Bytes in MB (10^6), to two decimals, as the notes write them. */
const mb = (bytes: number): number => Math.round(bytes / 1e4) / 100;
const show = (xs: readonly number[]): string => xs.map((x) => x.toFixed(3)).join(', ');

/** The lesson's sections, in order: every teaching template's note(s) say these four, and nothing else. */
const LESSON_SECTIONS = ['What to look at', 'After round 1', 'After the run', 'What to try next'];

/** The run's partition (label counts, hold-out sizes) of a split, from its run-started event. */
function partition(r: TemplateRun, splitId: string): PartitionInfo {
  const started = r.events.find((e) => e.type === 'run-started');
  assert.ok(started?.type === 'run-started');
  const p = started.partitions.find((x) => x.splitId === splitId);
  assert.ok(p, `no partition ${splitId}`);
  return p;
}

/** Rows (training and hold-out) of each client of a partition. */
const clientSizes = (p: PartitionInfo): number[] =>
  p.labelCounts.map((counts, c) => counts.reduce((a, b) => a + b, 0) + p.holdoutSizes[c]);

describe('every template', () => {
  it('is checked in this file', () => {
    assert.deepEqual(NAMES, CHECKED);
  });

  it('is listed in templates/README.md with the command that runs it', () => {
    const readme = readFileSync(join(TEMPLATES, 'README.md'), 'utf8');
    for (const name of NAMES) assert.ok(readme.includes(`npx fedflow run templates/${name}${SUFFIX}`), name);
  });

  for (const name of NAMES) {
    it(`${name} validates with no problems, ${EXPECTED_PROBLEMS[name] ? 'only the warning its note explains' : 'not even a warning'}, and its data loads`, async () => {
      const doc = await load(name);
      // Loads and splits the data, as `fedflow validate` does; a problem there throws a PipelineError.
      await planRun(doc, { baseDir: TEMPLATES });
    });

    it(`${name} is documented: a note in four sections (What to look at, After round 1, After the run, What to try next), labelled nodes laid out left to right, distinct variant labels`, async () => {
      const doc = await load(name);
      assert.ok(doc.description.length > 0, 'description');
      const notes = doc.nodes.filter((n) => n.kind === 'note');
      assert.ok(notes.length >= 1 && notes.every((n) => String(n.params.text).startsWith('## ')), 'every note starts with a ## section');
      // Lesson mode's steps, as the panel reads them: the four sections, in order, none empty.
      const steps = lessonSteps(doc);
      assert.deepEqual(steps.map((st) => st.label), LESSON_SECTIONS);
      for (const st of steps) assert.ok(st.text.trim().length > 0, `${st.label} is empty`);
      for (const n of doc.nodes) assert.ok(n.label, `node ${n.id} has no label`);
      const at = new Map(doc.nodes.map((n) => [n.id, n.position.x]));
      for (const e of doc.edges) assert.ok(at.get(e.source)! < at.get(e.target)!, `edge ${e.id} runs right to left`);
      // Distinct even where the CLI's round table cuts a label to its first 15 characters.
      const labels = doc.nodes.filter((n) => n.kind === 'aggregator').map((n) => n.label!.slice(0, 15));
      assert.equal(new Set(labels).size, labels.length, `aggregator labels ${labels.join(' / ')}`);
    });
  }
});

describe('mnist-fedavg, first 3 rounds', () => {
  let f: FederationSummary;
  let acc: number[];
  before(async () => {
    f = federation(await run('mnist-fedavg', 3), 'fedavg');
    acc = accuracy(f);
  });

  it('after round 1: test accuracy is above 60%', () => {
    assert.ok(acc[0] > 0.6, show(acc));
  });

  it('after round 1: the ten clients sent 4.38 MB up, each its whole model, and got as much down', () => {
    const first = f.history[0];
    assert.equal(first.participants, 10);
    assert.equal(mb(first.bytesUp), 4.38);
    assert.equal(first.bytesDown, first.bytesUp);
  });

  it('test accuracy passes 80% within the first 3 rounds', () => {
    assert.ok(acc.some((a) => a >= 0.8), show(acc));
  });

  it('then climbs more slowly: the 3rd round adds less than the 2nd', () => {
    assert.ok(acc[2] - acc[1] < acc[1] - acc[0], show(acc));
  });
});

describe('iid-vs-noniid, first 5 rounds', () => {
  let r: TemplateRun;
  let iid: FederationSummary;
  let skewed: FederationSummary;
  before(async () => {
    r = await run('iid-vs-noniid', 5);
    iid = federation(r, 'fedavg-iid');
    skewed = federation(r, 'fedavg-dirichlet');
  });

  it('most Dirichlet clients get at least 80% of their digits from three classes or fewer', () => {
    const topThree = partition(r, 'split-dirichlet').labelCounts.map((counts) => {
      const sorted = [...counts].sort((a, b) => b - a);
      return (sorted[0] + sorted[1] + sorted[2]) / sorted.reduce((a, b) => a + b, 0);
    });
    assert.ok(topThree.filter((share) => share >= 0.8).length > topThree.length / 2, show(topThree));
  });

  it('after round 1: non-IID test accuracy is at least 10 points behind IID, and the spread at least three times as wide', () => {
    assert.ok(accuracy(skewed)[0] <= accuracy(iid)[0] - 0.1, `Dirichlet ${show(accuracy(skewed))} vs IID ${show(accuracy(iid))}`);
    assert.ok(spread(skewed)[0] >= 3 * spread(iid)[0], `Dirichlet ${show(spread(skewed))} vs IID ${show(spread(iid))}`);
  });

  it('non-IID test accuracy is below IID in each of the first 5 rounds', () => {
    const a = accuracy(skewed);
    const b = accuracy(iid);
    assert.ok(a.every((x, i) => x < b[i]), `Dirichlet ${show(a)} vs IID ${show(b)}`);
  });

  it("the spread of the clients' hold-out accuracy is on average at least twice as wide under non-IID", () => {
    assert.ok(mean(spread(skewed)) >= 2 * mean(spread(iid)), `Dirichlet ${show(spread(skewed))} vs IID ${show(spread(iid))}`);
  });

  it("non-IID clients report a lower local training loss than IID clients in each of the first 5 rounds", () => {
    const a = trainLoss(skewed);
    const b = trainLoss(iid);
    assert.ok(a.every((x, i) => x < b[i]), `Dirichlet ${show(a)} vs IID ${show(b)}`);
  });
});

describe('fedavg-vs-fedsgd, FedAvg for 1 round and FedSGD for 20', () => {
  let r: TemplateRun;
  let fedAvg: FederationSummary;
  let fedSgd: FederationSummary;
  before(async () => {
    r = await run('fedavg-vs-fedsgd', { fedavg: 1, fedsgd: 20 });
    fedAvg = federation(r, 'fedavg');
    fedSgd = federation(r, 'fedsgd');
  });

  it('a round of either sends the same bytes: the whole model down and up once per client', () => {
    const rounds = [...fedAvg.history, ...fedSgd.history];
    const first = rounds[0];
    assert.ok(first.bytesUp > 0);
    for (const h of rounds) assert.deepEqual([h.bytesUp, h.bytesDown], [first.bytesUp, first.bytesDown]);
  });

  it('after round 1: FedAvg passes 80% test accuracy; FedSGD is still below 20%', () => {
    assert.ok(accuracy(fedAvg)[0] >= 0.8, show(accuracy(fedAvg)));
    assert.ok(accuracy(fedSgd)[0] < 0.2, show(accuracy(fedSgd)));
  });

  it("after round 1: FedAvg's clients moved the model more than 20 times as far as FedSGD's (updateNorm)", () => {
    const avg = mean(updateNorms(r, 'fedavg', 1));
    const sgd = mean(updateNorms(r, 'fedsgd', 1));
    assert.ok(avg > 20 * sgd, `FedAvg ${avg.toFixed(3)} vs FedSGD ${sgd.toFixed(3)}`);
  });

  it('FedSGD is still below 80% after 20 rounds', () => {
    const a = accuracy(fedSgd);
    assert.equal(a.length, 20);
    assert.ok(a.every((x) => x < 0.8), show(a));
  });
});

describe('dp-fedavg, first 5 rounds', () => {
  let feds: FederationSummary[];
  before(async () => {
    const r = await run('dp-fedavg', 5);
    feds = ['nodp', 'dp-low', 'dp-mid', 'dp-high'].map((id) => federation(r, id));
  });

  it('after round 1: ε about 75.7 at σ 0.1, 4.77 at σ 0.5 and 1.17 at σ 1; σ 1 below σ 0.5, below no DP', () => {
    const first = feds.slice(1).map((f) => f.history[0].epsilon!);
    for (const [got, want] of first.map((x, i) => [x, [75.7, 4.77, 1.17][i]])) assert.ok(Math.abs(got - want) < 0.01 * want, `ε ${show(first)}`);
    const [none, , mid, high] = feds.map((f) => accuracy(f)[0]);
    assert.ok(high < mid && mid < none, `σ 1 ${high}, σ 0.5 ${mid}, no DP ${none}`);
  });

  it('more noise, less ε: after 5 rounds about 216 at σ 0.1, 7.7 at σ 0.5 and 1.7 at σ 1, growing every round', () => {
    const [none, ...dp] = feds;
    assert.ok(none.history.every((h) => h.epsilon === undefined));
    const eps = dp.map((f) => f.history.map((h) => h.epsilon!));
    for (const e of eps) assert.ok(e.every((x, i) => i === 0 || x > e[i - 1]), show(e));
    const last = eps.map((e) => e[4]);
    for (const [got, want] of last.map((x, i) => [x, [216, 7.7, 1.7][i]])) assert.ok(Math.abs(got - want) < 0.02 * want, `ε ${show(last)}`);
  });

  it('more noise, less accuracy: after 5 rounds σ 1 is below σ 0.5, below no DP; σ 0.1 is within 2 points of no DP', () => {
    const [none, low, mid, high] = feds.map((f) => accuracy(f)[4]);
    assert.ok(high < mid && mid < none, `σ 1 ${high}, σ 0.5 ${mid}, no DP ${none}`);
    assert.ok(Math.abs(low - none) <= 0.02, `σ 0.1 ${low}, no DP ${none}`);
  });
});

describe('gradient-leakage, its 1 round', () => {
  let r: TemplateRun;
  const ATTACKED = ['nodp', 'nodp-dlg', 'central', 'local', 'local-dlg'];
  const leakage = (id: string) => {
    const l = federation(r, id).leakage;
    assert.ok(l, `no attack result for ${id}`);
    const events = r.events.filter((e) => e.type === 'gradient-leakage' && e.aggregatorId === id);
    assert.equal(events.length, 1, `one gradient-leakage event for ${id}`);
    return l;
  };
  before(async () => {
    r = await run('gradient-leakage', 1);
  });

  it('every client holds one digit, and the server attacks client 0 in round 1, analytically and with DLG', () => {
    assert.ok(clientSizes(partition(r, 'split')).every((n) => n === 1));
    for (const id of ATTACKED) {
      const l = leakage(id);
      assert.deepEqual([l.round, l.clientId, l.examples, l.shape], [1, 0, 1, [28, 28]]);
      assert.equal(l.method, id.endsWith('-dlg') ? 'dlg' : 'analytic');
    }
  });

  it('no DP: both attacks rebuild the digit (SSIM above 0.99) and its label', () => {
    for (const id of ['nodp', 'nodp-dlg']) {
      const l = leakage(id);
      assert.ok(l.ssim > 0.99, `${id} SSIM ${l.ssim}`);
      assert.equal(l.inferredLabel, l.trueLabel, id);
    }
  });

  it('central DP σ 1 (ε 3.54 at δ 1e-3): the same, SSIM above 0.99 and the label right', () => {
    const l = leakage('central');
    assert.ok(l.ssim > 0.99, `SSIM ${l.ssim}`);
    assert.equal(l.inferredLabel, l.trueLabel);
  });

  it('local DP σ 1 (the same ε): both reconstructions are noise, SSIM below 0.1, MSE no better than half a black guess', () => {
    for (const id of ['local', 'local-dlg']) {
      const l = leakage(id);
      const black = l.real.reduce((s, v) => s + v * v, 0) / l.real.length;
      assert.ok(l.ssim < 0.1, `${id} SSIM ${l.ssim}`);
      assert.ok(l.mse > 0.5 * black, `${id} MSE ${l.mse}, black ${black}`);
    }
  });

  it('both DP mechanisms report ε 3.54 at δ 1e-3 after the round', () => {
    for (const id of ['central', 'local', 'local-dlg']) {
      const eps = federation(r, id).history[0].epsilon!;
      assert.ok(Math.abs(eps - 3.54) < 0.01, `${id} ε ${eps}`);
    }
  });
});

describe('compression, first 5 rounds', () => {
  let full: FederationSummary;
  let quantized: FederationSummary[];
  let topk: FederationSummary;
  let topkEf: FederationSummary;
  before(async () => {
    const r = await run('compression', 5);
    full = federation(r, 'full');
    quantized = [federation(r, 'q8'), federation(r, 'q2')];
    topk = federation(r, 'topk');
    topkEf = federation(r, 'topk-ef');
  });

  it('after round 1: 4.38 MB up at full precision, 1.13 MB at 8 bits, 0.31 MB at 2 bits, 0.09 MB at top-1%', () => {
    const [q8, q2] = quantized;
    assert.deepEqual([full, q8, q2, topk, topkEf].map((f) => mb(f.history[0].bytesUp)), [4.38, 1.13, 0.31, 0.09, 0.09]);
  });

  it('after round 1: top-1% is more than 25 points below full precision', () => {
    assert.ok(accuracy(topk)[0] < accuracy(full)[0] - 0.25, `top-1% ${show(accuracy(topk))} vs full ${show(accuracy(full))}`);
  });

  it('per round, 8-bit sends under 26% of the full-precision bytes up, 2-bit under 8%, top-1% about 2%; the bytes down are the same in all five', () => {
    const up = (f: FederationSummary) => f.history.map((h) => h.bytesUp / full.history[0].bytesUp);
    const [q8, q2] = quantized;
    assert.ok(full.history.every((h) => h.bytesUp === full.history[0].bytesUp && h.bytesUp > 0));
    assert.ok(up(q8).every((x) => x < 0.26), `8-bit ${show(up(q8))}`);
    assert.ok(up(q2).every((x) => x < 0.08), `2-bit ${show(up(q2))}`);
    for (const f of [topk, topkEf]) assert.ok(up(f).every((x) => x > 0.015 && x < 0.025), `${f.label} ${show(up(f))}`);
    for (const f of [...quantized, topk, topkEf]) assert.deepEqual(f.history.map((h) => h.bytesDown), full.history.map((h) => h.bytesDown), f.label);
  });

  it('8-bit and 2-bit stay within 1 point of full-precision test accuracy in each of the first 5 rounds', () => {
    const b = accuracy(full);
    for (const f of quantized) {
      assert.ok(f.history.every((h) => h.bytesUp < full.history[0].bytesUp), `${f.label} sends fewer bytes`);
      const a = accuracy(f);
      assert.ok(a.every((x, i) => Math.abs(x - b[i]) <= 0.01), `${f.label} ${show(a)} vs full ${show(b)}`);
    }
  });

  it('top-1% without error feedback is more than 10 points below full precision in each of the first 5 rounds', () => {
    const a = accuracy(topk);
    const b = accuracy(full);
    assert.ok(a.every((x, i) => x < b[i] - 0.1), `top-1% ${show(a)} vs full ${show(b)}`);
  });

  it('top-1% with error feedback is level with top-1% without in round 1 and ahead in every round after', () => {
    const a = accuracy(topkEf);
    const b = accuracy(topk);
    assert.equal(a[0], b[0], 'nothing to feed back in round 1');
    assert.ok(a.slice(1).every((x, i) => x > b[i + 1]), `with EF ${show(a)} vs without ${show(b)}`);
  });
});

describe('fedprox-heterogeneity, first 3 rounds', () => {
  let r: TemplateRun;
  let fedAvg: FederationSummary;
  let fedProx: FederationSummary;
  before(async () => {
    r = await run('fedprox-heterogeneity', 3);
    fedAvg = federation(r, 'fedavg');
    fedProx = federation(r, 'fedprox');
  });

  it('both federations lose clients to dropout', () => {
    for (const f of [fedAvg, fedProx]) {
      const dropped = f.history.reduce((s, h) => s + h.dropped, 0);
      const events = r.events.filter((e) => e.type === 'client-dropped' && e.aggregatorId === f.aggregatorId).length;
      assert.ok(dropped > 0, f.label);
      assert.equal(events, dropped);
    }
  });

  it("after round 1: FedProx's clients moved the model at most 60% as far as FedAvg's (mean updateNorm), and FedAvg is ahead", () => {
    const prox = mean(updateNorms(r, 'fedprox', 1));
    const avg = mean(updateNorms(r, 'fedavg', 1));
    assert.ok(prox <= 0.6 * avg, `FedProx ${prox.toFixed(3)} vs FedAvg ${avg.toFixed(3)}`);
    assert.ok(accuracy(fedAvg)[0] > accuracy(fedProx)[0], `FedAvg ${show(accuracy(fedAvg))} vs FedProx ${show(accuracy(fedProx))}`);
  });

  it("FedProx's clients move the model on average at least 25% less far than FedAvg's (updateNorm)", () => {
    const prox = mean(updateNorms(r, 'fedprox'));
    const avg = mean(updateNorms(r, 'fedavg'));
    assert.ok(prox <= 0.75 * avg, `FedProx ${prox.toFixed(3)} vs FedAvg ${avg.toFixed(3)}`);
  });

  it("FedProx's local training loss is higher than FedAvg's in each of the first 3 rounds", () => {
    const a = trainLoss(fedProx);
    const b = trainLoss(fedAvg);
    assert.ok(a.every((x, i) => x > b[i]), `FedProx ${show(a)} vs FedAvg ${show(b)}`);
  });
});

describe('scaffold-drift, first 8 rounds', () => {
  let r: TemplateRun;
  let fedAvg: FederationSummary;
  let scaffold: FederationSummary;
  before(async () => {
    r = await run('scaffold-drift', 8);
    fedAvg = federation(r, 'fedavg');
    scaffold = federation(r, 'scaffold');
  });

  it('after round 1: FedAvg and SCAFFOLD have exactly the same test accuracy (the control variates start at zero)', () => {
    assert.equal(accuracy(scaffold)[0], accuracy(fedAvg)[0]);
  });

  it('SCAFFOLD passes 80% test accuracy within the first 8 rounds; FedAvg is still below 80% after round 8', () => {
    assert.ok(accuracy(scaffold).some((a) => a >= 0.8), `SCAFFOLD ${show(accuracy(scaffold))}`);
    assert.ok(accuracy(fedAvg).every((a) => a < 0.8), `FedAvg ${show(accuracy(fedAvg))}`);
  });

  it("SCAFFOLD's clients send and receive a control variate beside the model: twice FedAvg's bytes", () => {
    for (const [a, b] of scaffold.history.map((h, i) => [h, fedAvg.history[i]] as const)) {
      assert.equal(a.bytesUp, 2 * b.bytesUp);
      assert.equal(a.bytesDown, 2 * b.bytesDown);
    }
  });
});

describe('secure-aggregation, first 3 rounds', () => {
  let r: TemplateRun;
  let plain: FederationSummary;
  let secure: FederationSummary;
  let dropout: FederationSummary;
  before(async () => {
    r = await run('secure-aggregation', 3);
    plain = federation(r, 'plain');
    secure = federation(r, 'secure');
    dropout = federation(r, 'secure-dropout');
  });

  it('after round 1: secure FedAvg is within 0.5 points of plain FedAvg and sent 2–3% more bytes up; the dropout federation lost a client and finished the round', () => {
    assert.ok(Math.abs(accuracy(secure)[0] - accuracy(plain)[0]) <= 0.005, `secure ${show(accuracy(secure))} vs plain ${show(accuracy(plain))}`);
    const extra = secure.history[0].bytesUp / plain.history[0].bytesUp;
    assert.ok(extra > 1.02 && extra < 1.03, `secure sent ${extra.toFixed(4)}× plain's bytes up`);
    assert.ok(dropout.history[0].dropped > 0 && dropout.history[0].round === 1, `dropped ${dropout.history[0].dropped}`);
  });

  it("masks cancel: secure FedAvg's test accuracy is within 0.5 points of plain FedAvg's in each of the first 3 rounds", () => {
    const a = accuracy(secure);
    const b = accuracy(plain);
    assert.equal(a.length, 3);
    assert.ok(a.every((x, i) => Math.abs(x - b[i]) <= 0.005), `secure ${show(a)} vs plain ${show(b)}`);
  });

  it('secure FedAvg sends more bytes up than plain FedAvg each round, by under 5%, and receives more bytes down', () => {
    for (const [s, p] of secure.history.map((h, i) => [h, plain.history[i]] as const)) {
      assert.ok(s.bytesUp > p.bytesUp && s.bytesUp < 1.05 * p.bytesUp, `round ${s.round}: up ${s.bytesUp} vs ${p.bytesUp}`);
      assert.ok(s.bytesDown > p.bytesDown, `round ${s.round}: down ${s.bytesDown} vs ${p.bytesDown}`);
    }
  });

  it('with 20% of clients dropping out, the secure federation completes every round and each client that finishes sends more bytes up than a plain client', () => {
    assert.equal(dropout.history.length, 3);
    assert.ok(dropout.history.reduce((s, h) => s + h.dropped, 0) > 0, 'no client dropped out');
    assert.ok(!r.events.some((e) => e.type === 'failed'), 'a round stopped the run');
    const plainPerClient = plain.history[0].bytesUp / plain.history[0].participants;
    for (const h of dropout.history) assert.ok(h.bytesUp > h.participants * plainPerClient, `round ${h.round}: ${h.bytesUp} B from ${h.participants} clients`);
  });
});

describe('stragglers, first 5 rounds', () => {
  let r: TemplateRun;
  let fedAvg: FederationSummary;
  let fedProx: FederationSummary;
  before(async () => {
    r = await run('stragglers', 5);
    fedAvg = federation(r, 'fedavg');
    fedProx = federation(r, 'fedprox');
  });

  it('after round 1: FedAvg aggregated at most 8 of the 10 sampled phones in the full 5 s, FedProx all 10 with some partial work; FedAvg is ahead', () => {
    const sampled = r.events.flatMap((e) => (e.type === 'round-started' && e.round === 1 ? [e.sampled.length] : []));
    assert.deepEqual(sampled, [10, 10]);
    const [a, b] = [fedAvg.history[0], fedProx.history[0]];
    assert.ok(a.participants <= 8, `FedAvg aggregated ${a.participants}`);
    assert.equal(b.participants, 10);
    assert.ok((b.partial ?? 0) >= 1, `FedProx partial ${b.partial}`);
    assert.equal(a.simulatedSeconds, 5);
    assert.ok(accuracy(fedAvg)[0] > accuracy(fedProx)[0], `FedAvg ${show(accuracy(fedAvg))} vs FedProx ${show(accuracy(fedProx))}`);
  });

  it('FedAvg aggregates fewer clients than FedProx in each of the first 5 rounds', () => {
    const a = fedAvg.history.map((h) => h.participants);
    const b = fedProx.history.map((h) => h.participants);
    assert.ok(a.every((x, i) => x < b[i]), `FedAvg ${a.join(',')} vs FedProx ${b.join(',')}`);
  });

  it("the old phones' FedProx updates are partial work in every round, and FedAvg's stragglers time out", () => {
    for (let round = 1; round <= 5; round++) {
      const partial = r.events.filter((e) => e.type === 'client-finished' && e.aggregatorId === 'fedprox' && e.round === round && e.partial);
      assert.ok(partial.length > 0, `round ${round}: no partial work`);
      for (const e of partial) assert.ok(e.type === 'client-finished' && e.partial!.steps < e.partial!.of);
      const timeouts = r.events.filter((e) => e.type === 'client-failed' && e.aggregatorId === 'fedavg' && e.round === round && e.code === 'late');
      assert.ok(timeouts.length > 0, `round ${round}: no straggler dropped`);
    }
  });

  it("FedAvg's rounds last the full 5 s deadline; FedProx's end by it", () => {
    assert.ok(fedAvg.history.every((h) => h.simulatedSeconds === 5), fedAvg.history.map((h) => h.simulatedSeconds).join(','));
    assert.ok(fedProx.history.every((h) => h.simulatedSeconds! <= 5));
  });
});

describe('availability, first 12 rounds', () => {
  let r: TemplateRun;
  let f: FederationSummary;
  before(async () => {
    r = await run('availability', 12);
    f = federation(r, 'fedavg');
  });

  it('after round 1: the clock is at 01:00, the five night clients all finished, and test accuracy is below 30%', () => {
    const first = f.history[0];
    assert.ok(Math.abs(first.clock! - 3600) < 60, `clock ${first.clock}`);
    assert.equal(first.participants, 5);
    const finished = r.events.flatMap((e) => (e.type === 'client-finished' && e.round === 1 ? [e.clientId] : []));
    assert.deepEqual(finished.sort((x, y) => x - y), [5, 6, 7, 8, 9]);
    assert.ok(accuracy(f)[0] < 0.3, show(accuracy(f)));
  });

  it('each round lasts one simulated hour', () => {
    for (const h of f.history) assert.ok(Math.abs(h.simulatedSeconds! - 3600) < 1, `${h.simulatedSeconds}`);
  });

  it('rounds 1–6 sample only the night clients 5–9, rounds 7–12 only the day clients 0–4', () => {
    const sampled = r.events.flatMap((e) => (e.type === 'round-started' ? [e.sampled] : []));
    assert.equal(sampled.length, 12);
    sampled.forEach((s, i) => assert.deepEqual(s, i < 6 ? [5, 6, 7, 8, 9] : [0, 1, 2, 3, 4], `round ${i + 1}`));
  });

  it("from round 6 to 12 the accuracy on the day clients' digits rises and on the night clients' digits falls", () => {
    const counts = partition(r, 'split').labelCounts;
    // Per-class test accuracy weighted by how many of each digit a set of clients holds.
    const weighted = (clients: number[], round: number) => {
      const held = counts[0].map((_, k) => clients.reduce((n, c) => n + counts[c][k], 0));
      const acc = f.history[round - 1].test!.perClassAccuracy;
      return held.reduce((sum, n, k) => sum + n * acc[k], 0) / held.reduce((a, b) => a + b, 0);
    };
    const day = [0, 1, 2, 3, 4];
    const night = [5, 6, 7, 8, 9];
    assert.ok(weighted(day, 12) > weighted(day, 6), `day digits ${weighted(day, 6).toFixed(3)} → ${weighted(day, 12).toFixed(3)}`);
    assert.ok(weighted(night, 12) < weighted(night, 6), `night digits ${weighted(night, 6).toFixed(3)} → ${weighted(night, 12).toFixed(3)}`);
  });
});

describe('robust-aggregation, first 3 rounds', () => {
  let r: TemplateRun;
  before(async () => {
    r = await run('robust-aggregation', 3);
  });

  it('after round 1: FedAvg is below 15%; FedMedian and Krum are at least 15 points ahead of it', () => {
    const avg = accuracy(federation(r, 'fedavg'))[0];
    assert.ok(avg < 0.15, `FedAvg ${avg}`);
    for (const id of ['fedmedian', 'krum']) {
      const a = accuracy(federation(r, id))[0];
      assert.ok(a >= avg + 0.15, `${id} ${a} vs FedAvg ${avg}`);
    }
  });

  it('FedAvg stays below 20% test accuracy in each of the first 3 rounds', () => {
    const a = accuracy(federation(r, 'fedavg'));
    assert.ok(a.every((x) => x < 0.2), show(a));
  });

  it('FedMedian and Krum pass 50% test accuracy by round 3', () => {
    for (const id of ['fedmedian', 'krum']) {
      const a = accuracy(federation(r, id));
      assert.ok(a[2] >= 0.5, `${id}: ${show(a)}`);
    }
  });

  it('norm clipping passes 50% test accuracy by round 3, behind FedMedian in each of the first 3 rounds', () => {
    const clip = accuracy(federation(r, 'clip'));
    const median = accuracy(federation(r, 'fedmedian'));
    assert.ok(clip[2] >= 0.5, show(clip));
    assert.ok(clip.every((x, i) => x < median[i]), `clipping ${show(clip)} vs FedMedian ${show(median)}`);
  });

  it('the Defences table: after round 3 FedAvg is more than 40 points below the honest-only FedAvg, FedMedian and Krum within 10', async () => {
    const table = defenceTable(await load('robust-aggregation'), r.summary)!;
    assert.equal(table.referenceId, 'honest-only');
    const gap = (id: string) => table.rows.find((row) => row.aggregatorId === id)!.gap!;
    assert.ok(gap('fedavg') < -0.4, `FedAvg ${gap('fedavg')}`);
    for (const id of ['fedmedian', 'krum']) assert.ok(gap(id) > -0.1, `${id} ${gap(id)}`);
  });

  it('the client Krum keeps is an honest one (0-7) in each of the first 3 rounds', () => {
    const nodeOf = new Map<number, string>();
    for (const e of r.events) if (e.type === 'client-finished' && e.aggregatorId === 'krum') nodeOf.set(e.clientId, e.clientNodeId);
    const kept = r.events.flatMap((e) => (e.type === 'aggregated' && e.aggregatorId === 'krum' ? [e.selected ?? []] : []));
    assert.equal(kept.length, 3);
    for (const selected of kept) {
      assert.equal(selected.length, 1);
      assert.equal(nodeOf.get(selected[0]), 'honest', `Krum kept client ${selected[0]}`);
      assert.ok(selected[0] <= 7);
    }
  });
});

describe('synthetic-heterogeneity, first 5 rounds', () => {
  let r: TemplateRun;
  let iid: FederationSummary;
  let heterogeneous: FederationSummary[];
  before(async () => {
    r = await run('synthetic-heterogeneity', 5);
    iid = federation(r, 'fedavg-iid');
    heterogeneous = [federation(r, 'fedavg-00'), federation(r, 'fedavg-11')];
  });

  it('each data set has 30 devices, none of which holds most of the data', () => {
    for (const split of ['split-iid', 'split-00', 'split-11']) {
      const sizes = clientSizes(partition(r, split));
      assert.equal(sizes.length, 30);
      assert.ok(Math.max(...sizes) < sizes.reduce((a, b) => a + b, 0) / 2, `${split}: ${sizes.join(', ')}`);
    }
  });

  it('after round 1: the spread is at least twice as wide on the heterogeneous data, whose devices report a lower training loss yet score worse', () => {
    for (const f of heterogeneous) {
      assert.ok(spread(f)[0] >= 2 * spread(iid)[0], `${f.label} ${show(spread(f))} vs IID ${show(spread(iid))}`);
      assert.ok(trainLoss(f)[0] < trainLoss(iid)[0], `${f.label} ${show(trainLoss(f))} vs IID ${show(trainLoss(iid))}`);
      assert.ok(accuracy(f)[0] < accuracy(iid)[0], `${f.label} ${show(accuracy(f))} vs IID ${show(accuracy(iid))}`);
    }
  });

  it('Synthetic IID is ahead of Synthetic(0,0) and Synthetic(1,1) in each of the first 5 rounds', () => {
    const b = accuracy(iid);
    for (const f of heterogeneous) {
      const a = accuracy(f);
      assert.ok(a.every((x, i) => x < b[i]), `${f.label} ${show(a)} vs IID ${show(b)}`);
    }
  });

  it("the spread of the devices' hold-out accuracy is on average at least twice as wide on the heterogeneous data", () => {
    for (const f of heterogeneous) {
      assert.ok(mean(spread(f)) >= 2 * mean(spread(iid)), `${f.label} ${show(spread(f))} vs IID ${show(spread(iid))}`);
    }
  });
});

describe('hospitals-tabular, the full 20 rounds', () => {
  let r: TemplateRun;
  let acc: number[];
  before(async () => {
    const doc = await load('hospitals-tabular');
    const rounds = doc.nodes.find((n) => n.id === 'fedavg')!.params.rounds as number;
    assert.equal(rounds, 20);
    r = await run('hospitals-tabular', rounds);
    acc = accuracy(federation(r, 'fedavg'));
  });

  it('the CSV spreads 569 patients over four hospitals of 256, 171, 85 and 57', () => {
    const [header, ...rows] = readFileSync(join(TEMPLATES, 'data', 'hospitals.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(header.split(',')[0], 'hospital');
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.split(',')[0], (counts.get(row.split(',')[0]) ?? 0) + 1);
    assert.deepEqual([...counts.values()].sort((a, b) => b - a), [256, 171, 85, 57]);
  });

  it('the natural split makes one client per hospital, of very different sizes', () => {
    const sizes = clientSizes(partition(r, 'split'));
    assert.equal(sizes.length, 4);
    assert.ok(Math.max(...sizes) >= 3 * Math.min(...sizes), sizes.join(', '));
  });

  it('after round 1: test accuracy is above 85%, and the four hospitals sent 8,480 bytes up in all', () => {
    assert.ok(acc[0] > 0.85, show(acc));
    const first = federation(r, 'fedavg').history[0];
    assert.equal(first.participants, 4);
    assert.equal(first.bytesUp, 8480);
  });

  it('test accuracy passes 90% within the first 3 rounds and is still at least 90% after round 20', () => {
    assert.ok(acc.slice(0, 3).some((a) => a >= 0.9), show(acc));
    assert.ok(acc[19] >= 0.9, show(acc));
  });

  it("the global model scores at least 90% on the hospitals' own hold-outs at the end", () => {
    const last = federation(r, 'fedavg').history[19].federated!;
    assert.equal(last.clients, 4);
    assert.ok(last.accuracy >= 0.9, `${last.accuracy} ± ${last.accuracyStd}`);
  });
});
