/**
 * A studio started with a Redis queue (`fedflow studio --redis`) tells the workbench where its runs train
 * and which `fedflow worker` processes are registered, without ever showing the Redis password; when Redis
 * goes away it says so within seconds. Starts its own redis-server (with a password); fails, saying so,
 * where redis-server is not installed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createNodeHost, type NodeHost } from '../../../engine/host/nodeHost.js';
import { registerWorker } from '../../../engine/queue/workerRegistry.js';
import { requireRedisServer, startRedis, type Child } from '../../../bench/redisProcesses.js';
import { makeHostDirs, type HostDirs } from './fixtures.js';

const PASSWORD = 's3cret-pw';

describe('the workbench’s view of a Redis queue', () => {
  let server: Child;
  let url: string;
  let dirs: HostDirs;
  let host: NodeHost;

  before(async () => {
    requireRedisServer();
    const started = await startRedis();
    server = started.server;
    // The queue behind a password, as the README asks: the host must authenticate, and never print it.
    const admin = new Redis(started.url);
    await admin.config('SET', 'requirepass', PASSWORD);
    admin.disconnect();
    url = started.url.replace('redis://', `redis://:${PASSWORD}@`);
    dirs = makeHostDirs();
    host = createNodeHost({ host: 'web', workspaceDir: dirs.workspace, templatesDir: dirs.templates, stateDir: dirs.state, queue: { url } });
  });

  after(async () => {
    await host?.close();
    await server?.kill();
    dirs?.cleanup();
  });

  it('says where runs train, its password hidden, and lists each registered worker with its backend and jobs done', async () => {
    const info = await host.info();
    assert.equal(info.queue, url.replace(PASSWORD, '***'));
    assert.equal((await host.listWorkers()).workers.length, 0);

    const worker = new Redis(url);
    await registerWorker(worker, { id: 'w-1', name: 'lab-gpu', backend: 'wasm', concurrency: 2, jobsDone: 41, startedAt: '2026-12-02T04:00:00Z' });
    worker.disconnect();
    const status = await host.listWorkers();
    assert.equal(status.url, info.queue);
    assert.equal(status.error, undefined);
    assert.deepEqual(
      status.workers.map((w) => [w.name, w.backend, w.concurrency, w.jobsDone]),
      [['lab-gpu', 'wasm', 2, 41]],
    );
  });

  it('says Redis is unreachable within seconds once it stops, and names it without the password', async () => {
    await server.kill();
    const status = await host.listWorkers();
    assert.deepEqual(status.workers, []);
    assert.ok(status.error, 'an error is said');
    assert.ok(!JSON.stringify(status).includes(PASSWORD), `the password leaked: ${JSON.stringify(status)}`);
  });

  it('is absent where the host trains on its own threads', async () => {
    const local = createNodeHost({ host: 'web', workspaceDir: dirs.workspace, templatesDir: dirs.templates, stateDir: dirs.state });
    try {
      assert.equal((await local.info()).queue, undefined);
      assert.deepEqual(await local.listWorkers(), { url: null, workers: [] });
    } finally {
      await local.close();
    }
  });
});
