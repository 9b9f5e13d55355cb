/**
 * A real federation on loopback: `fedflow serve` and three `fedflow join` processes, each holding one
 * third of the hospitals CSV's training rows — exactly the rows an iid split of `fedflow run` gives its
 * three simulated clients. The served run must give `fedflow run`'s metrics exactly (weights travel as
 * their float32 bytes), and every frame the server received must hold weights and metrics only: no row
 * of anyone's data.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { csvTableRows, loadCsv } from '../../../engine/data/csv.js';
import type { CsvDatasetParams } from '../../../engine/format/params.js';
import { deriveSeed, Rng } from '../../../engine/random/rng.js';
import { splitDataset } from '../../../engine/split/splitDataset.js';
import { fedflow } from '../../helpers/spawnNode.js';
import { fedflowProcess, roundMetrics as rounds, hospitalsPipeline, joinUrl } from './federationProcesses.js';

const dir = mkdtempSync(join(tmpdir(), 'fedflow-loopback-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SEED = 42;
const simulated = hospitalsPipeline(dir, 'simulated', { method: 'iid', numClients: 3, holdoutFraction: 0 });
const served = hospitalsPipeline(dir, 'served', { method: 'remote', numClients: 3 });

/**
 * Writes each simulated client's training rows, as the file's own lines in the order the client trains
 * on them, to client<k>.csv. The rows are found as planning finds them: the dataset node's seed picks
 * the test rows, the split node's seed deals the rest out.
 */
function writeShards(): { files: string[]; rows: string[][] } {
  const doc = JSON.parse(readFileSync(simulated, 'utf8')) as { nodes: { id: string; params: Record<string, unknown> }[] };
  const params = { ...doc.nodes.find((n) => n.id === 'hospitals')!.params, header: 'names', delimiter: 'auto', missing: 'error' } as CsvDatasetParams;
  const datasetSeed = deriveSeed(SEED, 'dataset', 'hospitals');
  const dataset = loadCsv(params, dir, datasetSeed);
  const partition = splitDataset({ method: 'iid', numClients: 3, holdoutFraction: 0 }, dataset, new Rng(deriveSeed(SEED, 'split', 'split')));
  const [header, ...lines] = readFileSync(join(dir, 'hospitals.csv'), 'utf8').trimEnd().split('\n');
  const { trainRows } = csvTableRows(lines.length, params.testFraction, datasetSeed);
  const files: string[] = [];
  const rows: string[][] = [];
  for (let c = 0; c < 3; c++) {
    const own = [...partition.trainIndices.subarray(partition.trainOffsets[c], partition.trainOffsets[c + 1])].map((i) => lines[trainRows[i]]);
    const file = join(dir, `client${c}.csv`);
    writeFileSync(file, [header, ...own].join('\n') + '\n');
    files.push(file);
    rows.push(own);
  }
  return { files, rows };
}


test('three joined clients train the hospitals model as fedflow run does, and no training row crosses the wire', { timeout: 240_000 }, async (t) => {
  const { files, rows } = writeShards();
  const wire = join(dir, 'wire.jsonl');
  const server = fedflowProcess(['serve', served, '--out', join(dir, 'served-out'), '--wait', '120'], { FEDFLOW_WIRE_LOG: wire });
  const url = await joinUrl(server);
  // One after another, so client k takes seat k: the seat is part of every per-client seed.
  const clients = [];
  for (let c = 0; c < 3; c++) {
    const client = fedflowProcess(['join', url, '--data', files[c], '--name', `hospital-${c}`]);
    await client.line(new RegExp(`joined as client ${c}$`));
    clients.push(client);
  }
  const codes = await Promise.all([server.exited, ...clients.map((c) => c.exited)]);
  assert.deepEqual(codes, [0, 0, 0, 0], server.stderr());
  for (const c of clients) {
    assert.match(c.stdout(), /round 3: sent \d+ bytes/);
    assert.match(c.stdout(), /federation over/);
  }

  const run = await fedflow('run', simulated, '--out', join(dir, 'simulated-out'));
  assert.equal(run.code, 0, run.stderr);
  const remote = rounds(join(dir, 'served-out'));
  assert.equal(remote.length, 3);
  assert.deepEqual(remote, rounds(join(dir, 'simulated-out')), 'the served federation gives exactly the simulated metrics');
  for (const f of ['summary.json', 'report.html', 'manifest.json', 'events.jsonl']) assert.ok(readFileSync(join(dir, 'served-out', f)).length > 0, f);

  // What the server received: hellos that describe the data (never a row), each client's backend, then updates of 530 weights.
  const frames = readFileSync(wire, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { bytes: number; frame: string });
  const messages = frames.map((f) => JSON.parse(f.frame) as Record<string, unknown> & { type: string });
  assert.equal(messages.filter((m) => m.type === 'hello').length, 3);
  assert.equal(messages.filter((m) => m.type === 'ready').length, 3);
  assert.equal(messages.filter((m) => m.type === 'fit-res').length, 9, 'one update per client and round, nothing else');
  assert.equal(messages.length, 15, 'nothing else');
  for (const m of messages) {
    if (m.type === 'hello') {
      const data = m.data as Record<string, unknown>;
      assert.deepEqual(Object.keys(data).sort(), ['examples', 'featureNames', 'labelColumn', 'labels', 'numFeatures']);
      assert.deepEqual((data.labels as string[]).sort(), ['benign', 'malignant']);
    } else if (m.type === 'ready') {
      // Its backend, named from a closed list: nothing of its data.
      assert.deepEqual(m, { type: 'ready', version: 2, backend: 'wasm' });
    } else {
      const outcome = m.outcome as Record<string, unknown>;
      assert.deepEqual(Object.keys(outcome).sort(), ['metrics', 'numExamples', 'status', 'weights']);
      assert.equal(Buffer.from((outcome.weights as { f32: string }).f32, 'base64').length, 530 * 4, 'only the model: 530 float32 weights');
      assert.deepEqual(Object.keys(outcome.metrics as object).sort(), ['loss', 'ms', 'steps']);
    }
  }
  // And textually: no frame holds any training row's feature values, nor any run of three of its cells.
  const text = frames.map((f) => f.frame).join('\n');
  for (const own of rows) {
    for (const line of own) {
      const cells = line.split(',').slice(1, -1);
      assert.ok(!text.includes(cells.slice(0, 3).join(',')), `a row's cells ${cells.slice(0, 3).join(',')} crossed the wire`);
    }
  }
  const perRound = frames.filter((_, i) => messages[i].type === 'fit-res').reduce((s, f) => s + f.bytes, 0) / 3;
  // The figure for the report: uploads per round, all three clients together.
  t.diagnostic(`wire bytes up per round (3 clients): ${perRound}`);
});

test('fedflow run refuses a remote split and says it needs fedflow serve', async () => {
  const r = await fedflow('run', served, '--out', join(dir, 'refused-out'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /remote clients need `fedflow serve`/);
});
