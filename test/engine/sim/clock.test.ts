/** The simulated clock's arithmetic, on hand-computed profiles. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localSteps, simulatedTime, stepsWithinDeadline } from '../../../engine/sim/clock.js';
import type { DeviceProfile } from '../../../engine/sim/deviceProfile.js';

// 10 steps/s, 1 MB/s up, 4 MB/s down.
const device: DeviceProfile = { stepsPerSecond: 10, uplinkBytesPerSecond: 1e6, downlinkBytesPerSecond: 4e6 };

test('local steps are ⌈n / batch⌉ per epoch, one per epoch for full batches', () => {
  assert.equal(localSteps(100, 2, 32), 8); // ⌈100/32⌉ = 4, twice
  assert.equal(localSteps(96, 1, 32), 3);
  assert.equal(localSteps(10, 3, 32), 3); // the batch shrinks to 10: one step an epoch
  assert.equal(localSteps(500, 5, 'full'), 5);
  assert.equal(localSteps(0, 5, 32), 0);
});

test('a client\'s round is its download, its steps at its speed, and its upload', () => {
  // 2 MB down at 4 MB/s = 0.5 s; 25 steps at 10/s = 2.5 s; 1 MB up at 1 MB/s = 1 s.
  assert.deepEqual(simulatedTime(device, 25, 2e6, 1e6), { download: 0.5, compute: 2.5, upload: 1, finish: 4 });
});

test('a deadline cuts exactly the steps that do not fit before the upload must start', () => {
  // 3 s deadline − 0.5 s down − 1 s up leaves 1.5 s: 15 steps of the 25.
  assert.equal(stepsWithinDeadline(device, 25, 2e6, 1e6, 3), 15);
  // The whole round fits by 4 s (exactly): every step.
  assert.equal(stepsWithinDeadline(device, 25, 2e6, 1e6, 4), 25);
  assert.equal(stepsWithinDeadline(device, 25, 2e6, 1e6, 100), 25);
  // 1.4 s: not even the transfers fit.
  assert.equal(stepsWithinDeadline(device, 25, 2e6, 1e6, 1.4), 0);
  // No deadline: every step.
  assert.equal(stepsWithinDeadline(device, 25, 2e6, 1e6, 0), 25);
});
