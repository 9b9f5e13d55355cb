/**
 * An exported script runs outside this repository, as a user runs it: `fedflow export … -o` into a
 * temporary folder under the system's temp dir (no node_modules, no package.json anywhere above it), then
 * the very command the export printed, typed into a shell in that folder. It prints the numbers
 * `fedflow run` prints for the same pipeline.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { SCRIPT_SUMMARY_PREFIX } from '../../../engine/export/exportScript.js';
import type { RunEvent, RunSummary } from '../../../engine/run/events.js';
import { federation } from '../run/pipelines.js';
import { collect, type Spawned } from '../../helpers/spawnNode.js';
import { fedflow } from './helpers.js';

let tmp: string;
let pipeline: string;
let script: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'fedflow-outside-'));
  pipeline = join(tmp, 'pipelines', 'tiny.fedflow.json');
  script = join(tmp, 'elsewhere', 'tiny.ts');
  mkdirSync(dirname(pipeline), { recursive: true });
  // Cheap: synthetic data (4 devices, 10 features), logistic regression, one round.
  const doc = federation({
    dataset: { source: 'synthetic', devices: 4, features: 10, classes: 3, sizeMean: 3, sizeSigma: 0.5 },
    split: { method: 'natural' },
    model: { arch: 'logistic' },
    aggregator: { strategy: 'FedAvg', rounds: 1 },
  });
  writeFileSync(pipeline, JSON.stringify(doc, null, 2));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs a command line in a shell, in `cwd`, as a user pastes it. */
function shell(command: string, cwd: string): Promise<Spawned> {
  return collect(spawn(command, { cwd, shell: true, stdio: ['ignore', 'pipe', 'pipe'] }));
}

const FLAGS = '--workers 1 --backend wasm';

test('an exported script runs from a folder outside the repository with the command export prints, giving fedflow run\'s numbers', async () => {
  for (let dir = dirname(script); dirname(dir) !== dir; dir = dirname(dir)) {
    assert.equal(existsSync(join(dir, 'node_modules', 'fedflow-studio')), false, `${dir} would let the script find fedflow-studio anyway`);
  }
  const exported = await fedflow('export', pipeline, '-o', script);
  assert.equal(exported.code, 0, exported.stderr);
  const [wrote, command, flags] = exported.stdout.split('\n');
  assert.equal(wrote, `Wrote ${script}. Run it from any folder with:`);
  assert.match(command, / script /);
  assert.match(flags, /--rounds N --seed S --workers W --backend B --out DIR/);

  const scriptOut = join(tmp, 'out-script');
  const cliOut = join(tmp, 'out-cli');
  const [ran, cli] = await Promise.all([
    shell(`${command.trim()} ${FLAGS} --out ${scriptOut}`, dirname(script)),
    fedflow('run', pipeline, ...FLAGS.split(' '), '--json', '--out', cliOut),
  ]);
  assert.equal(ran.code, 0, `the printed command failed:\n${ran.stderr}\n${ran.stdout}`);
  assert.equal(cli.code, 0, cli.stderr);

  const finished = cli.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RunEvent)
    .find((e) => e.type === 'finished');
  assert.ok(finished?.type === 'finished');
  const last = ran.stdout.split('\n').filter(Boolean).at(-1)!;
  assert.ok(last.startsWith(SCRIPT_SUMMARY_PREFIX), last);
  const summary = JSON.parse(last.slice(SCRIPT_SUMMARY_PREFIX.length)) as RunSummary;
  const figures = (s: RunSummary) => ({ seed: s.seed, backend: s.backend, federations: s.federations.map((f) => ({ ...f, history: f.history.map(({ ms: _, ...r }) => r) })) });
  assert.deepEqual(figures(summary), figures(finished.summary));
  assert.equal(summary.federations[0].history.length, 1);
  // The round line shows the same accuracy fedflow run scored.
  const accuracy = `${(finished.summary.federations[0].final.accuracy! * 100).toFixed(2)}%`;
  assert.match(ran.stdout, new RegExp(`agg {2}round 1 {2}train loss \\d\\.\\d{4} {2}test accuracy ${accuracy.replace('.', '\\.')}`));
  assert.ok(existsSync(join(scriptOut, 'models', 'agg', 'model.json')));
});
