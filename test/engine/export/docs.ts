/** Pipelines the export tests write out and read back: the templates, and a few built here for what they lack. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { PipelineBuilder } from '../../../engine/format/pipelineBuilder.js';
import { parsePipeline, parsePipelineText } from '../../../engine/format/validate.js';
import { ROOT } from './helpers.js';

/** The templates in templates/, by file name. */
export function templateFiles(): string[] {
  return readdirSync(join(ROOT, 'templates'))
    .filter((f) => f.endsWith('.fedflow.json'))
    .sort();
}

/** A template's document (parsed, valid). */
export function readTemplate(name: string): PipelineDocument {
  const { doc, problems } = parsePipelineText(readFileSync(join(ROOT, 'templates', name), 'utf8'));
  if (!doc || problems.some((p) => p.severity === 'error')) throw new Error(`${name} is not a valid pipeline: ${JSON.stringify(problems)}`);
  return doc;
}

/**
 * The first MNIST template as a file, a copy frozen for the tests that check exact text, so that editing
 * templates/ does not change them (every template in templates/ is exported and rebuilt by the generic tests).
 */
export const MNIST_TEMPLATE_TEXT = `{
  "format": "fedflow/pipeline@2",
  "name": "MNIST with FedAvg",
  "description": "The seed document's example as a federation: the MLP 784-128-64-10 (ReLU, SGD lr 0.01, momentum 0.9) trained by 10 clients that each hold an IID tenth of 8,000 real MNIST digits, merged with FedAvg for 10 rounds and scored on 2,000 held-out digits.",
  "seed": 42,
  "settings": { "backend": "auto" },
  "nodes": [
    { "id": "mnist", "kind": "dataset", "label": "MNIST digits", "position": { "x": 0, "y": 80 },
      "params": { "source": "mnist", "trainSize": 8000, "testSize": 2000 } },
    { "id": "split", "kind": "split", "label": "IID, 10 clients", "position": { "x": 260, "y": 80 },
      "params": { "method": "iid", "numClients": 10 } },
    { "id": "mlp", "kind": "model", "label": "MLP 784-128-64-10", "position": { "x": 260, "y": 260 },
      "params": { "arch": "mlp", "hidden": [128, 64], "activation": "relu" } },
    { "id": "clients", "kind": "client", "label": "Clients", "position": { "x": 520, "y": 160 },
      "params": { "localEpochs": 1, "batchSize": 32, "optimizer": "momentum", "learningRate": 0.01, "momentum": 0.9, "fraction": 1 } },
    { "id": "fedavg", "kind": "aggregator", "label": "FedAvg", "position": { "x": 780, "y": 160 },
      "params": { "strategy": "FedAvg", "rounds": 10 } },
    { "id": "eval", "kind": "evaluate", "label": "Test accuracy", "position": { "x": 1040, "y": 160 },
      "params": { "every": 1, "centralized": true, "federated": false } },
    { "id": "note", "kind": "note", "position": { "x": 0, "y": 320 },
      "params": { "text": "## What to look at\\nEach round every client trains one epoch on its own 800 digits; FedAvg averages the ten models, weighted by examples. Test accuracy passes 90% within a few rounds." } }
  ],
  "edges": [
    { "id": "e1", "source": "mnist", "sourceHandle": "data", "target": "split", "targetHandle": "data" },
    { "id": "e2", "source": "split", "sourceHandle": "clients", "target": "clients", "targetHandle": "clients" },
    { "id": "e3", "source": "mlp", "sourceHandle": "model", "target": "clients", "targetHandle": "model" },
    { "id": "e4", "source": "clients", "sourceHandle": "updates", "target": "fedavg", "targetHandle": "updates" },
    { "id": "e5", "source": "fedavg", "sourceHandle": "global", "target": "eval", "targetHandle": "global" }
  ]
}`;

/** The frozen copy of the MNIST template, parsed. */
export function mnistFixture(): PipelineDocument {
  return parsePipelineText(MNIST_TEMPLATE_TEXT).doc!;
}

/**
 * Tiny MNIST in a Dirichlet split with local hold-outs, FedAdam, federated evaluation, and two client groups
 * (adam with dropout and sampling; momentum with FedProx's μ): the params the templates leave untouched.
 */
export function dirichletFedAdam(): PipelineDocument {
  const p = new PipelineBuilder({ name: 'Dirichlet FedAdam', description: 'Non-IID *tiny* MNIST with FedAdam.', seed: 1234, settings: { backend: 'wasm', workers: 1 } });
  const data = p.dataset('digits', { source: 'mnist', trainSize: 600, testSize: 150 }, { label: 'Tiny MNIST', position: { x: 0, y: 0 } });
  const split = p.split('dirichlet', { method: 'dirichlet', numClients: 6, alpha: 0.3, minPartitionSize: 20, holdoutFraction: 0.25 }, data);
  const model = p.model('mlp', { arch: 'mlp', hidden: [24], activation: 'tanh' });
  const a = p.client('group-a', { optimizer: 'adam', learningRate: 0.005, batchSize: 16, fraction: 0.5, minClients: 2, dropout: 0.2, clients: '0-3' }, { clients: split, model });
  const b = p.client('group-b', { optimizer: 'momentum', momentum: 0.8, proximalMu: 0.1, localEpochs: 2, batchSize: 'full', clients: '4,5' }, { clients: split, model });
  const agg = p.aggregator('fedadam', { strategy: 'FedAdam', rounds: 5, eta: 0.05, beta1: 0.8, tau: 0.001 }, [b, a], { label: 'FedAdam' });
  p.evaluate('eval', { every: 1, centralized: true, federated: true }, agg);
  return p.build();
}

/**
 * The hospitals CSV with its natural split, the data path relative to the pipeline file, for when the
 * hospitals template is not there. `csvPath` is the CSV's path relative to where the pipeline file is written.
 */
export function hospitalsCsv(csvPath: string): PipelineDocument {
  const p = new PipelineBuilder({ name: 'Hospitals (CSV)', seed: 5 });
  const data = p.dataset('hospitals', { source: 'csv', path: csvPath, labelColumn: 'diagnosis', clientColumn: 'hospital', testFraction: 0.25 });
  const split = p.split('natural', { method: 'natural', holdoutFraction: 0.2 }, data);
  const model = p.model('logistic', { arch: 'logistic' });
  const clients = p.client('clients', { localEpochs: 1, batchSize: 32, learningRate: 0.1 }, { clients: split, model });
  const agg = p.aggregator('fedavgm', { strategy: 'FedAvgM', rounds: 3, serverMomentum: 0.5 }, clients);
  p.evaluate('eval', {}, agg);
  return p.build();
}

/**
 * Ids that are no JavaScript identifiers (`eval`, `class`, `1`, `my split`, `p`, clashes after cleaning),
 * text that would break a comment or a literal, an unknown param, handles left out where a port is the
 * only one, and nodes out of topological order.
 */
export function awkwardDocument(): PipelineDocument {
  const raw = {
    format: 'fedflow/pipeline@2',
    name: "Awkward 'ids' \\ `${x}` */",
    description: 'Line one */\n\nLine three with a `backtick` and ${template} and a \u2028 separator.',
    seed: 3,
    settings: { backend: 'cpu' },
    nodes: [
      { id: 'eval', kind: 'evaluate', params: { every: 2, federated: false } },
      { id: 'note', kind: 'note', label: 'Why', params: { text: "It's */ a note\r\nwith `ticks` and ${x} and 'quotes' \\ é 😀" } },
      { id: 'class', kind: 'aggregator', label: 'Median', position: { x: -5, y: 12.5 }, params: { strategy: 'FedMedian', rounds: 2 } },
      { id: 'a-b', kind: 'client', params: { clients: '0-1', behaviour: 'label-flip', extra: 1 } },
      { id: 'aB', kind: 'client', params: { clients: '2', behaviour: 'gaussian-noise', noiseStd: 0.5 } },
      { id: 'my split', kind: 'split', params: { method: 'pathological', numClients: 3, classesPerClient: 3 } },
      { id: '1', kind: 'dataset', params: { source: 'mnist', trainSize: 300, testSize: 60 } },
      { id: 'p', kind: 'model', params: { arch: 'logistic' } },
      { id: 'empty-note', kind: 'note' },
    ],
    edges: [
      { id: 'x1', source: 'class', target: 'eval' },
      { id: 'x2', source: 'aB', sourceHandle: 'updates', target: 'class', targetHandle: 'updates' },
      { id: 'x3', source: 'a-b', target: 'class', targetHandle: null },
      { id: 'x4', source: 'my split', target: 'a-b', targetHandle: 'clients' },
      { id: 'x5', source: 'p', sourceHandle: null, target: 'a-b', targetHandle: 'model' },
      { id: 'x6', source: 'my split', target: 'aB', targetHandle: 'clients' },
      { id: 'x7', source: 'p', target: 'aB', targetHandle: 'model' },
      { id: 'x8', source: '1', target: 'my split' },
    ],
  };
  const { doc, problems } = parsePipeline(raw);
  if (!doc || problems.some((p) => p.severity === 'error')) throw new Error(`awkward document invalid: ${JSON.stringify(problems)}`);
  return doc;
}

/**
 * Tiny MNIST through this mechanisms, which draw from the seed on every round: one federation with
 * client-side adaptive DP over top-k updates with error feedback, one with secure aggregation and dropout.
 */
export function privateAndCompressed(): PipelineDocument {
  const p = new PipelineBuilder({ name: 'Private and compressed', description: 'DP, secure aggregation and compression on tiny MNIST.', seed: 77, settings: { backend: 'wasm', workers: 1 } });
  const data = p.dataset('digits', { source: 'mnist', trainSize: 480, testSize: 120 }, { label: 'Tiny MNIST', position: { x: 0, y: 0 } });
  const split = p.split('iid', { method: 'iid', numClients: 8 }, data);
  const model = p.model('mlp', { arch: 'mlp', hidden: [16], activation: 'relu' });
  const compressed = p.client('compressed', { batchSize: 20, fraction: 0.75, compression: 'topk', keepFraction: 0.2, errorFeedback: true, clients: '0-3' }, { clients: split, model });
  const masked = p.client('masked', { batchSize: 20, dropout: 0.25, clients: '4-7' }, { clients: split, model });
  const dp = p.aggregator('dp', { strategy: 'FedAvg', rounds: 3, privacy: 'client-adaptive', clipNorm: 0.5, noiseMultiplier: 0.8, clippedCountStddev: 1, delta: 1e-3 }, [compressed], { label: 'Client-adaptive DP' });
  const secure = p.aggregator('secure', { strategy: 'FedAvg', rounds: 3, secureAggregation: true, secAggRange: 0.5 }, [masked], { label: 'Secure FedAvg' });
  p.evaluate('eval-dp', { every: 1, centralized: true, federated: false }, dp);
  p.evaluate('eval-secure', { every: 1, centralized: true, federated: false }, secure);
  return p.build();
}
