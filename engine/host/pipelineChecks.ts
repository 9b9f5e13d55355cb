/**
 * The HostApi's checkPipeline: what a run would find before its first round (engine/run/checkPipeline.ts),
 * asked by the workbench while the user edits, so data-dependent problems show in the editor as they do in
 * `fedflow validate`.
 *
 * What runs where: the renderer only sends the text and waits (the host is another process, so its UI
 * thread never blocks). In the host, a large text is parsed in a worker thread (parseOffLoop.ts), each data
 * set is loaded in a worker thread (engine/data/loadDatasetOffThread.ts); only splitting the loaded rows and
 * the plan's arithmetic run on the host's event loop (milliseconds for the templates' data sets).
 *
 * Everything from the page is hostile: the text is bounded, the path is checked as a run's is, data paths
 * outside what the host allows are reported as problems and never read, checks run one at a time with a
 * bounded queue, and a failure is a HostError, never a crash. Results are cached by the document's text,
 * its path and its data files' sizes and times, so asking again for an unchanged document is cheap.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BackendName, PipelineDocument } from '../format/pipeline.js';
import type { Problem } from '../format/problems.js';
import { checkPipeline, type PipelineCheck } from '../run/checkPipeline.js';
import { dataFiles } from './dataFiles.js';
import { HostError } from './hostError.js';
import type { HostApi } from './hostApi.js';

/** The longest document text a check accepts, as the host saves at most (a real pipeline is a few kilobytes). */
export const MAX_CHECK_CHARS = 20 * 1024 * 1024;
/** Checks waiting their turn beyond the one going; more are refused, so a flood cannot pile up work. */
export const MAX_WAITING_CHECKS = 8;
/** Results kept, newest last. */
const CACHED_CHECKS = 16;

/** What the check needs of its host. */
export interface PipelineCheckDeps {
  /** The pipeline file the page names, checked as a run's is (or null for an unsaved document). */
  checkedPath(path: unknown): Promise<string | null>;
  /** Parses and validates a document's text (off the loop when large). */
  parse(text: string): Promise<{ doc?: PipelineDocument; problems: Problem[] }>;
  /** Where the document's relative data paths resolve. */
  baseDirOf(path: string | null): string;
  /** The document's data files that lie outside what the host allows, as problems (node, field). */
  outsideDataProblems(doc: PipelineDocument, baseDir: string, path: string | null): Promise<Problem[]>;
  runDefaults?: { workers?: number; backend?: BackendName };
}

/** Creates the host's checkPipeline. */
export function pipelineChecksApi(deps: PipelineCheckDeps): Pick<HostApi, 'checkPipeline'> {
  const cache = new Map<string, Promise<PipelineCheck>>();
  let tail: Promise<unknown> = Promise.resolve();
  let waiting = 0;

  /** Sizes and times of the files a check reads, so a data file changed on disk is checked afresh. */
  async function fileStamps(doc: PipelineDocument, baseDir: string): Promise<string> {
    const stamps = await Promise.all(
      dataFiles(doc).map(async (ref) => {
        const info = await stat(resolve(baseDir, ref.path)).catch(() => null);
        return info ? `${info.size}:${info.mtimeMs}` : '-';
      }),
    );
    return stamps.join(',');
  }

  /** Runs `job` after the checks before it: loading data sets is heavy, one check at a time is enough. */
  function inTurn<T>(job: () => Promise<T>): Promise<T> {
    if (waiting >= MAX_WAITING_CHECKS) {
      return Promise.reject(new HostError('The host is still checking earlier versions of the pipeline; it will check again after the next edit.'));
    }
    waiting++;
    const result = tail.then(() => {
      waiting--;
      return job();
    });
    tail = result.catch(() => undefined);
    return result;
  }

  async function check(text: unknown, path?: unknown): Promise<PipelineCheck> {
    if (typeof text !== 'string') throw new HostError('The document must be text.');
    if (text.length > MAX_CHECK_CHARS) throw new HostError('The document is too large to check.');
    const file = await deps.checkedPath(path);
    const { doc, problems } = await deps.parse(text);
    if (!doc || problems.some((p) => p.severity === 'error')) return { problems };
    const baseDir = deps.baseDirOf(file);
    // Data outside what the host allows is never read, as a run would refuse it.
    const outside = await deps.outsideDataProblems(doc, baseDir, file);
    if (outside.length > 0) return { problems: [...problems, ...outside] };
    const key = createHash('sha256')
      .update(`${file ?? ''}\0${text}\0${await fileStamps(doc, baseDir)}`)
      .digest('hex');
    const cached = cache.get(key);
    if (cached) {
      cache.delete(key);
      cache.set(key, cached);
      return cached;
    }
    const pending = inTurn(() =>
      checkPipeline(doc, {
        baseDir,
        problems,
        ...(deps.runDefaults?.workers !== undefined ? { workers: deps.runDefaults.workers } : {}),
        ...(deps.runDefaults?.backend !== undefined ? { backend: deps.runDefaults.backend } : {}),
      }).catch((e: unknown) => {
        // Not the document's fault (a backend that will not load, a thread that died): said, not thrown raw.
        throw new HostError(`The pipeline's data could not be checked: ${(e as Error)?.message ?? String(e)}`);
      }),
    );
    cache.set(key, pending);
    // A failure is not kept: the next ask tries again.
    pending.catch(() => cache.delete(key));
    while (cache.size > CACHED_CHECKS) cache.delete(cache.keys().next().value!);
    return pending;
  }

  return { checkPipeline: check };
}
