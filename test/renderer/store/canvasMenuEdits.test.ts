/** What the canvas menus do to a document: disconnect all, select upstream / downstream, handle tooltips. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { disconnectNodes } from '../../../renderer/src/store/documentEdits.js';
import { downstreamOf, upstreamOf } from '../../../renderer/src/store/graphSelection.js';
import { portHelp } from '../../../renderer/src/store/portHelp.js';
import { mnistTemplate } from './fixtures.js';

describe('the node menu', () => {
  test('Disconnect All removes every edge into and out of the node and nothing else', () => {
    const doc = mnistTemplate();
    const next = disconnectNodes(doc, ['clients']);
    assert.ok(next.edges.every((e) => e.source !== 'clients' && e.target !== 'clients'));
    assert.deepEqual(
      next.edges.map((e) => e.id),
      doc.edges.filter((e) => e.source !== 'clients' && e.target !== 'clients').map((e) => e.id),
    );
    assert.equal(next.nodes, doc.nodes, 'the nodes stay as they were');
  });

  test('Disconnect All on a node with no edges changes nothing', () => {
    const doc = mnistTemplate();
    assert.equal(disconnectNodes(doc, ['note']), doc);
  });

  test('Select Upstream takes the node and everything that feeds it', () => {
    assert.deepEqual(upstreamOf(mnistTemplate(), ['clients']), ['mnist', 'split', 'mlp', 'clients']);
  });

  test('Select Downstream takes the node and everything it feeds', () => {
    assert.deepEqual(downstreamOf(mnistTemplate(), ['clients']), ['clients', 'fedavg', 'eval']);
  });
});

describe('a handle’s tooltip', () => {
  test('an input names itself, its type, and the outputs that may feed it', () => {
    const help = portHelp('split', 'in', 'data');
    assert.match(help, /^Data input \(Dataset, required\)/);
    assert.match(help, /Takes one connection, from a dataset's data/);
  });

  test('an aggregator’s updates input says it takes several connections', () => {
    assert.match(portHelp('aggregator', 'in', 'updates'), /Takes several connections, from a client's updates/);
  });

  test('an output names the inputs it may go into', () => {
    const help = portHelp('aggregator', 'out', 'global');
    assert.match(help, /^Global model output \(Global model\)/);
    assert.match(help, /Connects to an evaluate's global model/);
  });

  test('an unknown port gets a sentence, not a crash', () => {
    assert.equal(portHelp('split', 'in', 'nope'), "A split node has no input 'nope'.");
  });
});
