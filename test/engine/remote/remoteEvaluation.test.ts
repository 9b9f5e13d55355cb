/**
 * Federated evaluation of remote clients, Flower-style: `fedflow join --holdout 0.2` keeps a seeded fifth
 * of its rows out of training, the server sends each trained client the new global model after every
 * round, and the client's score on its hold-out comes back — checked, then averaged by the strategy as a
 * simulated client's would be. The run's federated rows must be exactly what that model scores locally
 * on those rows; a client whose score breaks the protocol (accuracy 7) is dropped with the reason.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { WebSocket } from 'ws';
import { sharedInt32 } from '../../../engine/data/sharedArrays.js';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { isKind, resolveParams } from '../../../engine/format/resolveParams.js';
import type { FederatedScores, RoundRecord } from '../../../engine/run/events.js';
import { planRun } from '../../../engine/run/plan.js';
import { WorkerPool } from '../../../engine/run/pool.js';
import { dataSchemaOf } from '../../../engine/remote/dataSchema.js';
import { loadLocalData } from '../../../engine/remote/localData.js';
import { holdoutSplit } from '../../../engine/remote/localHoldout.js';
import { fedflowProcess, hospitalsPipeline, joinUrl } from './federationProcesses.js';

const dir = mkdtempSync(join(tmpdir(), 'fedflow-remote-eval-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The hospitals pipeline served to `numClients` remote clients, with federated evaluation on. */
function servedPipeline(name: string, numClients: number): string {
  const file = hospitalsPipeline(dir, name, { method: 'remote', numClients }, 2);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as PipelineDocument;
  for (const n of doc.nodes) if (isKind(n, 'evaluate')) n.params = { ...n.params, federated: true };
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** Writes rows [from, from + count) of the hospitals CSV, with its header, to `name`. */
function someRows(name: string, from: number, count: number): string {
  const [header, ...lines] = readFileSync(join(dir, 'hospitals.csv'), 'utf8').trimEnd().split('\n');
  const file = join(dir, name);
  writeFileSync(file, [header, ...lines.slice(from, from + count)].join('\n') + '\n');
  return file;
}

const history = (out: string): RoundRecord[] => (JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { history: RoundRecord[] }[])[0].history;

/** What the saved final model scores on each client's held-out rows, read and drawn as `fedflow join` does. */
async function scoredLocally(pipeline: string, out: string, files: string[]): Promise<{ examples: number; loss: number; accuracy: number }[]> {
  const doc = JSON.parse(readFileSync(pipeline, 'utf8')) as PipelineDocument;
  const plan = await planRun(doc, { baseDir: dir, remoteClients: true, workers: 1 });
  const federation = plan.federations[0];
  const node = doc.nodes.find((n) => n.id === federation.datasetId)!;
  assert.ok(isKind(node, 'dataset'));
  const schema = dataSchemaOf(resolveParams(node), plan.datasets.get(federation.datasetId)!);
  assert.ok(typeof schema !== 'string', String(schema));
  const bin = readFileSync(join(out, 'models', federation.aggregatorId, 'weights.bin'));
  const weights = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const pool = new WorkerPool(1);
  try {
    const scores = [];
    for (const file of files) {
      const data = await loadLocalData(schema, { data: file });
      assert.ok(typeof data !== 'string', String(data));
      const held = holdoutSplit(data.train.y.length, 0.2).holdout;
      const indices = sharedInt32(held.length);
      indices.set(held);
      const table = { x: data.train.x, y: data.train.y, featureShape: data.featureShape, numClasses: data.numClasses };
      const r = await pool.evaluate({ type: 'evaluate', backend: 'wasm', model: federation.model, weights, table, groups: [{ indices, offset: 0, length: held.length }] });
      scores.push(r.groups![0]);
    }
    return scores;
  } finally {
    await pool.close();
  }
}

/** The clients' evaluations as `fedflow join` printed them: round → [examples, accuracy, loss]. */
function printedScores(stdout: string): Map<number, [number, number, number]> {
  const out = new Map<number, [number, number, number]>();
  for (const m of stdout.matchAll(/round (\d+): evaluated on (\d+) held-out examples: accuracy (\S+), loss (\S+)/g)) out.set(Number(m[1]), [Number(m[2]), Number(m[3]), Number(m[4])]);
  return out;
}

test('two joined clients with --holdout 0.2 are evaluated on their hold-outs every round, as the final model scores there', { timeout: 240_000 }, async (t) => {
  const pipeline = servedPipeline('evaluated', 2);
  const out = join(dir, 'evaluated-out');
  const server = fedflowProcess(['serve', pipeline, '--out', out, '--wait', '120']);
  const url = await joinUrl(server);
  const files = [someRows('north.csv', 0, 150), someRows('south.csv', 150, 101)];
  const clients = [];
  for (const [c, file] of files.entries()) {
    const client = fedflowProcess(['join', url, '--data', file, '--name', `hospital-${c}`, '--holdout', '0.2']);
    await client.line(new RegExp(`joined as client ${c}$`));
    clients.push(client);
  }
  const codes = await Promise.all([server.exited, ...clients.map((c) => c.exited)]);
  assert.deepEqual(codes, [0, 0, 0], server.stderr() + clients.map((c) => c.stdout()).join('\n'));
  // floor(0.2 · 150) = 30 and floor(0.2 · 101) = 20 rows held out; the server hears the counts only.
  assert.match(clients[0].stdout(), /150 examples, 30 held out for evaluation/);
  assert.match(server.stderr(), /client 1 joined: hospital-1 \(81 examples, 20 held out\)/);

  // The held-out rows are not trained on: each update weighs the rows left.
  type Event = { type: string; clientId?: number; examples?: number };
  const events = readFileSync(join(out, 'events.jsonl'), 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { event?: Event }).event ?? (JSON.parse(l) as Event));
  const finished = events.filter((e) => e.type === 'client-finished');
  assert.equal(finished.length, 4);
  for (const e of finished) assert.equal(e.examples, e.clientId === 0 ? 120 : 81);

  const rounds = history(out);
  assert.equal(rounds.length, 2);
  const printed = clients.map((c) => printedScores(c.stdout()));
  for (const r of rounds) {
    const mine = printed.map((p) => p.get(r.round)!);
    assert.ok(mine.every(Boolean), `both clients evaluated round ${r.round}`);
    const fed = r.federated as FederatedScores;
    assert.equal(fed.clients, 2);
    assert.equal(fed.examples, 50);
    // The strategy's example-weighted mean of what the clients scored, in client-id order.
    assert.equal(fed.accuracy, (mine[0][1] * mine[0][0] + mine[1][1] * mine[1][0]) / 50);
    assert.equal(fed.loss, (mine[0][2] * mine[0][0] + mine[1][2] * mine[1][0]) / 50);
    for (const [n, accuracy] of mine) assert.ok(Math.abs(accuracy * n - Math.round(accuracy * n)) < 1e-9, 'accuracy is a count of its rows');
  }
  // And independently: the saved final model, scored here on the same rows, gives the last round's row.
  const local = await scoredLocally(pipeline, out, files);
  assert.deepEqual(local.map((s) => s.examples), [30, 20]);
  const last = rounds.at(-1)!.federated!;
  assert.equal(last.accuracy, (local[0].accuracy * 30 + local[1].accuracy * 20) / 50);
  assert.ok(Math.abs(last.loss - (local[0].loss * 30 + local[1].loss * 20) / 50) < 1e-6, `${last.loss} against the local scores' ${JSON.stringify(local)}`);
  t.diagnostic(`federated hold-out accuracy (50 rows) by round: ${rounds.map((r) => r.federated!.accuracy.toFixed(3)).join(' → ')}; loss ${rounds.map((r) => r.federated!.loss.toFixed(4)).join(' → ')}`);
});

type Message = Record<string, unknown> & { type: string };

test('a client whose hold-out score breaks the protocol (accuracy 7) is dropped with the reason, and the others are still evaluated', { timeout: 240_000 }, async () => {
  const pipeline = servedPipeline('hostile', 2);
  const out = join(dir, 'hostile-out');
  const server = fedflowProcess(['serve', pipeline, '--out', out, '--wait', '120', '--min-clients', '2']);
  const url = await joinUrl(server);
  const honest = fedflowProcess(['join', url, '--data', someRows('honest.csv', 0, 150), '--name', 'honest', '--holdout', '0.2']);
  await honest.line(/joined as client 0$/);
  // By hand, as an attacker would: a good update of zeros, then an accuracy of 7 on a hold-out of 10.
  const got = await new Promise<Message[]>((resolve, reject) => {
    const ws = new WebSocket(url);
    const messages: Message[] = [];
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Message;
      messages.push(m);
      if (m.type === 'schema') {
        const schema = m.data as { featureNames: string[]; labelColumn: string };
        ws.send(JSON.stringify({ type: 'hello', version: 2, name: 'boaster', holdout: 10, data: { featureNames: schema.featureNames, numFeatures: 30, labelColumn: schema.labelColumn, labels: ['benign'], examples: 40 } }));
      }
      const zeros = { f32: Buffer.from(new Float32Array(530).buffer).toString('base64') };
      if (m.type === 'fit') ws.send(JSON.stringify({ type: 'fit-res', version: 2, round: m.round, outcome: { status: 'ok', numExamples: 40, metrics: { loss: 0.5, steps: 1, ms: 1 }, weights: zeros } }));
      if (m.type === 'evaluate') ws.send(JSON.stringify({ type: 'evaluate-res', version: 2, round: m.round, outcome: { status: 'ok', numExamples: 10, loss: 0.1, accuracy: 7 } }));
    });
    ws.on('error', reject);
    ws.on('close', () => resolve(messages));
  });
  assert.equal(got.filter((m) => m.type === 'evaluate').length, 1, 'asked to evaluate after round 1');
  assert.match(String(got.at(-1)?.message), /dropped this client: its hold-out accuracy 7 is not between 0 and 1/);
  const [code] = await Promise.all([server.exited, honest.exited]);
  assert.equal(code, 0, server.stderr());
  assert.match(server.stderr(), /client 1 \(boaster\) dropped: its hold-out accuracy 7 is not between 0 and 1/);
  for (const r of history(out)) assert.deepEqual({ clients: r.federated?.clients, examples: r.federated?.examples }, { clients: 1, examples: 30 }, `round ${r.round}: the honest client alone is evaluated`);
});
