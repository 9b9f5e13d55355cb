/**
 * A run loads its data sets on a thread of their own, so the studio keeps answering while a large file
 * parses: the same data set as loading in place, in shared memory, and the same errors on the same field.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DatasetError } from '../../../engine/data/datasetError.js';
import { loadDataset } from '../../../engine/data/loadDataset.js';
import { loadDatasetOffThread } from '../../../engine/data/loadDatasetOffThread.js';
import { datasetParams } from '../../../engine/format/params.js';

const dir = mkdtempSync(join(tmpdir(), 'fedflow-offthread-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// 200,000 rows (about 6 MB): parsing it in place takes the loop long enough to notice.
const rows = Array.from({ length: 200_000 }, (_, i) => `${i % 97},${(i * 7) % 13},${i % 3 === 0 ? 'a' : 'b'}`);
writeFileSync(join(dir, 'big.csv'), `x1,x2,label\n${rows.join('\n')}\n`);
const params = datasetParams.parse({ source: 'csv', path: 'big.csv', labelColumn: 'label' });
const ctx = { baseDir: dir, seed: 3 };

describe('loading a data set off the event loop', () => {
  it('keeps the event loop turning while a large CSV parses', async () => {
    let turns = 0;
    let done = false;
    const turn = () => {
      turns++;
      if (!done) setImmediate(turn);
    };
    setImmediate(turn);
    await loadDatasetOffThread(params, ctx);
    done = true;
    // Parsed on this thread, the whole file is read before the first turn; here the loop went on meanwhile.
    assert.ok(turns > 10, `the loop turned ${turns} times while the file loaded`);
  });

  it('gives the data set loading in place gives, its arrays still shared', async () => {
    const there = await loadDatasetOffThread(params, ctx);
    const here = await loadDataset(params, ctx);
    assert.equal(there.name, here.name);
    assert.deepEqual(there.classNames, here.classNames);
    for (const split of ['train', 'test'] as const) {
      assert.ok(there[split].x.buffer instanceof SharedArrayBuffer);
      assert.deepEqual(there[split].x, here[split].x);
      assert.deepEqual(there[split].y, here[split].y);
    }
  });

  it('reports a bad file as the same DatasetError, on the same field and line', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'x1,label\n1,a\nzwei,b\n');
    const bad = datasetParams.parse({ source: 'csv', path: 'bad.csv', labelColumn: 'label' });
    const inPlace = await loadDataset(bad, ctx).catch((e: unknown) => e);
    const offThread = await loadDatasetOffThread(bad, ctx).catch((e: unknown) => e);
    assert.ok(offThread instanceof DatasetError && inPlace instanceof DatasetError);
    assert.equal(offThread.message, inPlace.message);
    assert.equal(offThread.field, inPlace.field);
    assert.equal(offThread.line, 3);
  });
});
