/** The machine a run must fit in, read in Node: memory, cores, and the heap limit of the chosen backend. */
import { availableParallelism, freemem, totalmem } from 'node:os';
import { WASM_HEAP_BYTES, type RunLimits } from '../model/runLimits.js';
import type { ConcreteBackend } from '../train/backend.js';

/** This machine's limits for a run on `backend` (wasm: each worker's heap stops at 4 GiB). */
export function machineLimits(backend: ConcreteBackend): RunLimits {
  return {
    backend,
    deviceHeapBytes: backend === 'wasm' ? WASM_HEAP_BYTES : null,
    totalMemoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    cores: Math.max(1, availableParallelism()),
  };
}
