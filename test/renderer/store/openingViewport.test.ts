/** A pipeline opens readable: whole when it fits at a readable zoom, else from its left end at that zoom. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openingViewport, READABLE_ZOOM } from '../../../renderer/src/store/openingViewport.js';

const toScreen = (v: { x: number; y: number; zoom: number }, p: { x: number; y: number }) => ({ x: p.x * v.zoom + v.x, y: p.y * v.zoom + v.y });

describe('the view a pipeline opens with', () => {
  test('a small pipeline is shown whole and centred, never zoomed past 100%', () => {
    const v = openingViewport({ x: 0, y: 0, width: 400, height: 200 }, { width: 1200, height: 800 });
    assert.equal(v.zoom, 1);
    const tl = toScreen(v, { x: 0, y: 0 });
    const br = toScreen(v, { x: 400, y: 200 });
    assert.equal(Math.round((tl.x + br.x) / 2), 600);
    assert.equal(Math.round((tl.y + br.y) / 2), 400);
  });

  test('a pipeline that fits at a readable zoom is fitted', () => {
    const v = openingViewport({ x: 100, y: 50, width: 1300, height: 500 }, { width: 1200, height: 700 });
    assert.ok(v.zoom >= READABLE_ZOOM && v.zoom < 1, String(v.zoom));
    assert.ok(toScreen(v, { x: 100, y: 50 }).x >= 0 && toScreen(v, { x: 1400, y: 550 }).x <= 1200);
  });

  test('a wide template on a 1280×720 screen with every panel open stays readable and shows where its data flow starts', () => {
    // The canvas measured at 1280×720 with side bar, inspector and bottom panel open: about 690×359 px.
    const bounds = { x: 0, y: 0, width: 1300, height: 560 };
    const v = openingViewport(bounds, { width: 690, height: 359 });
    assert.equal(v.zoom, READABLE_ZOOM);
    const start = toScreen(v, { x: 0, y: 0 });
    assert.ok(start.x > 0 && start.x < 60, `the left end is on screen: ${start.x}`);
    assert.ok(start.y > 0 && start.y < 60, `the top is on screen: ${start.y}`);
  });

  test('a degenerate canvas or empty bounds give a finite view', () => {
    const v = openingViewport({ x: 0, y: 0, width: 0, height: 0 }, { width: 0, height: 0 });
    assert.ok(Number.isFinite(v.x) && Number.isFinite(v.y) && Number.isFinite(v.zoom));
  });
});
