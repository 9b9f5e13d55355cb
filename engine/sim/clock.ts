/**
 * The simulated clock's arithmetic: a client's time in a round is its download, its local steps at its
 * speed, and its upload; a deadline cuts the steps that do not fit. Pure, so it is tested by hand.
 */
import type { SimulatedTime } from '../protocol/messages.js';
import type { DeviceProfile } from './deviceProfile.js';

/** Local optimizer steps of a round: ⌈n / batch⌉ per epoch (one per epoch for full batches), as local training takes them. */
export function localSteps(examples: number, localEpochs: number, batchSize: number | 'full'): number {
  if (examples === 0) return 0;
  const batch = batchSize === 'full' ? examples : Math.min(batchSize, examples);
  return localEpochs * Math.ceil(examples / batch);
}

/** The simulated time of a round in which the client takes `steps` steps, downloading and uploading the given bytes. */
export function simulatedTime(profile: DeviceProfile, steps: number, bytesDown: number, bytesUp: number): SimulatedTime {
  const download = bytesDown / profile.downlinkBytesPerSecond;
  const compute = steps / profile.stepsPerSecond;
  const upload = bytesUp / profile.uplinkBytesPerSecond;
  return { download, compute, upload, finish: download + compute + upload };
}

/**
 * How many of its steps a client can take and still have its upload reach the server by `deadline`:
 * ⌊(deadline − download − upload) · speed⌋, at most `steps`, at least 0. No deadline (0) takes every step.
 */
export function stepsWithinDeadline(profile: DeviceProfile, steps: number, bytesDown: number, bytesUp: number, deadline: number): number {
  if (deadline <= 0) return steps;
  const spare = deadline - bytesDown / profile.downlinkBytesPerSecond - bytesUp / profile.uplinkBytesPerSecond;
  // A hair of tolerance, so a step that ends exactly at the deadline counts despite rounding.
  const fit = Math.floor(spare * profile.stepsPerSecond + 1e-9);
  return Math.max(0, Math.min(steps, fit));
}
