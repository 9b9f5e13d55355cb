/**
 * Opening a data file safely. A path the user typed may name a FIFO (reading it waits forever for a
 * writer), a device like /dev/zero (it never ends) or a file far larger than memory. So a data file is
 * opened without blocking, then the open handle is checked (fstat, not stat-then-open, so a path swapped
 * in between cannot slip past), and it is read only up to a byte limit the caller names.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { DatasetError } from './datasetError.js';

/** Where a data file's problems are reported: the params field that names it and the file as written. */
export interface DataFileLocation {
  field: string;
  file: string;
}

/** An open regular file: its descriptor and the size fstat gave when it was opened. */
export interface DataFile {
  fd: number;
  size: number;
}

// O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; it changes nothing for
// a regular file. Windows has no such flag (and no FIFOs on the file system).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** A byte count as a person reads it: `256 MiB`, `1.5 GiB`, `37 KiB`, `12 bytes`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}

/** What a file that is not a regular file is, in words. */
function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a plain file';
}

/**
 * Opens `path` (absolute) as a regular file; `what` names the expected content in messages, e.g.
 * `CSV file`. Throws a DatasetError on `location.field` for a missing file, a folder, a FIFO or a device.
 */
export function openDataFile(path: string, location: DataFileLocation, what: string): DataFile {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail =
      code === 'ENOENT'
        ? `no ${what} at ${path}`
        : code === 'EISDIR'
          ? `${path} is a folder, not a ${what}`
          : `cannot read ${path}: ${(error as Error).message}`;
    throw new DatasetError(detail, { field: location.field, cause: error });
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) {
      throw new DatasetError(`is ${kindOf(info)}, not a regular file; a ${what} must be a regular file`, location);
    }
    return { fd, size: info.size };
  } catch (error) {
    closeSync(fd);
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(`cannot read ${path}: ${(error as Error).message}`, { field: location.field, cause: error });
  }
}

/** Reads up to `length` bytes at `position`; fewer where the file ends first. */
export function readAt(file: DataFile, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(file.fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

/** A cap on a file's size, and what it caps, for the message: `a CSV data set` may be at most 256 MiB. */
export interface ByteLimit {
  bytes: number;
  what: string;
}

/** The refusal of a file over `limit`: its size where known exactly, else that it is larger. */
function tooLarge(location: DataFileLocation, limit: ByteLimit, size: number | null): DatasetError {
  const seen = size === null ? `more than ${formatBytes(limit.bytes)}` : formatBytes(size);
  return new DatasetError(`is ${seen}; ${limit.what} may be at most ${formatBytes(limit.bytes)}`, location);
}

/**
 * Reads the whole file, refusing it once it holds more than `limit.bytes`: checked against fstat's size
 * before reading and again while reading, since some files (in /proc, or one still being written) are
 * larger than fstat says.
 */
export function readWhole(file: DataFile, location: DataFileLocation, limit: ByteLimit): Buffer {
  if (file.size > limit.bytes) throw tooLarge(location, limit, file.size);
  const chunks: Buffer[] = [];
  let total = 0;
  // One read of the stated size (plus one byte to notice growth), then chunks if the file goes on.
  let want = file.size + 1;
  for (;;) {
    const chunk = readAt(file, total, want);
    if (chunk.length === 0) break;
    chunks.push(chunk);
    total += chunk.length;
    if (total > limit.bytes) throw tooLarge(location, limit, null);
    want = Math.min(1 << 20, limit.bytes - total + 1);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/** Closes the file, ignoring errors: there is nothing left to read. */
export function closeDataFile(file: DataFile): void {
  try {
    closeSync(file.fd);
  } catch {
    // Already closed or gone; the data is read.
  }
}

/** Opens, reads (at most `limit.bytes`) and closes a regular file; `what` names it in messages, e.g. `CSV file`. */
export function readDataFile(path: string, location: DataFileLocation, what: string, limit: ByteLimit): Buffer {
  const file = openDataFile(path, location, what);
  try {
    return readWhole(file, location, limit);
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(`cannot read ${path}: ${(error as Error).message}`, { field: location.field, cause: error });
  } finally {
    closeDataFile(file);
  }
}
