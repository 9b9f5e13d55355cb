/**
 * The worker thread of parseOffLoop.ts: parses and validates one pipeline text and posts the result back.
 * It runs one document and exits, so what a hostile document costs in memory is returned with the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parsePipelineText } from '../format/validate.js';

const { text, withDoc } = workerData as { text: string; withDoc: boolean };
const result = parsePipelineText(text);
// Cloning a large document back costs the host's loop time too; send it only to callers who need it.
parentPort!.postMessage(withDoc ? result : { problems: result.problems });
