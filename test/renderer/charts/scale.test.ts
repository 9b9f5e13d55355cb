import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteTickLabel, byteTicks, timeTickLabel, timeTicks } from '../../../renderer/src/charts/scale.js';

test('timeTicks: a short run is ticked in seconds', () => {
  const axis = timeTicks(0, 24, 5);
  assert.equal(axis.unit, 's');
  assert.deepEqual(axis.ticks, [0, 5, 10, 15, 20]);
  assert.equal(timeTickLabel(15, axis), '15');
});

test('timeTicks: minutes and hours get round ticks in their own unit', () => {
  const minutes = timeTicks(0, 600, 5);
  assert.equal(minutes.unit, 'min');
  assert.deepEqual(minutes.ticks, [0, 120, 240, 360, 480, 600]);
  assert.deepEqual(minutes.ticks.map((t) => timeTickLabel(t, minutes)), ['0', '2', '4', '6', '8', '10']);
  const hours = timeTicks(0, 2.2 * 3600, 5);
  assert.equal(hours.unit, 'h');
  assert.deepEqual(hours.ticks.map((t) => timeTickLabel(t, hours)), ['0', '0.5', '1', '1.5', '2']);
  const days = timeTicks(0, 5 * 86400, 5);
  assert.equal(days.unit, 'd');
  assert.deepEqual(days.ticks.map((t) => timeTickLabel(t, days)), ['0', '1', '2', '3', '4', '5']);
});

test('timeTicks: under two minutes stays in seconds', () => {
  const axis = timeTicks(0, 110, 5);
  assert.equal(axis.unit, 's');
  assert.deepEqual(axis.ticks, [0, 25, 50, 75, 100]);
});

test('byteTicks: a bytes axis is ticked in the unit its top holds once, decimal as traffic is counted', () => {
  const mb = byteTicks(0, 1_800_000, 4);
  assert.equal(mb.unit, 'MB');
  assert.deepEqual(mb.ticks, [0, 500_000, 1_000_000, 1_500_000]);
  assert.deepEqual(mb.ticks.map((t) => byteTickLabel(t, mb)), ['0', '0.5', '1', '1.5']);
  const kb = byteTicks(0, 407_200, 5);
  assert.equal(kb.unit, 'kB');
  assert.deepEqual(kb.ticks.map((t) => byteTickLabel(t, kb)), ['0', '100', '200', '300', '400']);
  assert.equal(byteTicks(0, 3.2e9, 4).unit, 'GB');
  assert.equal(byteTicks(0, 640, 4).unit, 'B');
});
