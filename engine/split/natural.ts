/** The natural split: each client is one of the data set's own clients (silo, device, writer). */
import type { Shards } from './partition.js';

/** Gives client c every training row whose client id is c, in the rows' original order. */
export function naturalSplit(clientIds: Int32Array, numClients: number): Shards {
  if (!Number.isInteger(numClients) || numClients < 0) throw new RangeError(`numClients must be a non-negative integer (got ${numClients})`);
  const counts = new Int32Array(numClients);
  for (let i = 0; i < clientIds.length; i++) {
    const id = clientIds[i];
    // Only a loader bug can produce this: the ids index the data set's client names.
    if (id < 0 || id >= numClients) throw new RangeError(`Row ${i} names client ${id}, outside [0, ${numClients})`);
    counts[id]++;
  }
  const shards: Shards = Array.from({ length: numClients }, (_, c) => new Int32Array(counts[c]));
  const fill = new Int32Array(numClients);
  for (let i = 0; i < clientIds.length; i++) shards[clientIds[i]][fill[clientIds[i]]++] = i;
  return shards;
}
