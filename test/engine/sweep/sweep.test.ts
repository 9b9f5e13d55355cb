/**
 * Sweeps: a grid of settings × seeds, each point a stored run, and a table whose figures are those runs'.
 * Every grid point is checked before anything runs; bad input names the node and field.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listRuns } from '../../../engine/records/runStore.js';
import { planSweep, runSweep, type SweepOutcome } from '../../../engine/sweep/runSweep.js';
import { meanAndSpread, type SweepTable } from '../../../engine/sweep/sweepTable.js';
import { fedflow } from '../../helpers/spawnNode.js';
import { tinyPipeline } from '../records/tinyPipeline.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedflow-sweep-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const doc = tinyPipeline({ rounds: 1 });

describe('a 2×2 grid with 2 seeds', () => {
  const runsDir = () => join(dir, 'runs');
  let outcome: SweepOutcome;
  before(async () => {
    const { sweep, problems } = planSweep(doc, ['split.numClients=2,3', 'aggregator.strategy=FedAvg,FedMedian'], [5, 6], 'tiny');
    assert.deepEqual(problems, []);
    outcome = await runSweep(doc, sweep!, { baseDir: dir, runsDir: runsDir(), stem: 'tiny', workers: 1, backend: 'wasm' });
  });

  it('writes 8 runs to the store, each knowing its sweep, point and seed', async () => {
    const { runs } = await listRuns(runsDir(), { sweep: outcome.table.id });
    assert.equal(runs.length, 8);
    assert.ok(runs.every((r) => r.status === 'finished'));
    const points = runs.map((r) => `${JSON.stringify(r.sweep!.point)} seed ${r.sweep!.seed}`).sort();
    assert.equal(new Set(points).size, 8);
    for (const r of runs) assert.equal(r.seed, r.sweep!.seed);
    const byId = new Map(runs.map((r) => [r.id, r]));
    for (const row of outcome.table.rows) {
      for (const id of row.runs) assert.deepEqual(byId.get(id)!.sweep!.point, row.point);
    }
  });

  it("writes a table whose accuracies, means and spreads are the individual runs'", async () => {
    const { runs } = await listRuns(runsDir(), { sweep: outcome.table.id });
    const byId = new Map(runs.map((r) => [r.id, r]));
    const table = JSON.parse(readFileSync(join(outcome.dir, 'sweep.json'), 'utf8')) as SweepTable;
    assert.deepEqual(table, outcome.table);
    assert.deepEqual(table.rows.map((r) => r.point), [
      { 'split.numClients': 2, 'aggregator.strategy': 'FedAvg' },
      { 'split.numClients': 2, 'aggregator.strategy': 'FedMedian' },
      { 'split.numClients': 3, 'aggregator.strategy': 'FedAvg' },
      { 'split.numClients': 3, 'aggregator.strategy': 'FedMedian' },
    ]);
    for (const row of table.rows) {
      assert.deepEqual(row.seeds, [5, 6]);
      const [cell] = row.federations;
      const individual = row.runs.map((id) => byId.get(id)!.federations[0].accuracy);
      assert.deepEqual(cell.accuracies, individual);
      assert.deepEqual({ mean: cell.mean, std: cell.std }, meanAndSpread(individual));
    }
    const csv = readFileSync(join(outcome.dir, 'sweep.csv'), 'utf8').trim().split('\n');
    assert.equal(csv[0], 'split.numClients,aggregator.strategy,aggregator,runs,failed,accuracy_mean,accuracy_std,accuracies');
    assert.equal(csv.length, 5);
    assert.equal(csv[1], `2,FedAvg,agg,2,0,${table.rows[0].federations[0].mean},${table.rows[0].federations[0].std},${table.rows[0].federations[0].accuracies.join(';')}`);
  });

  it('gives the sample standard deviation over seeds', () => {
    assert.deepEqual(meanAndSpread([0.25, 0.75]), { mean: 0.5, std: Math.sqrt(0.125) });
    assert.deepEqual(meanAndSpread([0.5]), { mean: 0.5, std: 0 });
    assert.deepEqual(meanAndSpread([null]), { mean: null, std: null });
  });
});

describe('fedflow sweep', () => {
  it('--json prints each run as it ends, then the table, and exits 0', async () => {
    const file = join(dir, 'cli.fedflow.json');
    writeFileSync(file, JSON.stringify(doc));
    const runsDir = join(dir, 'cli-runs');
    const r = await fedflow('sweep', file, '--set', 'aggregator.strategy=FedAvg,FedMedian', '--runs-dir', runsDir, '--workers', '1', '--backend', 'wasm', '--json');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; id?: string; table?: SweepTable; dir?: string });
    assert.deepEqual(lines.map((l) => l.type), ['sweep-run', 'sweep-run', 'sweep-finished']);
    const { table, dir: out } = lines[2];
    assert.deepEqual(table!.rows.map((row) => row.runs), [[lines[0].id], [lines[1].id]]);
    assert.equal(out, join(runsDir, 'sweeps', table!.id));
    assert.match(table!.id, /^cli-sweep-\d{8}-\d{6}-[0-9a-f]{6}$/);
    assert.equal((await listRuns(runsDir, { sweep: table!.id })).runs.length, 2);
  });
});

describe('bad --set input', () => {
  const problemsOf = (sets: string[], d = doc) => planSweep(d, sets, [1], 'tiny').problems.map((p) => [p.nodeId, p.field, p.message]);

  it('names the node and field of a value the param refuses, and runs nothing', () => {
    const planned = planSweep(doc, ['split.numClients=2,0'], [1], 'tiny');
    assert.equal(planned.sweep, undefined);
    assert.deepEqual(planned.problems.map((p) => [p.nodeId, p.field]), [['split', 'params.numClients']]);
    assert.match(planned.problems[0].message, /^--set split\.numClients: .*numClients.*\(got 0\)/);
  });

  it('refuses a param the node does not have, with the nearest one', () => {
    const [[nodeId, field, message]] = problemsOf(['split.numClientz=2']);
    assert.deepEqual([nodeId, field], ['split', 'params.numClientz']);
    assert.match(message!, /'numClientz' is not a setting of split node 'split' \(did you mean numClients\?\)/);
  });

  it('refuses an unknown node with the nearest id, and a kind two nodes share', () => {
    assert.match(problemsOf(['splt.numClients=2'])[0][2]!, /no node 'splt' \(did you mean split\?\)/);
    const two = structuredClone(doc);
    two.nodes.push({ ...structuredClone(two.nodes.find((n) => n.id === 'agg')!), id: 'agg2' });
    assert.match(problemsOf(['aggregator.rounds=1,2'], two)[0][2]!, /2 nodes are aggregator nodes \(agg, agg2\); name one by its id/);
  });

  it('refuses a missing =, an empty value and a setting swept twice', () => {
    assert.match(problemsOf(['split'])[0][2]!, /no '=' found/);
    assert.match(problemsOf(['split.numClients=2,'])[0][2]!, /a value is empty/);
    assert.match(problemsOf(['split.numClients=2', 'split.numClients=3'])[0][2]!, /swept twice/);
  });

  it('reads values as the schema wants them: numbers, words, JSON arrays', () => {
    const { sweep, problems } = planSweep(doc, ['model.arch=mlp', 'model.hidden=[8],[4,4]', 'aggregator.strategy=FedAvg'], [1], 'tiny');
    assert.deepEqual(problems, []);
    assert.deepEqual(sweep!.points.map((p) => p.point['model.hidden']), [[8], [4, 4]]);
  });

  it('fedflow sweep exits 2 naming node and field, and starts no run', async () => {
    const file = join(dir, 'bad.fedflow.json');
    writeFileSync(file, JSON.stringify(doc));
    const runsDir = join(dir, 'bad-runs');
    const r = await fedflow('sweep', file, '--set', 'split.numClients=2,-1', '--runs-dir', runsDir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^error ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} node split params\\.numClients: --set split\\.numClients: `));
    assert.deepEqual(readdirSync(dir).includes('bad-runs') ? readdirSync(runsDir) : [], []);
  });

  it('fedflow sweep refuses --rounds beside a swept aggregator rounds, which it would override', async () => {
    const file = join(dir, 'rounds.fedflow.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = await fedflow('sweep', file, '--set', 'agg.rounds=1,2', '--rounds', '3', '--runs-dir', join(dir, 'bad-runs'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /node agg params\.rounds: --set agg\.rounds sweeps the rounds that --rounds 3 would override/);
  });
});
