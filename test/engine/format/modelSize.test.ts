/** The model node's size, from the document alone: exact on MNIST and synthetic data, unknown until a CSV is read. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { modelSizeOf } from '../../../engine/format/modelSize.js';
import { PipelineBuilder } from '../../../engine/format/pipelineBuilder.js';
import { parsePipeline } from '../../../engine/format/validate.js';

function pipeline(data: Parameters<PipelineBuilder['dataset']>[1], model: Parameters<PipelineBuilder['model']>[1] = { arch: 'mlp', hidden: [128, 64] }) {
  const p = new PipelineBuilder({ name: 'Size', seed: 1 });
  const d = p.dataset('data', data);
  const s = p.split('split', { method: 'iid', numClients: 4 }, d);
  const m = p.model('mlp', model);
  const c = p.client('clients', {}, { clients: s, model: m });
  p.aggregator('fedavg', { strategy: 'FedAvg', rounds: 1 }, [c]);
  return parsePipeline(p.toJSON()).doc!;
}

describe('a model node’s size', () => {
  test('the seed’s MLP 784-128-64-10 on MNIST: 109,386 weights, 437,544 bytes per update', () => {
    assert.deepEqual(modelSizeOf(pipeline({ source: 'mnist' }), 'mlp'), { weights: 109_386, bytesPerUpdate: 437_544 });
  });

  test('on synthetic data the features and classes the dataset node names set the size', () => {
    // 60 features → 10 classes, no hidden layer: 60·10 + 10.
    assert.deepEqual(modelSizeOf(pipeline({ source: 'synthetic', features: 60, classes: 10 }, { arch: 'mlp', hidden: [] }), 'mlp'), { weights: 610, bytesPerUpdate: 2440 });
  });

  test('unknown until a CSV is read, or while no client trains the model', () => {
    assert.equal(modelSizeOf(pipeline({ source: 'csv', path: 'a.csv', labelColumn: 'y' }), 'mlp'), null);
    const alone = new PipelineBuilder({ name: 'Alone', seed: 1 });
    alone.model('mlp', { arch: 'mlp' });
    assert.equal(modelSizeOf(parsePipeline(alone.toJSON()).doc!, 'mlp'), null);
  });
});
