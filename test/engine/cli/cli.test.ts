/**
 * The `fedflow` command line, run as a user runs it: `node bin/fedflow.js …` from the repository root,
 * checking exit codes, what is printed and what is written.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadMnist } from '../../../engine/data/mnist.js';
import { mnistDatasetParams } from '../../../engine/format/params.js';
import { BACKENDS } from '../../../engine/format/pipeline.js';
import type { RunEvent } from '../../../engine/run/events.js';
import { federation, type FederationSpec } from '../run/pipelines.js';
import { collect, fedflow, ROOT, type Spawned } from '../../helpers/spawnNode.js';


const TEMPLATE = 'templates/mnist-fedavg.fedflow.json';

/** `node bin/fedflow.js ...args` in the repository root with more environment variables. */
function fedflowWithEnv(env: Record<string, string>, ...args: string[]): Promise<Spawned> {
  return collect(spawn(process.execPath, ['bin/fedflow.js', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

const lines = (text: string) => text.split('\n').filter((l) => l.length > 0);

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'fedflow-cli-'));
});
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** Writes a pipeline file into the temporary folder and returns its path. */
function pipelineFile(name: string, doc: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  return path;
}

/** A federation small enough to train in a second: 400 MNIST digits, 2 clients, 2 rounds. */
const SMALL: FederationSpec = {
  dataset: { source: 'mnist', trainSize: 400, testSize: 100 },
  split: { method: 'iid', numClients: 2 },
  aggregator: { strategy: 'FedAvg', rounds: 2 },
};

describe('fedflow validate', () => {
  test('the template is valid: exit 0, "valid" and what a run of it would cost', async () => {
    const r = await fedflow('validate', TEMPLATE);
    assert.equal(r.code, 0, r.stderr);
    const [verdict, estimate, ...rest] = r.stdout.trim().split('\n');
    assert.equal(verdict, `${TEMPLATE}: valid`);
    assert.match(estimate, /^estimate: 109,386 weights in 3 layers; about [\d.]+ MiB of memory with \d+ workers? .*GFLOP a round/);
    assert.deepEqual(rest, []);
  });

  test('a bad param exits 2 and names the node and the field', async () => {
    const file = pipelineFile('bad-alpha.fedflow.json', federation({ ...SMALL, split: { method: 'dirichlet', numClients: 2, alpha: -1 } }));
    const r = await fedflow('validate', file);
    assert.equal(r.code, 2);
    const [line, ...rest] = lines(r.stdout);
    assert.deepEqual(rest, []);
    assert.ok(line.startsWith(`error ${file} node split params.alpha: `), line);
    assert.match(line, /\(got -1\)/);
  });

  test('--json prints one object with every problem', async () => {
    const file = pipelineFile('bad-json-mode.fedflow.json', federation({ ...SMALL, model: { arch: 'mlp', activation: 'swish' } }));
    const r = await fedflow('validate', file, '--json');
    assert.equal(r.code, 2);
    const report = JSON.parse(r.stdout) as { file: string; valid: boolean; problems: { nodeId?: string; field?: string }[] };
    assert.equal(report.file, file);
    assert.equal(report.valid, false);
    assert.deepEqual(
      report.problems.map((p) => [p.nodeId, p.field]),
      [['model', 'params.activation']],
    );
  });

  test('a file with a JSON syntax error is reported with its line', async () => {
    const file = pipelineFile('broken.fedflow.json', '{\n  "format": "fedflow/pipeline@1",\n  "nodes": [,]\n}\n');
    const r = await fedflow('validate', file);
    assert.equal(r.code, 2);
    assert.ok(r.stdout.startsWith(`error ${file}:3: This file is not valid JSON`), r.stdout);
  });

  test('problems found by loading the data are reported too', async () => {
    const file = pipelineFile('no-csv.fedflow.json', federation({ dataset: { source: 'csv', path: 'nowhere.csv', labelColumn: 'y' } }));
    const r = await fedflow('validate', file);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /node data params\.path: .*nowhere\.csv/);
  });

  test('what loading the data changed is said as a warning: rows left out for missing values, and how many', async () => {
    writeFileSync(join(tmp, 'gaps.csv'), ['a,b,y', '1,2,x', 'NA,3,y', '4,5,x', '6,,y', '7,8,x', '9,1,y'].join('\n'));
    const file = pipelineFile('gaps.fedflow.json', federation({ dataset: { source: 'csv', path: 'gaps.csv', labelColumn: 'y', missing: 'drop', testFraction: 0.25 }, split: { method: 'iid', numClients: 2 } }));
    const r = await fedflow('validate', file);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^warning .* node data params\.missing: .*gaps\.csv: left out 2 rows of 6 with missing values \(2 missing cells\)\./m);
  });

  test('a missing file exits 2 with "No such file"', async () => {
    const r = await fedflow('validate', 'templates/no-such-pipeline.fedflow.json');
    assert.equal(r.code, 2);
    assert.match(r.stdout, /No such file: templates\/no-such-pipeline\.fedflow\.json/);
  });
});

describe('fedflow arguments', () => {
  test('--rounds that is not a number exits 2 naming --rounds, with one line pointing to the help', async () => {
    const r = await fedflow('run', TEMPLATE, '--rounds', 'abc');
    assert.equal(r.code, 2);
    assert.deepEqual(lines(r.stderr), ["fedflow: --rounds must be a whole number from 1 to 100000 (got 'abc').", 'Run fedflow run --help for usage.']);
    assert.equal(r.stdout, '');
  });

  test('a mistyped --round is told about --rounds, not given the whole help', async () => {
    const r = await fedflow('run', TEMPLATE, '--round', '2');
    assert.equal(r.code, 2);
    assert.deepEqual(lines(r.stderr), ['fedflow: Unknown option --round (did you mean --rounds?).', 'Run fedflow run --help for usage.']);
  });

  test('--backend cuda points to node-gpu', async () => {
    const r = await fedflow('run', TEMPLATE, '--backend', 'cuda');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\(got 'cuda'\)\. Did you mean node-gpu \(TensorFlow's CUDA build, needs @tensorflow\/tfjs-node-gpu\)\?/);
    assert.equal(lines(r.stderr).length, 2);
  });

  test('fedflow run --help prints the run command\'s help only', async () => {
    const r = await fedflow('run', '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: fedflow run <file> \[--rounds N\]/);
    assert.doesNotMatch(r.stdout, /fedflow validate/);
    assert.match(r.stdout, /Exit codes:/);
  });

  test('an unknown backend exits 2 and lists the backends', async () => {
    const r = await fedflow('run', TEMPLATE, '--backend', 'gpu');
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`--backend must be one of ${BACKENDS.join(', ')} (got 'gpu')`), r.stderr);
  });

  test('an unknown option exits 2', async () => {
    const r = await fedflow('run', TEMPLATE, '--epochs', '3');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--epochs/);
  });

  test('an unknown command exits 2', async () => {
    const r = await fedflow('train', TEMPLATE);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown command 'train'/);
    assert.match(r.stderr, /Run fedflow --help for usage\.\n$/);
  });

  test('an unexpected error is one sentence (exit 1); the stack only with --debug or FEDFLOW_DEBUG=1', async () => {
    // Writing the script where a file stands in for a folder: the error is the system's, not the document's.
    const file = pipelineFile('unexpected.fedflow.json', federation(SMALL));
    const blocker = pipelineFile('not-a-folder', 'x');
    const plain = await fedflow('export', file, '-o', join(blocker, 'script.ts'));
    assert.equal(plain.code, 1);
    const said = lines(plain.stderr);
    assert.equal(said.length, 2, plain.stderr);
    assert.match(said[0], /^fedflow: .*(EEXIST|ENOTDIR).*not-a-folder/);
    assert.match(said[1], /--debug \(or FEDFLOW_DEBUG=1\)/);
    assert.doesNotMatch(plain.stderr, /\n\s+at /, 'no stack trace');

    const debug = await fedflow('export', file, '-o', join(blocker, 'script.ts'), '--debug');
    assert.equal(debug.code, 1);
    assert.match(debug.stderr, /\n\s+at /, 'the stack trace');
    const env = await fedflowWithEnv({ FEDFLOW_DEBUG: '1' }, 'export', file, '-o', join(blocker, 'script.ts'));
    assert.equal(env.code, 1);
    assert.match(env.stderr, /\n\s+at /, 'the stack trace');
  });

  test('run without a file exits 2 and shows an example', async () => {
    const r = await fedflow('run');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /needs a pipeline file, e\.g\. templates\/mnist-fedavg\.fedflow\.json/);
  });

  test('help, --help and no arguments print the usage and exit 0', async () => {
    for (const args of [['help'], ['--help'], []]) {
      const r = await fedflow(...args);
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.stdout, /Usage:\n {2}fedflow run <file>/);
      assert.match(r.stdout, /Exit codes:/);
      assert.equal(r.stderr, '');
    }
  });
});

describe('fedflow run', () => {
  let small: string;
  let outDir: string;
  let json: Spawned;
  let events: RunEvent[];

  before(async () => {
    small = pipelineFile('small.fedflow.json', federation(SMALL));
    outDir = join(tmp, 'run-json');
    json = await fedflow('run', small, '--workers', '1', '--backend', 'wasm', '--out', outDir, '--json');
    events = json.code === 0 ? lines(json.stdout).map((l) => JSON.parse(l) as RunEvent) : [];
  });

  test('--json prints one event per line, ending with the summary', () => {
    assert.equal(json.code, 0, json.stderr);
    assert.ok(events.length > 2);
    const first = events[0];
    assert.equal(first.type, 'run-started');
    assert.ok(first.type === 'run-started');
    assert.equal(first.backend, 'wasm');
    assert.equal(first.workers, 1);
    assert.equal(events.filter((e) => e.type === 'evaluated').length, 2);
    const last = events.at(-1)!;
    assert.equal(last.type, 'finished');
    assert.ok(last.type === 'finished');
    const [fed] = last.summary.federations;
    assert.equal(last.summary.federations.length, 1);
    assert.equal(fed.aggregatorId, 'agg');
    assert.deepEqual(
      fed.history.map((r) => [r.round, r.participants, r.test?.examples]),
      [
        [1, 2, 100],
        [2, 2, 100],
      ],
    );
    assert.equal(fed.final.accuracy, fed.history[1].test!.accuracy);
  });

  test('the run writes its metrics and the global model', () => {
    assert.equal(json.code, 0, json.stderr);
    for (const file of ['metrics.csv', 'metrics.json', 'summary.json', 'report.html', 'models/agg/model.json', 'models/agg/weights.bin']) {
      assert.ok(existsSync(join(outDir, file)), `${file} is missing`);
    }
    const csv = lines(readFileSync(join(outDir, 'metrics.csv'), 'utf8'));
    assert.equal(csv.length, 3, 'a header and one line per round');
    const metrics = JSON.parse(readFileSync(join(outDir, 'metrics.json'), 'utf8')) as { history: unknown[] }[];
    assert.equal(metrics[0].history.length, 2);
    const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as {
      backend: string;
      federations: { rounds: number; traffic: { bytesUp: number; bytesDown: number } }[];
    };
    assert.equal(summary.backend, 'wasm');
    assert.equal(summary.federations[0].rounds, 2);
    // Each federation's traffic: its rounds' bytes, summed.
    const history = metrics[0].history as { bytesUp: number; bytesDown: number }[];
    const sum = (k: 'bytesUp' | 'bytesDown') => history.reduce((s, r) => s + r[k], 0);
    assert.deepEqual(summary.federations[0].traffic, { bytesUp: sum('bytesUp'), bytesDown: sum('bytesDown') });
    assert.ok(summary.federations[0].traffic.bytesUp > 0);
  });

  test('the saved model loads in TensorFlow.js and scores a digit for each of the ten classes', async () => {
    assert.equal(json.code, 0, json.stderr);
    const dir = join(outDir, 'models', 'agg');
    const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as {
      format: string;
      modelTopology: object;
      weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    };
    assert.equal(modelJson.format, 'layers-model');
    assert.deepEqual(modelJson.weightsManifest[0].paths, ['weights.bin']);
    const bytes = readFileSync(join(dir, 'weights.bin'));
    const weightData = new Uint8Array(bytes).buffer;

    tf.enableProdMode(); // as the engine does; also keeps tfjs from advertising tfjs-node on stdout
    await tf.setBackend('cpu');
    const model = await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData }),
    );
    const started = events[0];
    assert.ok(started.type === 'run-started');
    assert.equal(model.countParams(), started.federations[0].weights);
    assert.equal(statSync(join(dir, 'weights.bin')).size, 4 * model.countParams());

    // One real digit, shaped as the model's input.
    const digits = loadMnist(mnistDatasetParams.parse({ source: 'mnist', trainSize: 1, testSize: 1 }), 1);
    const inputShape = model.inputs[0].shape.slice(1) as number[];
    const example = tf.tensor(digits.test.x.slice(0, digits.numFeatures), [1, ...inputShape]);
    const prediction = model.predict(example) as tf.Tensor;
    assert.deepEqual(prediction.shape, [1, 10]);
    const logits = Array.from(await prediction.data<'float32'>());
    assert.ok(logits.every(Number.isFinite), `one score per digit class: ${logits}`);
    tf.dispose([example, prediction]);
    model.dispose();
  });

  test('without --json it prints a header with the backend and a table line per round', async () => {
    const r = await fedflow('run', small, '--workers', '1', '--backend', 'wasm', '--out', join(tmp, 'run-table'));
    assert.equal(r.code, 0, r.stderr);
    const out = lines(r.stdout);
    assert.match(out[0], /^FedFlow · test · backend wasm · 1 worker · seed 7$/);
    assert.match(out[1], /agg: FedAvg, 2 rounds, 2 clients, 25,450 weights/);
    assert.match(out[2], /^federation\s+round\s+clients\s+train loss\s+test loss\s+test acc\s+fed acc\s+↑ total\s+time$/);
    // The uplink so far: 2 clients × 25,450 float32 weights = 203.6 kB a round.
    assert.match(out[3], /^agg\s+1\s+2\s+\d\.\d{4}\s+\d\.\d{4}\s+\d+\.\d{2}%\s+-\s+204 kB\s+\d+\.\d{2}s$/);
    assert.match(out[4], /^agg\s+2\s+2\s.*\s407 kB\s+\d+\.\d{2}s$/);
    assert.match(out[5], /^agg: test accuracy \d+\.\d{2}% after 2 rounds$/);
    assert.match(out.at(-1)!, /^Done in \d+\.\d s\. Models and metrics in .*run-table$/);
    assert.equal(out.length, 7);
    assert.ok(existsSync(join(tmp, 'run-table', 'models', 'agg', 'model.json')));
  });

  test('a run whose clients poison their updates ends with the Defences table', async () => {
    const attacked = federation({
      ...SMALL,
      split: { method: 'iid', numClients: 3 },
      clients: [{ clients: '0-1' }, { clients: '2', behaviour: 'sign-flip', attackScale: 4 }],
      aggregator: { strategy: 'FedMedian', rounds: 1 },
    });
    const r = await fedflow('run', pipelineFile('attacked.fedflow.json', attacked), '--workers', '1', '--backend', 'wasm', '--out', join(tmp, 'run-attacked'));
    assert.equal(r.code, 0, r.stderr);
    const out = lines(r.stdout);
    const at = out.findIndex((l) => l.startsWith('Defences'));
    assert.ok(at > 0, r.stdout);
    assert.equal(out[at], 'Defences (no federation with honest clients only, so no gaps):');
    assert.match(out[at + 1], /^federation\s+defence\s+attackers\s+final acc\s+best acc\s+gap$/);
    assert.match(out[at + 2], /^agg\s+FedMedian\s+sign-flip ×4: 1 of 3 clients\s+\d+\.\d{2}%\s+\d+\.\d{2}%\s+-$/);
    assert.match(out[at + 3], /^Done in /);
  });

  test('an invalid pipeline is not run: exit 2 with its problems', async () => {
    const file = pipelineFile('bad-run.fedflow.json', federation({ ...SMALL, clients: [{ clients: '0-5' }] }));
    const r = await fedflow('run', file, '--backend', 'wasm', '--out', join(tmp, 'run-bad'));
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /node clients0 params\.clients: .*Client 5 does not exist/);
    assert.equal(existsSync(join(tmp, 'run-bad')), false);
  });

  const tfjsNodeInstalled = (() => {
    try {
      createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
      return true;
    } catch {
      return false;
    }
  })();

  test(
    '--backend node without tfjs-node installed exits 1 and says how to install it',
    { skip: tfjsNodeInstalled ? '@tensorflow/tfjs-node is installed here' : false },
    async () => {
      const r = await fedflow('run', small, '--backend', 'node', '--out', join(tmp, 'run-node'));
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '', 'nothing is printed as if the run had started');
      assert.match(r.stderr, /npm install @tensorflow\/tfjs-node/);
      assert.match(r.stderr, /--backend wasm/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');

      const asJson = await fedflow('run', small, '--backend', 'node', '--json');
      assert.equal(asJson.code, 1);
      const [event] = lines(asJson.stdout).map((l) => JSON.parse(l) as { type: string; message: string });
      assert.equal(event.type, 'failed');
      assert.match(event.message, /npm install @tensorflow\/tfjs-node/);
    },
  );
});
