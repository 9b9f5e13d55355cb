import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  byteTickLabel,
  byteTicks,
  heatLegendCounts,
  heatOpacity,
  logarithmic,
  logDomain,
  logTicks,
  plottable,
  plottableRuns,
  shortNumber,
  timeTickLabel,
  timeTicks,
} from '../../../renderer/src/charts/scale.js';

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

test('logDomain: a log axis starts and ends on the 1-2-5 values around the losses', () => {
  assert.deepEqual(logDomain(0.31, 2.3), [0.2, 5]);
  assert.deepEqual(logDomain(0.05, 1e6), [0.05, 1e6]);
  assert.deepEqual(logDomain(1, 1), [1, 2], 'a single value still gets a range');
  assert.deepEqual(logDomain(0.5, 0.5), [0.5, 1]);
});

test('logDomain: zero, negative or non-finite ends give no log axis at all rather than NaN', () => {
  assert.equal(logDomain(0, 2), null);
  assert.equal(logDomain(-1, 2), null);
  assert.equal(logDomain(0.1, Infinity), null);
  assert.equal(logDomain(Number.NaN, 1), null);
});

test('logTicks: 1, 2 and 5 of each decade over a few decades', () => {
  assert.deepEqual(logTicks(0.2, 5), [0.2, 0.5, 1, 2, 5]);
  assert.deepEqual(logTicks(0.1, 10, 7), [0.1, 0.2, 0.5, 1, 2, 5, 10]);
});

test('logTicks: a federation that diverged to 1e6 next to losses of 0.1 gets powers of ten, not a crowd', () => {
  const ticks = logTicks(0.05, 1e6, 6);
  assert.ok(ticks.length <= 6, `${ticks.length} ticks`);
  for (const t of ticks) assert.ok(Number.isInteger(Math.log10(t)), `${t} is a power of ten`);
  assert.deepEqual(ticks, [0.1, 10, 1000, 1e5]);
  assert.deepEqual(ticks.map(shortNumber), ['0.1', '10', '1.0k', '100k']);
});

test('logTicks: nothing for a range a log axis cannot show', () => {
  assert.deepEqual(logTicks(0, 10), []);
  assert.deepEqual(logTicks(-5, 10), []);
  assert.deepEqual(logTicks(1, Infinity), []);
});

test('logarithmic: each decade takes the same height', () => {
  const sy = logarithmic(0.1, 1000, 100, 0);
  assert.equal(sy(0.1), 100);
  assert.equal(sy(1000), 0);
  assert.ok(Math.abs(sy(1) - 75) < 1e-9 && Math.abs(sy(10) - 50) < 1e-9 && Math.abs(sy(100) - 25) < 1e-9);
});

test('plottable: a log axis draws positive finite values only; a linear one every finite value', () => {
  assert.deepEqual([1, 0, -2, Number.NaN, Infinity].map((v) => plottable(v, 'log')), [true, false, false, false, false]);
  assert.deepEqual([1, 0, -2, Number.NaN, Infinity].map((v) => plottable(v, 'linear')), [true, true, true, false, false]);
});

test('plottableRuns: a value that cannot be drawn breaks the line instead of putting NaN into it', () => {
  const points = [1, 0.5, 0, 0.25, Number.NaN, Infinity, 0.1].map((y, i) => ({ x: i + 1, y }));
  assert.deepEqual(
    plottableRuns(points, 'log').map((run) => run.map((p) => p.x)),
    [[1, 2], [4], [7]],
  );
  assert.deepEqual(
    plottableRuns(points, 'linear').map((run) => run.map((p) => p.x)),
    [[1, 2, 3, 4], [7]],
  );
  assert.deepEqual(plottableRuns([{ x: 1, y: -1 }], 'log'), []);
});

test('heatOpacity: one scale from 0 to the largest count, so the legend reads the same for every row', () => {
  assert.equal(heatOpacity(0, 50), 0.06);
  assert.equal(heatOpacity(50, 50), 1);
  assert.ok(Math.abs(heatOpacity(25, 50) - 0.575) < 1e-12);
  assert.equal(heatOpacity(10, 0), 0.06, 'no division by zero on an empty partition');
  assert.equal(heatOpacity(Number.NaN, 50), 0.06);
});

test('heatLegendCounts: swatches from 0 to the largest count', () => {
  assert.deepEqual(heatLegendCounts(50), [0, 10, 20, 30, 40, 50]);
  assert.deepEqual(heatLegendCounts(3), [0, 1, 2, 3]);
  assert.deepEqual(heatLegendCounts(0), [0]);
});
