/**
 * Loads a data set in a separate node process with a deadline and a small heap, so a test of a file that
 * once hung (a FIFO) or exhausted memory (/dev/zero, a gzip bomb) fails instead of hanging or crashing
 * the test runner if the safeguards regress.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// From dist/test/engine/data to dist/engine.
const LOAD_DATASET = new URL('../../../engine/data/loadDataset.js', import.meta.url).href;
const PARAMS = new URL('../../../engine/format/params.js', import.meta.url).href;

/** What the child saw: the dataset's name, or the error it threw; how much memory it held at most. */
export interface ChildLoad {
  /** The child was killed at the deadline. */
  timedOut: boolean;
  loaded?: string;
  error?: { name: string; field?: string; message: string };
  /** The child's peak resident memory, MiB. */
  maxRssMib?: number;
  /** The child's exit code, and what it wrote to stderr (a crash's stack). */
  code: number | null;
  stderr: string;
}

const CHILD = `
const { loadDataset } = await import(process.env.FEDFLOW_LOAD_DATASET);
const { datasetParams } = await import(process.env.FEDFLOW_PARAMS);
const out = {};
try {
  const dataset = await loadDataset(datasetParams.parse(JSON.parse(process.env.FEDFLOW_DATASET)), { baseDir: process.env.FEDFLOW_BASE_DIR, seed: 0 });
  out.loaded = dataset.name;
} catch (e) {
  out.error = { name: e.name, field: e.field, message: e.message };
}
out.maxRssMib = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(out));
`;

/** Loads `params` (relative paths from `baseDir`) in a child with `heapMib` of heap, killed after `timeoutMs`. */
export function loadInChild(params: Record<string, unknown>, baseDir: string, options: { timeoutMs?: number; heapMib?: number } = {}): Promise<ChildLoad> {
  const { timeoutMs = 20_000, heapMib = 256 } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMib}`, '--input-type=module', '-e', CHILD], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      env: {
        ...process.env,
        FEDFLOW_LOAD_DATASET: LOAD_DATASET,
        FEDFLOW_PARAMS: PARAMS,
        FEDFLOW_DATASET: JSON.stringify(params),
        FEDFLOW_BASE_DIR: baseDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const timedOut = signal === 'SIGKILL';
      let parsed: Partial<ChildLoad> = {};
      try {
        parsed = stdout ? (JSON.parse(stdout) as Partial<ChildLoad>) : {};
      } catch {
        // A crash mid-write leaves no JSON; the code and stderr say what happened.
      }
      resolve({ ...parsed, timedOut, code, stderr });
    });
  });
}
