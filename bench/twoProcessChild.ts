/**
 * Half of the bench's 10-client round (5 clients and their rows, 1 worker) in a process of its own, as one
 * of two workers trains it; started by twoProcessCeiling.ts with a JSON {workload, backend}. Prints one
 * JSON line: {samplesPerSec} over the median timed round.
 */
import { runPipeline } from '../engine/run/run.js';
import type { BenchBackend } from './args.js';
import { federatedPipeline } from './federatedSetup.js';
import { RoundTimer } from './roundTimer.js';
import type { Workload } from './workloads.js';

const { workload, backend } = JSON.parse(process.argv[2] ?? '{}') as { workload: Workload; backend: BenchBackend };
const timer = new RoundTimer();
await runPipeline(federatedPipeline(workload, 'auto', 0.5), { baseDir: process.cwd(), backend, workers: 1 }, timer.listener);
process.stdout.write(`${JSON.stringify({ samplesPerSec: timer.summary().samplesPerSec })}\n`);
