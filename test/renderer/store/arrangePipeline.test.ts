/** "Layout: Arrange Pipeline": data flows left to right, no two cards overlap, notes stay out of the way. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { arrangePipeline, type NodeSize } from '../../../renderer/src/store/arrangePipeline.js';
import { newNodeSize } from '../../../renderer/src/store/freeSpot.js';
import { mnistTemplate } from './fixtures.js';

/** Every node stacked on one spot: the worst layout a user can leave behind. */
function piledUp(doc: PipelineDocument): PipelineDocument {
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: { x: 100, y: 50 } })) };
}

function boxes(doc: PipelineDocument, sizes: Record<string, NodeSize> = {}) {
  const at = arrangePipeline(doc, sizes);
  return doc.nodes.map((n) => ({ id: n.id, kind: n.kind, ...at[n.id], ...(sizes[n.id] ?? newNodeSize(n.kind)) }));
}

describe('arranging a pipeline', () => {
  test('no two cards overlap after arranging a pile of nodes', () => {
    const laid = boxes(piledUp(mnistTemplate()));
    for (const [i, a] of laid.entries()) {
      for (const b of laid.slice(i + 1)) {
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        assert.ok(!overlap, `${a.id} ${JSON.stringify(a)} overlaps ${b.id} ${JSON.stringify(b)}`);
      }
    }
  });

  test('every edge points rightwards: a source ends left of where its target starts', () => {
    const doc = piledUp(mnistTemplate());
    const laid = new Map(boxes(doc).map((b) => [b.id, b]));
    assert.ok(doc.edges.length >= 5);
    for (const e of doc.edges) {
      const s = laid.get(e.source)!;
      const t = laid.get(e.target)!;
      assert.ok(s.x + s.width <= t.x, `${e.source} → ${e.target}: source ends at ${s.x + s.width}, target starts at ${t.x}`);
    }
  });

  test('measured sizes are honoured: a tall card (a preview during a run) pushes its column-mates apart', () => {
    const doc = piledUp(mnistTemplate());
    const sizes = { split: { width: 210, height: 400 } };
    const laid = boxes(doc, sizes);
    const split = laid.find((b) => b.id === 'split')!;
    for (const b of laid.filter((x) => x.id !== 'split')) {
      const overlap = split.x < b.x + b.width && b.x < split.x + split.width && split.y < b.y + b.height && b.y < split.y + split.height;
      assert.ok(!overlap, `the tall split covers ${b.id}`);
    }
  });

  test('notes go in a row under the pipeline, clear of every node that carries data', () => {
    const doc = piledUp(mnistTemplate());
    const laid = boxes(doc);
    const notes = laid.filter((b) => b.kind === 'note');
    const flowing = laid.filter((b) => b.kind !== 'note');
    assert.ok(notes.length >= 1);
    const lowest = Math.max(...flowing.map((b) => b.y + b.height));
    for (const n of notes) assert.ok(n.y >= lowest, `note ${n.id} at y ${n.y} is not below the pipeline (which ends at ${lowest})`);
  });

  test('the arranged pipeline starts where the old one did, and every node gets a whole-pixel position', () => {
    const doc = mnistTemplate();
    const at = arrangePipeline(doc);
    assert.deepEqual(Object.keys(at).sort(), doc.nodes.map((n) => n.id).sort());
    const xs = Object.values(at).map((p) => p.x);
    const ys = Object.values(at).map((p) => p.y);
    assert.equal(Math.min(...xs), Math.min(...doc.nodes.map((n) => n.position.x)));
    assert.equal(Math.min(...ys), Math.min(...doc.nodes.map((n) => n.position.y)));
    for (const p of Object.values(at)) assert.ok(Number.isInteger(p.x) && Number.isInteger(p.y), JSON.stringify(p));
  });

  test('an empty pipeline arranges to nothing', () => {
    assert.deepEqual(arrangePipeline({ ...mnistTemplate(), nodes: [], edges: [] }), {});
  });
});
