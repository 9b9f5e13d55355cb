import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nearestPoint, stepPoint, type DrawnPoint } from '../../../renderer/src/charts/nearestPoint.js';

/** Two series of three points, one 10 px above the other. */
const points: DrawnPoint[] = [0, 1].flatMap((series) => [0, 1, 2].map((index) => ({ series, index, px: 100 + index * 50, py: 50 + series * 10 })));

test('nearestPoint: the tooltip reads the point nearest the pointer, in both directions', () => {
  assert.deepEqual(nearestPoint(points, 148, 58), { series: 1, index: 1, px: 150, py: 60 });
  assert.deepEqual(nearestPoint(points, 90, 40), { series: 0, index: 0, px: 100, py: 50 });
});

test('nearestPoint: nothing when the pointer is far from every point', () => {
  assert.equal(nearestPoint(points, 400, 50, 48), null);
  assert.equal(nearestPoint([], 0, 0), null);
});

test('stepPoint: focus starts on the latest point of the first series; arrows walk along and across series', () => {
  const start = stepPoint(points, null, 'ArrowRight');
  assert.deepEqual([start?.series, start?.index], [0, 2]);
  const left = stepPoint(points, start, 'ArrowLeft');
  assert.deepEqual([left?.series, left?.index], [0, 1]);
  const down = stepPoint(points, left, 'ArrowDown');
  assert.deepEqual([down?.series, down?.index], [1, 1], 'the other series, at the same x');
  assert.deepEqual(stepPoint(points, down, 'ArrowDown'), down, 'stays put at the last series');
  const home = stepPoint(points, down, 'Home');
  assert.deepEqual([home?.series, home?.index], [1, 0]);
  assert.deepEqual(stepPoint(points, home, 'ArrowLeft'), home, 'stays put at the first point');
  assert.equal(stepPoint([], null, 'End'), null);
});
