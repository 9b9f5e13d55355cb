/**
 * The engine's one atomic write: what a save killed half-way leaves (the old file, and a temporary file the
 * next save into the folder removes), and which leftovers a sweep may remove (a dead writer's, or an old
 * one's) and which it must not (a live writer's, and files that are not this helper's).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { STALE_TEMP_MS, tempNameFor, tempWriterPid, writeFileAtomic } from '../../../engine/fs/atomicWrite.js';

/** dist/test/engine/fs → dist/engine/fs/atomicWrite.js, the compiled helper a child process imports. */
const HELPER = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'engine', 'fs', 'atomicWrite.js')).href;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fedflow-atomic-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const temps = (folder: string) => readdirSync(folder).filter((n) => tempWriterPid(n) !== null);

/**
 * A child process that saves `bytes` bytes over `target` with the helper and stops just before the rename,
 * saying so on stdout: it is then mid-save for as long as the test wants.
 */
async function writerStoppedBeforeRename(target: string, bytes: number): Promise<ChildProcess> {
  const script = [
    `import { writeFileAtomic } from ${JSON.stringify(HELPER)};`,
    `await writeFileAtomic(${JSON.stringify(target)}, new Uint8Array(${bytes}).fill(7), {`,
    // A pending promise alone does not keep a process alive: the timer does, until the test kills it.
    `  beforeRename: () => { process.stdout.write('written\\n'); setInterval(() => {}, 1 << 30); return new Promise(() => {}); },`,
    '});',
  ].join('\n');
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => d.includes('written') && resolve());
    child.on('exit', (code) => reject(new Error(`the writer exited (${code}) before it was mid-save`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) throw new Error('the writer stopped by itself before it was killed');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** A pid no process has any more: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('an atomic save', () => {
  it('writes text and bytes exactly, leaving no temporary file', async () => {
    await writeFileAtomic(join(dir, 'a.json'), '{"ü": 1}');
    await writeFileAtomic(join(dir, 'w.bin'), new Uint8Array([0, 255, 1, 254]));
    assert.equal(readFileSync(join(dir, 'a.json'), 'utf8'), '{"ü": 1}');
    assert.deepEqual([...readFileSync(join(dir, 'w.bin'))], [0, 255, 1, 254]);
    assert.deepEqual(temps(dir), []);
  });

  it('killed mid-save leaves the old file whole, and the next save into the folder removes its temporary file', async () => {
    const folder = mkdtempSync(join(dir, 'killed-'));
    const target = join(folder, 'weights.bin');
    writeFileSync(target, 'old weights');
    const writer = await writerStoppedBeforeRename(target, 4 * 2 ** 20);
    await kill(writer);
    assert.equal(readFileSync(target, 'utf8'), 'old weights');
    const left = temps(folder);
    assert.equal(left.length, 1, 'the killed save left its temporary file');
    assert.equal(tempWriterPid(left[0]), writer.pid);
    assert.equal(readFileSync(join(folder, left[0])).length, 4 * 2 ** 20, 'it holds the whole new version, never renamed');

    await writeFileAtomic(join(folder, 'metrics.json'), '[]');
    assert.deepEqual(temps(folder), []);
    assert.equal(readFileSync(target, 'utf8'), 'old weights');
  });

  it("never removes a live writer's temporary file: a save in another process is left to finish", async () => {
    const folder = mkdtempSync(join(dir, 'live-'));
    const writer = await writerStoppedBeforeRename(join(folder, 'model.json'), 16);
    try {
      await writeFileAtomic(join(folder, 'summary.json'), '{}');
      assert.equal(temps(folder).length, 1);
    } finally {
      await kill(writer);
    }
    await writeFileAtomic(join(folder, 'summary.json'), '{}');
    assert.deepEqual(temps(folder), []);
  });

  it("removes an old temporary file even when its pid is alive again (reused), but not files that are not the helper's", async () => {
    const folder = mkdtempSync(join(dir, 'sweep-'));
    const reused = tempNameFor(join(folder, 'report.html'), process.pid);
    writeFileSync(reused, 'from before a reboot');
    const old = new Date(Date.now() - STALE_TEMP_MS - 60_000);
    utimesSync(reused, old, old);
    const fresh = tempNameFor(join(folder, 'metrics.csv'), await deadPid());
    writeFileSync(fresh, 'killed a moment ago');
    const notOurs = ['notes.tmp', '.notes.tmp', 'report.html.123.tmp', '.report.html.123.abc.tmp', 'x.json'];
    for (const n of notOurs) {
      writeFileSync(join(folder, n), 'the user’s');
      utimesSync(join(folder, n), old, old);
    }
    await writeFileAtomic(join(folder, 'report.html'), '<!DOCTYPE html>');
    assert.deepEqual(readdirSync(folder).sort(), [...notOurs, 'report.html'].sort());
  });
});
