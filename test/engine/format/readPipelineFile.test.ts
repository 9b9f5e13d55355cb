/** A pipeline path that is not a plain file is a clear problem, never a hang. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { node, ROOT } from '../../helpers/spawnNode.js';

const dir = mkdtempSync(join(tmpdir(), 'fedflow-pipeline-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** `fedflow validate FILE` in a child that is killed after 20 s, so a regression fails instead of hanging. */
const validate = (file: string) => node(['bin/fedflow.js', 'validate', file], ROOT, 20_000);

describe('reading a pipeline file', () => {
  it('a FIFO given as the pipeline is refused at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'pipe.fedflow.json');
    execFileSync('mkfifo', [fifo]);
    const r = await validate(fifo);
    assert.notEqual(r.code, null, 'validate hung on a FIFO');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout + r.stderr, /pipe\.fedflow\.json is not a regular file/);
  });

  it('a device such as /dev/zero is refused instead of read until memory runs out', async () => {
    const r = await validate('/dev/zero');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout + r.stderr, /\/dev\/zero is not a regular file/);
  });
});
