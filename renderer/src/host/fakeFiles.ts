/**
 * The demo host's workspace files (`?fake=1`): an in-memory map that versions each file as the Node host
 * does (engine/host/fileVersion.ts) and refuses a save whose expected version is no longer the file's,
 * with the same `changed-on-disk` HostError, so the workbench's conflict dialog can be tried and tested
 * without a host. DOM-free and Node-free, so node:test runs it (test/renderer/host/fakeFiles.test.ts).
 */
import type { FileVersion } from '../../../engine/host/hostApi.js';
import { HostError } from '../../../engine/host/hostError.js';

/**
 * A content hash of 16 hex digits, like the Node host's versions but not SHA-256 (the browser's digest is
 * async and absent outside secure contexts): two 32-bit FNV-1a hashes with different offsets. It only has
 * to change when the text does.
 */
export function fakeFileVersion(text: string): FileVersion {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
    b = (b ^ (b >>> 13)) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** The fake workspace's files by path. */
export class FakeFiles {
  private readonly files = new Map<string, string>();

  /** The text of a file, or undefined when there is none. */
  get(path: string): string | undefined {
    return this.files.get(path);
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  /** Writes a file as another program would: no version is checked (tests use it to change a file "on disk"). */
  set(path: string, text: string): void {
    this.files.set(path, text);
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  /** The file's text and version, or undefined when there is none. */
  read(path: string): { text: string; version: FileVersion } | undefined {
    const text = this.files.get(path);
    return text === undefined ? undefined : { text, version: fakeFileVersion(text) };
  }

  /**
   * Writes `text` to `path` and answers its version; with `expected`, refuses as the Node host does when
   * the file has another version now or is gone.
   */
  write(path: string, text: string, expected?: FileVersion | null): FileVersion {
    if (expected !== undefined && expected !== null) {
      const now = this.files.get(path);
      const name = path.replace(/^.*\//, '');
      if (now === undefined) throw new HostError(`${name} was deleted on disk since you opened it; it was not saved.`, [], 'changed-on-disk');
      if (fakeFileVersion(now) !== expected) throw new HostError(`${name} changed on disk since you opened it; it was not saved.`, [], 'changed-on-disk');
    }
    this.files.set(path, text);
    return fakeFileVersion(text);
  }
}
