/**
 * The round-trip guarantee: a pipeline exported as a script (as `fedflow export` writes it) and run for real with tsx
 * gives exactly the numbers `fedflow run` gives on the document, with the same seed, rounds, backend and
 * workers: every round of every federation, less the wall-clock times.
 *
 * The scripts are written inside the repository (`.tmp-export-test/`, git-ignored) so that their
 * `import … from 'fedflow-studio'` resolves through package.json's "exports" to this package's built
 * dist/, the path a project that installed fedflow-studio takes. They run with the working folder outside
 * the repository, so relative data paths must resolve from the script's own location.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exportScript, SCRIPT_SUMMARY_PREFIX } from '../../../engine/export/exportScript.js';
import { readPipelineFile } from '../../../engine/format/readPipelineFile.js';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import type { RoundRecord, RunEvent, RunSummary } from '../../../engine/run/events.js';
import { dirichletFedAdam, privateAndCompressed } from './docs.js';
import { fedflow, node, removeRepoTempDir, repoTempDir, ROOT } from './helpers.js';

/** tsx's loader, by URL, so `node --import` finds it whatever the working folder. */
const TSX = import.meta.resolve('tsx');
const FLAGS = ['--rounds', '2', '--workers', '2', '--backend', 'wasm'];

let tmp: string;
before(() => {
  tmp = repoTempDir('roundtrip');
  mkdirSync(join(tmp, 'pipelines'));
});
after(() => removeRepoTempDir(tmp));

/** A pipeline file: a template by name, or a document written into the temporary folder. */
type Case = { name: string; file: () => string };

const template = (name: string): Case => ({ name, file: () => join(ROOT, 'templates', name) });
const written = (name: string, doc: () => PipelineDocument): Case => ({
  name,
  file: () => {
    const path = join(tmp, 'pipelines', `${name}.fedflow.json`);
    writeFileSync(path, JSON.stringify(doc(), null, 2));
    return path;
  },
});

const CASES: Case[] = [
  template('mnist-fedavg.fedflow.json'),
  // A CSV read by a path relative to the pipeline file, its natural split, hold-outs and federated evaluation.
  template('hospitals-tabular.fedflow.json'),
  // Two splits of one data set feeding two aggregators: a comparison whose federations overlay.
  template('iid-vs-noniid.fedflow.json'),
  // Simulated devices on a clock and an availability trace read by a path relative to the pipeline file.
  template('availability.fedflow.json'),
  // The server's gradient-inversion attack, without DP and with central and local DP: the same reconstructions.
  template('gradient-leakage.fedflow.json'),
  // Dirichlet with hold-outs, FedAdam, sampling, dropout, adam and FedProx's μ, two groups in reverse order.
  written('dirichlet-fedadam', dirichletFedAdam),
  // Seeded mechanisms every round: client-side adaptive DP over top-k with error feedback, secure aggregation with dropout.
  written('private-and-compressed', privateAndCompressed),
];
// Kept to these few small runs so the file takes a minute or two on a busy two-core machine; the export of
// every template (multi-aggregator and attack ones included) is checked statement by statement in exportScript.test.ts.

/** The figures that must match: everything but run ids and wall-clock times. */
function figures(summary: RunSummary) {
  return {
    pipeline: summary.pipeline,
    seed: summary.seed,
    backend: summary.backend,
    workers: summary.workers,
    federations: summary.federations.map((f) => ({ ...f, history: f.history.map(({ ms: _, ...r }) => r) })),
  };
}

/** The line the script prints for an evaluated round. */
function roundLine(label: string, r: RoundRecord): string {
  const loss = r.trainLoss === null ? '-' : r.trainLoss.toFixed(4);
  const accuracy = r.test ? `${(r.test.accuracy * 100).toFixed(2)}%` : '-';
  return `${label}  round ${r.round}  train loss ${loss}  test accuracy ${accuracy}`;
}

describe('an exported script gives exactly what fedflow run gives', () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const file = c.file();
      const stem = c.name.replace(/\.fedflow\.json$/, '');
      const script = join(tmp, 'scripts', `${stem}.ts`);
      // What `fedflow export <file> -o <script>` writes (exportScript.test.ts checks the two are the same text).
      const { doc, problems } = await readPipelineFile(file);
      assert.ok(doc, JSON.stringify(problems));
      mkdirSync(dirname(script), { recursive: true });
      writeFileSync(script, exportScript(doc, { fileName: basename(file), baseDir: dirname(file), scriptPath: script }));

      const scriptOut = join(tmp, 'out', `${stem}-script`);
      const cliOut = join(tmp, 'out', `${stem}-cli`);
      const [ran, cli] = await Promise.all([
        node(['--import', TSX, script, ...FLAGS, '--out', scriptOut], tmpdir()),
        fedflow('run', file, ...FLAGS, '--json', '--out', cliOut),
      ]);
      assert.equal(ran.code, 0, `script failed:\n${ran.stderr}\n${ran.stdout}`);
      assert.equal(cli.code, 0, `fedflow run failed:\n${cli.stderr}`);

      const events = cli.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as RunEvent);
      const finished = events.find((e) => e.type === 'finished');
      assert.ok(finished?.type === 'finished');
      const lines = ran.stdout.split('\n').filter(Boolean);
      const last = lines.at(-1)!;
      assert.ok(last.startsWith(SCRIPT_SUMMARY_PREFIX), last);
      const summary = JSON.parse(last.slice(SCRIPT_SUMMARY_PREFIX.length)) as RunSummary;

      assert.deepEqual(figures(summary), figures(finished.summary));
      assert.ok(summary.federations.every((f) => f.history.length === 2));

      // One printed line per evaluated round, with the federation's label, as fedflow run's rounds give them.
      const started = events.find((e) => e.type === 'run-started');
      assert.ok(started?.type === 'run-started');
      const labels = new Map(started.federations.map((f) => [f.aggregatorId, f.label]));
      const expected = events.flatMap((e) => (e.type === 'evaluated' ? [roundLine(labels.get(e.aggregatorId)!, e.record)] : []));
      assert.deepEqual(lines.filter((l) => / {2}round \d+ {2}/.test(l)), expected);

      // The model and metrics are saved where --out says.
      for (const f of summary.federations) assert.ok(existsSync(join(scriptOut, 'models', f.aggregatorId, 'model.json')), f.aggregatorId);
      assert.ok(existsSync(join(scriptOut, 'metrics.csv')));
      assert.ok(existsSync(join(scriptOut, 'summary.json')));
    });
  }
});
