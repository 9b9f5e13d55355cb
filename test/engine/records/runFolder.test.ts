/** Run folders never collide: two runs started in the same millisecond, in one process or two, get different folders. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createRunFolder, isRunId, runStem } from '../../../engine/records/runFolder.js';
import { node, ROOT } from '../../helpers/spawnNode.js';

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'fedflow-folders-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

/** One instant, shared by every run below: they all start "in the same millisecond". */
const SAME_MS = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

describe('run folders', () => {
  it('gives 50 runs started in the same millisecond in one process 50 different folders', async () => {
    const dir = join(root, 'one-process');
    const made = await Promise.all(Array.from({ length: 50 }, () => createRunFolder(dir, 'mnist.fedflow.json', new Date(SAME_MS))));
    assert.equal(new Set(made.map((m) => m.id)).size, 50);
    assert.deepEqual(readdirSync(dir).sort(), made.map((m) => m.id).sort());
    for (const m of made) assert.match(m.id, /^mnist-20260102-030405-[0-9a-f]{6}$/);
  });

  it('gives runs started in the same millisecond by two processes different folders', async () => {
    const dir = join(root, 'two-processes');
    const module = pathToFileURL(join(ROOT, 'dist', 'engine', 'records', 'runFolder.js')).href;
    const script = `const { createRunFolder } = await import(${JSON.stringify(module)});
      const made = await Promise.all(Array.from({ length: 25 }, () => createRunFolder(${JSON.stringify(dir)}, 'same', new Date(${SAME_MS}))));
      console.log(JSON.stringify(made.map((m) => m.id)));`;
    const [a, b] = await Promise.all([0, 1].map(() => node(['--input-type=module', '-e', script])));
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const ids = [...(JSON.parse(a.stdout) as string[]), ...(JSON.parse(b.stdout) as string[])];
    assert.equal(new Set(ids).size, 50);
    assert.equal(readdirSync(dir).length, 50);
  });

  it('names folders after the pipeline, safely', () => {
    assert.equal(runStem('templates/mnist-fedavg.fedflow.json'), 'mnist-fedavg');
    assert.equal(runStem('../../My pipeline!.json'), 'My-pipeline');
    assert.equal(runStem('///'), 'run');
    assert.ok(isRunId('mnist-20260102-030405-a1b2c3'));
    for (const bad of ['..', '../x', 'a/b', '', '.hidden']) assert.ok(!isRunId(bad), bad);
  });
});
