/** A node added without a drop point lands in free space near the centre of the view, never on a node. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freeSpot, NEW_NODE_SIZE, type Box } from '../../../renderer/src/store/freeSpot.js';

const box = (x: number, y: number, width = 180, height = 70): Box => ({ x, y, width, height });
const overlapping = (p: { x: number; y: number }, b: Box) =>
  p.x < b.x + b.width && b.x < p.x + NEW_NODE_SIZE.width && p.y < b.y + b.height && b.y < p.y + NEW_NODE_SIZE.height;

describe('placing a new node', () => {
  test('an empty canvas takes the node where it was asked for', () => {
    assert.deepEqual(freeSpot({ x: 10, y: 20 }, []), { x: 10, y: 20 });
  });

  test('a node already at the centre pushes the new one beside it, not on top', () => {
    const taken = [box(0, 0)];
    const spot = freeSpot({ x: 0, y: 0 }, taken);
    assert.ok(!overlapping(spot, taken[0]), JSON.stringify(spot));
    // Nearest free place: within about one node of the wanted spot.
    assert.ok(Math.hypot(spot.x, spot.y) < 260, JSON.stringify(spot));
  });

  test('adding nodes one after another at the same centre never stacks two of them', () => {
    const boxes: Box[] = [box(0, 0), box(240, 0), box(0, 120)];
    for (let k = 0; k < 12; k++) {
      const spot = freeSpot({ x: 0, y: 0 }, boxes);
      for (const b of boxes) assert.ok(!overlapping(spot, b), `node ${k} at ${JSON.stringify(spot)} covers ${JSON.stringify(b)}`);
      boxes.push({ ...spot, ...NEW_NODE_SIZE });
    }
  });

  test('a tall node (a preview grown during a run) is measured, not assumed', () => {
    const tall = box(0, 0, 200, 400);
    const spot = freeSpot({ x: 0, y: 150 }, [tall]);
    assert.ok(!overlapping(spot, tall), JSON.stringify(spot));
  });
});
