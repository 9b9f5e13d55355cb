/**
 * How a served federation's connections behave: TLS with a certificate (the join URL is wss:// and a
 * client that trusts the certificate trains), a clear warning when serving beyond loopback without TLS,
 * a clear failure when too few clients join in time, and a client that lost its connection taking its
 * own seat back with its client token.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fedflow, ROOT } from '../../helpers/spawnNode.js';
import { fedflowProcess, hospitalsPipeline, joinUrl } from './federationProcesses.js';

const dir = mkdtempSync(join(tmpdir(), 'fedflow-connections-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const TLS = join(ROOT, 'test', 'engine', 'remote', 'tls');

/** Writes the first `count` data rows of the hospitals CSV (with its header) to `name`. */
function someRows(name: string, from: number, count: number): string {
  const [header, ...lines] = readFileSync(join(dir, 'hospitals.csv'), 'utf8').trimEnd().split('\n');
  const file = join(dir, name);
  writeFileSync(file, [header, ...lines.slice(from, from + count)].join('\n') + '\n');
  return file;
}

test('with a certificate the server serves wss:// and a client that trusts it trains', { timeout: 120_000 }, async () => {
  const file = hospitalsPipeline(dir, 'tls', { method: 'remote', numClients: 1 }, 1);
  const server = fedflowProcess(['serve', file, '--out', join(dir, 'tls-out'), '--tls-cert', join(TLS, 'test-only-cert.pem'), '--tls-key', join(TLS, 'test-only-key.pem'), '--wait', '60']);
  const url = await joinUrl(server);
  assert.match(url, /^wss:\/\/127\.0\.0\.1:\d+\/join\?token=[\w-]{32}$/);
  const client = fedflowProcess(['join', url, '--data', someRows('tls.csv', 0, 150), '--ca', join(TLS, 'test-only-cert.pem'), '--name', 'tls']);
  assert.deepEqual(await Promise.all([server.exited, client.exited]), [0, 0], server.stderr() + client.stdout());
  assert.match(client.stdout(), /round 1: sent \d+ bytes/);
});

test('serving beyond loopback without TLS warns, and too few clients in time is a clear failure', { timeout: 60_000 }, async () => {
  const file = hospitalsPipeline(dir, 'lonely', { method: 'remote', numClients: 3 });
  const r = await fedflow('serve', file, '--host', '0.0.0.0', '--out', join(dir, 'lonely-out'), '--wait', '1');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Warning: serving on 0\.0\.0\.0 without TLS/);
  assert.match(r.stderr, /Only 0 of the 3 clients needed joined within 1 s; nothing was trained/);
});

test('a client whose connection drops reconnects and takes its own seat back', { timeout: 120_000 }, async () => {
  const file = hospitalsPipeline(dir, 'reconnect', { method: 'remote', numClients: 2 }, 1);
  const server = fedflowProcess(['serve', file, '--out', join(dir, 'reconnect-out'), '--wait', '60']);
  const url = new URL(await joinUrl(server));
  // A TCP relay between the first client and the server, so the test can cut its connection.
  const open = new Set<Socket>();
  const relay = createServer((inbound) => {
    const outbound = connect(Number(url.port), '127.0.0.1');
    for (const s of [inbound, outbound]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  after(() => relay.close());
  const relayed = `ws://127.0.0.1:${(relay.address() as AddressInfo).port}${url.pathname}${url.search}`;
  const first = fedflowProcess(['join', relayed, '--data', someRows('first.csv', 0, 150), '--name', 'first']);
  await first.line(/joined as client 0$/);
  for (const s of open) s.destroy();
  await first.line(/reconnecting in/);
  await server.line(/client 0 reconnected: first/);
  const second = fedflowProcess(['join', url.href, '--data', someRows('second.csv', 150, 150), '--name', 'second']);
  assert.deepEqual(await Promise.all([server.exited, first.exited, second.exited]), [0, 0, 0], server.stderr());
  assert.match(second.stdout(), /joined as client 1$/m, 'the seat of the first client stayed its own');
  assert.match(first.stdout(), /round 1: sent \d+ bytes/);
});

/** An IDX file: the magic number for `dims.length` dimensions of unsigned bytes, the sizes, the bytes. */
function idx(dims: number[], data: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x0800 + dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

/** `count` side×side images whose brightness says their class (0, 1 or 2), with their labels. */
function idxPair(name: string, count: number, side: number): { images: string; labels: string } {
  const labels = Array.from({ length: count }, (_, i) => i % 3);
  const pixels = labels.flatMap((y, i) => Array.from({ length: side * side }, (_, p) => (y * 100 + ((i + p) % 7) * 5) % 256));
  const images = join(dir, `${name}-images.idx`);
  const labelFile = join(dir, `${name}-labels.idx`);
  writeFileSync(images, idx([count, side, side], pixels));
  writeFileSync(labelFile, idx([count], labels));
  return { images, labels: labelFile };
}

test('IDX images: a client with images of the federation\'s size trains, one with other sizes is refused', { timeout: 120_000 }, async () => {
  const file = hospitalsPipeline(dir, 'idx', { method: 'remote', numClients: 1 }, 1);
  const server = idxPair('server', 30, 8);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { nodes: { id: string; params: Record<string, unknown> }[] };
  doc.nodes.find((n) => n.id === 'hospitals')!.params = { source: 'idx', trainImages: server.images, trainLabels: server.labels, testImages: server.images, testLabels: server.labels };
  writeFileSync(file, JSON.stringify(doc));
  const serving = fedflowProcess(['serve', file, '--out', join(dir, 'idx-out'), '--wait', '60']);
  const url = await joinUrl(serving);
  const small = idxPair('small', 12, 7);
  const refused = await fedflow('join', url, '--data', small.images, '--labels', small.labels, '--name', 'small');
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /its images have 49 pixels, and the federation's are 8×8 \(64\)/);
  const own = idxPair('own', 24, 8);
  const client = fedflowProcess(['join', url, '--data', own.images, '--labels', own.labels, '--name', 'images']);
  assert.deepEqual(await Promise.all([serving.exited, client.exited]), [0, 0], serving.stderr() + client.stdout());
  assert.match(client.stdout(), /24 examples, 64 features, classes 0, 1, 2/);
  assert.match(client.stdout(), /round 1: sent \d+ bytes/);
});
