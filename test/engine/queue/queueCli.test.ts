/** `fedflow worker` and `fedflow run --redis` as a user types them: what they need, and what they say when Redis is not there. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fedflow } from '../../helpers/spawnNode.js';
import { freePort } from '../../../bench/redisProcesses.js';

describe('the queue on the command line', () => {
  it('fedflow worker needs a Redis URL, and says so', async () => {
    const r = await fedflow('worker');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /fedflow worker needs --redis URL, e\.g\. --redis redis:\/\/host:6379\./);
    const bad = await fedflow('worker', '--redis', 'http://:pw@host:1');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--redis must start with redis:\/\/ or rediss:\/\//);
    assert.doesNotMatch(bad.stderr, /pw/);
  });

  it('fedflow run --redis names a Redis it cannot reach, without its password, and records the run as failed', async () => {
    const runs = await mkdtemp(join(tmpdir(), 'fedflow-queue-cli-'));
    try {
      const url = `redis://:s3cret-pw@127.0.0.1:${await freePort()}`;
      const r = await fedflow('run', 'templates/mnist-fedavg.fedflow.json', '--rounds', '1', '--redis', url, '--runs-dir', runs);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /fedflow: Run failed: Cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\); is redis-server running there/);
      assert.doesNotMatch(r.stdout + r.stderr, /s3cret-pw/);
      const list = await fedflow('runs', 'list', '--runs-dir', runs, '--json');
      assert.match(list.stdout, /"status":"failed"/);
    } finally {
      await rm(runs, { recursive: true, force: true });
    }
  });
});
