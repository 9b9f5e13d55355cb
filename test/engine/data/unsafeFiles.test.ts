/**
 * Data paths that once hung a run or ran it out of memory: a FIFO, /dev/zero and /dev/urandom, a huge
 * CSV, a gzip bomb. Each load runs in a child process with a deadline and a 256 MiB heap (loadInChild.ts),
 * so if a safeguard regresses the test fails instead of hanging or crashing the runner.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadInChild, type ChildLoad } from './loadInChild.js';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedflow-unsafe-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Far above what loading a tiny data set needs (about 60 MiB), far below what reading the bombs would. */
const MEMORY_CEILING_MIB = 200;

/** Asserts the child answered in time, without crashing, with a DatasetError on `field` matching `message`. */
function assertRefused(result: ChildLoad, field: string, message: RegExp): void {
  assert.equal(result.timedOut, false, 'the load answered before the deadline');
  assert.equal(result.code, 0, `the child exited normally; stderr:\n${result.stderr.slice(0, 2000)}`);
  assert.equal(result.loaded, undefined, `nothing was loaded (got ${result.loaded})`);
  assert.equal(result.error?.name, 'DatasetError', `a DatasetError, got ${JSON.stringify(result.error)}`);
  assert.equal(result.error?.field, field);
  assert.match(result.error?.message ?? '', message);
}

/** An IDX header: magic 0x0000080<rank>, then one big-endian size per dimension. */
function idxHeader(dims: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x00000800 | dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return header;
}

/** IDX params naming small valid files, except `trainImages`, the file under test. */
function idxParams(trainImages: string): Record<string, unknown> {
  writeFileSync(join(dir, 'labels'), Buffer.concat([idxHeader([1]), Buffer.from([3])]));
  writeFileSync(join(dir, 'images'), Buffer.concat([idxHeader([1, 1, 1]), Buffer.from([255])]));
  return { source: 'idx', trainImages, trainLabels: 'labels', testImages: 'images', testLabels: 'labels' };
}

/**
 * A gzip bomb: `start` then 64 gzip members of 64 MiB of zeros each, a 4 MiB file that inflates to 4 GiB.
 * Concatenated members are one valid gzip stream, so the bomb is built in a quarter second.
 */
function writeBomb(name: string, start: Buffer): void {
  const zeros = gzipSync(Buffer.alloc(64 * 2 ** 20));
  writeFileSync(join(dir, name), Buffer.concat([gzipSync(start), ...Array.from({ length: 64 }, () => zeros)]));
}

describe('a FIFO as a data file', () => {
  test('as a CSV, it is refused at once on the path field instead of waiting forever for a writer', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    const result = await loadInChild({ source: 'csv', path: 'pipe.csv', labelColumn: 'label' }, dir, { timeoutMs: 10_000 });
    assertRefused(result, 'path', /^pipe\.csv: is a named pipe \(FIFO\), not a regular file/);
  });

  test('as an IDX file, it is refused at once on its field', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe-images')]);
    const result = await loadInChild(idxParams('pipe-images'), dir, { timeoutMs: 10_000 });
    assertRefused(result, 'trainImages', /^pipe-images: is a named pipe \(FIFO\), not a regular file/);
  });
});

describe('devices and huge files', () => {
  test('/dev/zero and /dev/urandom as a CSV are refused as devices, without reading them', async () => {
    for (const device of ['/dev/zero', '/dev/urandom']) {
      const result = await loadInChild({ source: 'csv', path: device, labelColumn: 'label' }, dir);
      assertRefused(result, 'path', new RegExp(`^${device}: is a device, not a regular file`));
      assert.ok(result.maxRssMib! < MEMORY_CEILING_MIB, `${device}: peak memory ${result.maxRssMib} MiB`);
    }
  });

  test('/dev/zero as an IDX file is refused as a device', async () => {
    const result = await loadInChild(idxParams('/dev/zero'), dir);
    assertRefused(result, 'trainImages', /^\/dev\/zero: is a device, not a regular file/);
    assert.ok(result.maxRssMib! < MEMORY_CEILING_MIB, `peak memory ${result.maxRssMib} MiB`);
  });

  test('a CSV over 256 MiB is refused before it is read, naming the limit', async () => {
    // A sparse file: 300 MiB on the file system's books, no disk used.
    const fd = openSync(join(dir, 'huge.csv'), 'w');
    ftruncateSync(fd, 300 * 2 ** 20);
    closeSync(fd);
    const result = await loadInChild({ source: 'csv', path: 'huge.csv', labelColumn: 'label' }, dir);
    assertRefused(result, 'path', /^huge\.csv: is 300 MiB; a CSV data set may be at most 256 MiB$/);
    assert.ok(result.maxRssMib! < MEMORY_CEILING_MIB, `peak memory ${result.maxRssMib} MiB`);
  });
});

describe('a gzip bomb as an IDX file', () => {
  test('of zeros (4 MiB inflating to 4 GiB), it is refused at its first bytes, in little memory', async () => {
    writeBomb('zeros.gz', Buffer.alloc(16));
    const result = await loadInChild(idxParams('zeros.gz'), dir, { timeoutMs: 30_000 });
    assertRefused(result, 'trainImages', /^zeros\.gz: starts with 0x00000000, not the IDX images magic number/);
    assert.ok(result.maxRssMib! < MEMORY_CEILING_MIB, `peak memory ${result.maxRssMib} MiB`);
  });

  test('behind a valid header, it stops at the size the header declares, in little memory', async () => {
    // Ten 28×28 images are 7840 bytes; 4 GiB follow.
    writeBomb('declared.gz', idxHeader([10, 28, 28]));
    const result = await loadInChild(idxParams('declared.gz'), dir, { timeoutMs: 30_000 });
    assertRefused(result, 'trainImages', /^declared\.gz: inflates to more than the 7856 bytes its header declares \(10×28×28 images\)/);
    assert.ok(result.maxRssMib! < MEMORY_CEILING_MIB, `peak memory ${result.maxRssMib} MiB`);
  });
});
