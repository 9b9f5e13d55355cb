import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteUnit, formatBytes } from '../../../engine/text/bytes.js';

test('byte counts read in decimal units with three significant digits at most', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(31_400), '31.4 kB');
  assert.equal(formatBytes(101_800), '102 kB');
  assert.equal(formatBytes(1_234_567), '1.23 MB');
  assert.equal(formatBytes(45_600_000), '45.6 MB');
  assert.equal(formatBytes(4.5e9), '4.50 GB');
  assert.equal(formatBytes(-2048), '-2.05 kB');
});

test('a count that rounds up to 1000 of a unit is written in the next one, never as "1000 kB"', () => {
  assert.equal(formatBytes(999.7), '1.00 kB');
  assert.equal(formatBytes(999_600), '1.00 MB');
  assert.equal(formatBytes(999_499), '999 kB');
  for (const n of [999.7, 999_600, 123_456_789, 9.99e11]) assert.ok(formatBytes(n).length <= 7, formatBytes(n));
});

test('byteUnit is the largest unit the count holds once', () => {
  assert.equal(byteUnit(999).unit, 'B');
  assert.equal(byteUnit(1000).unit, 'kB');
  assert.equal(byteUnit(3.2e6).unit, 'MB');
  assert.equal(byteUnit(0).unit, 'B');
});
