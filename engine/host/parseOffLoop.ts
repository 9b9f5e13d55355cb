/**
 * Parsing and validating pipeline text off the host's event loop. A 20 MB document takes a second or more
 * to validate; done on the loop, that second freezes every connection of the web host (and every run's
 * events). Large texts go to a worker thread of their own (parseWorker.ts), small ones — every real
 * pipeline — are parsed at once, where a thread would cost more than it saves.
 */
import { Worker } from 'node:worker_threads';
import type { Problem } from '../format/problems.js';
import type { ParseResult } from '../format/validate.js';
import { parsePipelineText } from '../format/validate.js';
import { workerExecArgv } from '../threads/workerExecArgv.js';

/** Texts shorter than this are parsed on the loop: about 20 ms of work at most. */
export const INLINE_PARSE_CHARS = 256 * 1024;
/** Large documents validated at once; more wait their turn, so a burst of them cannot exhaust memory. */
const PARALLEL = 2;
/** A worker's heap limit: twenty times the largest document the host opens. */
const WORKER_HEAP_MB = 1024;

/** Parses documents off the loop; `close` stops the threads still parsing. */
export interface OffLoopParser {
  /** Reads pipeline text as `parsePipelineText` does; never rejects (a failed thread is a problem). */
  parse(text: string): Promise<ParseResult>;
  /** Only the problems of pipeline text (no document is cloned back from the thread). */
  problems(text: string): Promise<Problem[]>;
  close(): Promise<void>;
}

/** Creates a parser; `inlineBelow` is the text length under which parsing stays on the loop. */
export function createOffLoopParser(inlineBelow: number = INLINE_PARSE_CHARS): OffLoopParser {
  const running = new Set<Worker>();
  const waiting: (() => void)[] = [];
  let active = 0;
  let closed = false;

  const acquire = () =>
    active < PARALLEL
      ? (active++, Promise.resolve())
      : new Promise<void>((resolve) =>
          waiting.push(() => {
            active++;
            resolve();
          }),
        );
  const release = () => {
    active--;
    waiting.shift()?.();
  };

  const failed = (why: string): ParseResult => ({
    problems: [{ severity: 'error', message: `This document could not be validated: ${why}.` }],
  });

  function inWorker(text: string, withDoc: boolean): Promise<ParseResult> {
    return new Promise((resolve) => {
      const worker = new Worker(new URL('./parseWorker.js', import.meta.url), {
        workerData: { text, withDoc },
        execArgv: workerExecArgv(),
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
      running.add(worker);
      let result: ParseResult | undefined;
      worker.once('message', (r: ParseResult) => (result = r));
      worker.once('error', (e: Error & { code?: string }) => {
        result ??= failed(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'it needs more memory than a document may use' : e.message);
      });
      worker.once('exit', (code) => {
        running.delete(worker);
        resolve(result ?? failed(closed ? 'the studio is closing' : `its validation stopped (exit code ${code})`));
      });
    });
  }

  async function parse(text: string, withDoc: boolean): Promise<ParseResult> {
    if (text.length < inlineBelow) return parsePipelineText(text);
    await acquire();
    try {
      if (closed) return failed('the studio is closing');
      return await inWorker(text, withDoc);
    } finally {
      release();
    }
  }

  return {
    parse: (text) => parse(text, true),
    problems: async (text) => (await parse(text, false)).problems,
    async close(): Promise<void> {
      closed = true;
      await Promise.all([...running].map((w) => w.terminate()));
    },
  };
}
