/** Device profiles: seeded per split client, lognormal around the medians or drawn from named tiers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientParams } from '../../../engine/format/params.js';
import { deviceProfile, PHONE_TIERS } from '../../../engine/sim/deviceProfile.js';

test('no device model, no profile', () => {
  assert.equal(deviceProfile(clientParams.parse({}), 1, 'split', 0), null);
});

test('σ = 0 puts every lognormal device at the medians (Mbit/s become bytes/s)', () => {
  const p = deviceProfile(clientParams.parse({ devices: 'lognormal', stepsPerSecond: 12, uplinkMbps: 8, downlinkMbps: 16, deviceSigma: 0 }), 1, 's', 3)!;
  assert.deepEqual(p, { stepsPerSecond: 12, uplinkBytesPerSecond: 1e6, downlinkBytesPerSecond: 2e6 });
});

test('lognormal speeds spread around the median, the same for the same split client and seed', () => {
  const params = clientParams.parse({ devices: 'lognormal', stepsPerSecond: 20, deviceSigma: 1 });
  const speeds = Array.from({ length: 401 }, (_, c) => deviceProfile(params, 7, 'split', c)!.stepsPerSecond).sort((a, b) => a - b);
  assert.ok(speeds[200] > 15 && speeds[200] < 27, `median ${speeds[200]}`);
  assert.ok(speeds[0] < 5 && speeds[400] > 80, 'a wide spread at σ = 1');
  assert.deepEqual(deviceProfile(params, 7, 'split', 5), deviceProfile(params, 7, 'split', 5));
  assert.notDeepEqual(deviceProfile(params, 8, 'split', 5), deviceProfile(params, 7, 'split', 5));
});

test('phones come in tiers, in about their shares', () => {
  const params = clientParams.parse({ devices: 'phones' });
  const tiers = Array.from({ length: 2000 }, (_, c) => deviceProfile(params, 3, 'split', c)!.tier);
  for (const t of PHONE_TIERS) {
    const share = tiers.filter((x) => x === t.name).length / tiers.length;
    assert.ok(Math.abs(share - t.share) < 0.05, `${t.name}: ${share}`);
  }
});
