/**
 * A served federation survives its clients: one `fedflow join` killed (SIGKILL) in the middle of a round
 * (stopped before the round, killed once the server's events say it was sent the round's model),
 * a hand-written client that answers with the wrong number of weights, and one that answers with NaN —
 * the run finishes its rounds with the healthy client and names each failure. Before that, a client whose
 * data has the wrong columns is refused at join with the difference, one that never says hello in the
 * protocol's words is dropped, one that says its backend before joining or twice is dropped, and one that
 * sends a huge frame is cut off; none keeps a seat.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { WebSocket } from 'ws';
import { fedflowProcess, hospitalsPipeline } from './federationProcesses.js';

const dir = mkdtempSync(join(tmpdir(), 'fedflow-faults-'));
after(() => rmSync(dir, { recursive: true, force: true }));

type Message = Record<string, unknown> & { type: string };

/**
 * A client written against the wire by hand, as an attacker would: it says hello with a description of
 * data it does not have, then answers every round with `answer(round)`. Resolves with every message it got.
 */
function handClient(url: string, hello: (schema: Message) => Record<string, unknown>, answer: (round: number) => Record<string, unknown>): Promise<Message[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const got: Message[] = [];
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as Message;
      got.push(m);
      if (m.type === 'schema') ws.send(JSON.stringify({ type: 'hello', version: 2, ...hello(m) }));
      if (m.type === 'fit') ws.send(JSON.stringify({ type: 'fit-res', version: 2, round: m.round, outcome: answer(m.round as number) }));
    });
    ws.on('error', reject);
    ws.on('close', () => resolve(got));
  });
}

const description = (schema: Message, numFeatures = 30) => {
  const data = schema.data as { featureNames: string[]; labelColumn: string };
  return { name: 'hand-written', data: { featureNames: data.featureNames.slice(0, numFeatures), numFeatures, labelColumn: data.labelColumn, labels: ['benign'], examples: 50 } };
};

const weights = (n: number, value: number) => ({ f32: Buffer.from(new Float32Array(n).fill(value).buffer).toString('base64') });
const update = (w: { f32: string }) => ({ status: 'ok', numExamples: 50, metrics: { loss: 0.5, steps: 1, ms: 1 }, weights: w });

test('a killed client, a wrong-length update and a NaN update each cost only that client, and the run names them', { timeout: 240_000 }, async () => {
  const file = hospitalsPipeline(dir, 'served', { method: 'remote', numClients: 4 });
  const [header, ...lines] = readFileSync(join(dir, 'hospitals.csv'), 'utf8').trimEnd().split('\n');
  writeFileSync(join(dir, 'healthy.csv'), [header, ...lines.slice(0, 200)].join('\n') + '\n');
  writeFileSync(join(dir, 'doomed.csv'), [header, ...lines.slice(200, 300)].join('\n') + '\n');
  const out = join(dir, 'out');
  // --json: every run event on stdout, so the test can wait on the one that says round 1 went to a client.
  const server = fedflowProcess(['serve', file, '--out', out, '--wait', '120', '--json']);
  const url = (JSON.parse(await server.line(/^\{"type":"listening"/)) as { url: string }).url;

  // Refused at join: 29 feature columns where the federation has 30; then a frame that is not the protocol.
  const refused = await handClient(url, (s) => description(s, 29), () => ({}));
  assert.match(String(refused.at(-1)?.message), /Refused: its data does not match the federation's: it has 29 feature columns, and the federation's data has 30/);
  const garbage = await new Promise<Message[]>((resolve) => {
    const ws = new WebSocket(url);
    const got: Message[] = [];
    ws.on('message', (d) => got.push(JSON.parse(d.toString()) as Message));
    ws.on('open', () => ws.send('{"type":"hello","version":2,"name":"x","data":{"path":"/etc/passwd"}}'));
    ws.on('close', () => resolve(got));
  });
  assert.match(String(garbage.at(-1)?.message), /dropped this client: it sent a message the protocol does not allow/);
  // Saying which backend it trains on is for a seated client: before its hello it is a protocol fault.
  const early = await new Promise<Message[]>((resolve) => {
    const ws = new WebSocket(url);
    const got: Message[] = [];
    ws.on('message', (d) => got.push(JSON.parse(d.toString()) as Message));
    ws.on('open', () => ws.send('{"type":"ready","version":2,"backend":"wasm"}'));
    ws.on('close', () => resolve(got));
  });
  assert.match(String(early.at(-1)?.message), /dropped this client: it said ready before it joined/);
  // And once per connection: a second one is a fault too, which frees its seat for the clients below.
  const chatty = await new Promise<Message[]>((resolve) => {
    const ws = new WebSocket(url);
    const got: Message[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as Message;
      got.push(m);
      if (m.type === 'schema') ws.send(JSON.stringify({ type: 'hello', version: 2, ...description(m) }));
      if (m.type === 'welcome') for (let i = 0; i < 2; i++) ws.send('{"type":"ready","version":2,"backend":"wasm"}');
    });
    ws.on('close', () => resolve(got));
  });
  assert.deepEqual(chatty.map((m) => m.type), ['schema', 'welcome', 'refused']);
  assert.match(String(chatty.at(-1)?.message), /dropped this client: it said ready twice/);
  // A frame far larger than any update of this model (2 MB against its 530 weights) is cut off by the socket itself.
  const huge = await new Promise<number>((resolve) => {
    const ws = new WebSocket(url);
    ws.on('open', () => ws.send('x'.repeat(2 * 2 ** 20)));
    ws.on('error', () => undefined);
    ws.on('close', (closeCode) => resolve(closeCode));
  });
  assert.equal(huge, 1009, 'closed as too large (1009), before any of it is parsed');

  const healthy = fedflowProcess(['join', url, '--data', join(dir, 'healthy.csv'), '--name', 'healthy']);
  await healthy.line(/joined as client/);
  const doomed = fedflowProcess(['join', url, '--data', join(dir, 'doomed.csv'), '--name', 'doomed']);
  const seat = Number(/joined as client (\d+)/.exec(await doomed.line(/joined as client/))![1]);
  // Stopped now, it cannot answer round 1 however fast it would train: once the server has sent it round
  // 1's model (its client-started event is emitted as the model goes out), the kill lands mid-round.
  doomed.child.kill('SIGSTOP');
  const wrongLength = handClient(url, (s) => description(s), () => update(weights(10, 0.1)));
  const notANumber = handClient(url, (s) => description(s), () => update(weights(530, NaN)));
  await server.line(new RegExp(`^\\{"type":"client-started".*"round":1,"clientId":${seat},`));
  doomed.child.kill('SIGKILL');

  const [code, healthyCode] = await Promise.all([server.exited, healthy.exited]);
  assert.equal(code, 0, server.stderr());
  assert.equal(healthyCode, 0, healthy.stdout());
  const dropped = await wrongLength;
  assert.match(String(dropped.at(-1)?.message), /it sent 10 values for its weights, but the model has 530/);
  assert.equal((await notANumber).at(-1)?.type, 'done', 'a NaN update costs its round, not the seat');

  const events = readFileSync(join(out, 'events.jsonl'), 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { event?: Message }).event ?? (JSON.parse(l) as Message));
  const failed = events.filter((e) => e.type === 'client-failed') as (Message & { code: string; message: string; round: number })[];
  const codes = new Set(failed.map((f) => f.code));
  assert.ok(codes.has('lost'), 'the killed client is lost');
  assert.ok(failed.some((f) => f.code === 'lost' && f.round === 1 && /closed before it answered/.test(f.message)), 'killed while it trained round 1');
  assert.ok(failed.some((f) => f.code === 'malformed' && /10 values/.test(f.message)), 'the wrong-length update is malformed');
  assert.ok(failed.some((f) => f.code === 'diverged' && /are not finite numbers/.test(f.message) && f.round === 3), 'the NaN update diverged, in every round');
  const rounds = events.filter((e) => e.type === 'evaluated') as (Message & { record: { participants: number; test?: { accuracy: number } } })[];
  assert.equal(rounds.length, 3);
  for (const r of rounds) {
    assert.equal(r.record.participants, 1, 'the healthy client alone is aggregated');
    assert.ok((r.record.test?.accuracy ?? 0) > 0.5);
  }
  assert.match(server.stderr(), /serve: client \d \(hand-written\) dropped: it sent 10 values/);
  assert.match(server.stderr(), new RegExp(`serve: client ${seat} \\(doomed\\) disconnected`));
  assert.match(server.stderr(), /serve: client \d \(healthy\) trains on wasm/, 'fedflow join says its backend, and serve prints it');
});
