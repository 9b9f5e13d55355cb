/** PipelineBuilder: pipelines built in code, typed, validated, and the same document every time. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PipelineBuilder, type NodeRef } from '../../../engine/format/pipelineBuilder.js';
import { PipelineError } from '../../../engine/format/problems.js';
import { parsePipelineText } from '../../../engine/format/validate.js';
import { MNIST_TEMPLATE_TEXT } from '../export/docs.js';


/** The MNIST template file above, written by hand with the builder. */
function mnistTemplate(): PipelineBuilder {
  const p = new PipelineBuilder({
    name: 'MNIST with FedAvg',
    description:
      "The seed document's example as a federation: the MLP 784-128-64-10 (ReLU, SGD lr 0.01, momentum 0.9) trained by 10 clients that each hold an IID tenth of 8,000 real MNIST digits, merged with FedAvg for 10 rounds and scored on 2,000 held-out digits.",
    seed: 42,
    settings: { backend: 'auto' },
  });
  const data = p.dataset('mnist', { source: 'mnist', trainSize: 8000, testSize: 2000 }, { label: 'MNIST digits', position: { x: 0, y: 80 } });
  const split = p.split('split', { method: 'iid', numClients: 10 }, data, { label: 'IID, 10 clients', position: { x: 260, y: 80 } });
  const model = p.model('mlp', { arch: 'mlp', hidden: [128, 64], activation: 'relu' }, { label: 'MLP 784-128-64-10', position: { x: 260, y: 260 } });
  const clients = p.client(
    'clients',
    { localEpochs: 1, batchSize: 32, optimizer: 'momentum', learningRate: 0.01, momentum: 0.9, fraction: 1 },
    { clients: split, model },
    { label: 'Clients', position: { x: 520, y: 160 } },
  );
  const fedavg = p.aggregator('fedavg', { strategy: 'FedAvg', rounds: 10 }, [clients], { label: 'FedAvg', position: { x: 780, y: 160 } });
  p.evaluate('eval', { every: 1, centralized: true, federated: false }, fedavg, { label: 'Test accuracy', position: { x: 1040, y: 160 } });
  p.note(
    'note',
    '## What to look at\nEach round every client trains one epoch on its own 800 digits; FedAvg averages the ten models, weighted by examples. Test accuracy passes 90% within a few rounds.',
    { position: { x: 0, y: 320 } },
  );
  return p;
}

/** A small valid federation, for the tests that change one thing. */
function small(): { p: PipelineBuilder; clients: NodeRef<'client'>; model: NodeRef<'model'>; split: NodeRef<'split'> } {
  const p = new PipelineBuilder({ name: 'small' });
  const data = p.dataset('data', { source: 'mnist', trainSize: 200, testSize: 50 });
  const split = p.split('split', { method: 'iid', numClients: 4 }, data);
  const model = p.model('model', { arch: 'logistic' });
  const clients = p.client('clients', {}, { clients: split, model });
  return { p, clients, model, split };
}

describe('PipelineBuilder', () => {
  test('builds the MNIST template: the same document as the file, but for edge ids', () => {
    const fromFile = parsePipelineText(MNIST_TEMPLATE_TEXT).doc!;
    const built = mnistTemplate().build();
    const noIds = (edges: { id: string }[]) => edges.map(({ id: _, ...e }) => e);
    assert.deepEqual({ ...built, edges: noIds(built.edges) }, { ...fromFile, edges: noIds(fromFile.edges) });
  });

  test('edges get ids from their ends, the same every time, made unique where ends repeat', () => {
    const built = mnistTemplate().build();
    assert.deepEqual(
      built.edges.map((e) => [e.id, e.sourceHandle, e.targetHandle]),
      [
        ['mnist-split', 'data', 'data'],
        ['split-clients', 'clients', 'clients'],
        ['mlp-clients', 'model', 'model'],
        ['clients-fedavg', 'updates', 'updates'],
        ['fedavg-eval', 'global', 'global'],
      ],
    );
    assert.deepEqual(mnistTemplate().build(), built);
    // 'a-b' → 'c' and 'a' → 'b-c' both read 'a-b-c'.
    const p = new PipelineBuilder();
    const a = p.model('a', { arch: 'logistic' });
    const ab = p.model('a-b', { arch: 'logistic' });
    const d = p.dataset('d', { source: 'mnist' });
    const s = p.split('s', { method: 'iid' }, d);
    p.client('b-c', {}, { clients: s, model: a });
    p.client('c', {}, { clients: s, model: ab });
    assert.deepEqual(p.toJSON().edges!.map((e) => e.id), ['d-s', 's-b-c', 'a-b-c', 's-c', 'a-b-c-2']);
  });

  test('params stay as written: no defaults filled in, keys set to undefined left out', () => {
    const { p, clients } = small();
    p.aggregator('agg', { strategy: 'FedAvgM', rounds: 3, serverMomentum: undefined }, clients);
    const doc = p.build();
    assert.deepEqual(doc.nodes.find((n) => n.id === 'clients')!.params, {});
    assert.deepEqual(doc.nodes.find((n) => n.id === 'agg')!.params, { strategy: 'FedAvgM', rounds: 3 });
    assert.deepEqual(doc.nodes.find((n) => n.id === 'agg')!.position, { x: 0, y: 0 });
    assert.equal(doc.name, 'small');
    assert.equal(doc.seed, 42, 'document defaults apply');
    assert.deepEqual(doc.settings, { backend: 'auto' });
  });

  test('the builder copies what it is given: changing the object later changes nothing', () => {
    const { p, split, model } = small();
    const params = { clients: '0-1' };
    const layout = { position: { x: 1, y: 2 } };
    const c = p.client('c2', params, { clients: split, model }, layout);
    params.clients = '2-3';
    layout.position.x = 99;
    p.aggregator('agg', { strategy: 'FedAvg' }, [c]);
    const node = p.build().nodes.find((n) => n.id === 'c2')!;
    assert.deepEqual(node.params, { clients: '0-1' });
    assert.deepEqual(node.position, { x: 1, y: 2 });
  });

  test('several client groups feed one aggregator in the order given', () => {
    const { p, split, model } = small();
    const honest = p.client('honest', { clients: '0-2' }, { clients: split, model });
    const attackers = p.client('attackers', { clients: '3', behaviour: 'sign-flip', attackScale: 5 }, { clients: split, model });
    p.aggregator('krum', { strategy: 'Krum', numMalicious: 1 }, [attackers, honest]);
    const doc = p.build();
    assert.deepEqual(doc.edges.filter((e) => e.target === 'krum').map((e) => e.source), ['attackers', 'honest']);
  });

  test('build() throws a PipelineError with every error; validate() lists warnings too', () => {
    const p = new PipelineBuilder();
    const d = p.dataset('d', { source: 'mnist', trainSize: 5 });
    const s = p.split('s', { method: 'dirichlet', numClients: 10, alpha: -1 }, d);
    const m = p.model('m', { arch: 'mlp', hidden: [0] });
    p.client('c', {}, { clients: s, model: m });
    assert.throws(
      () => p.build(),
      (e: unknown) => {
        assert.ok(e instanceof PipelineError);
        assert.deepEqual(
          e.problems.map((x) => [x.severity, x.nodeId, x.field]),
          [
            ['error', 's', 'params.alpha'],
            ['error', 'm', 'params.hidden.0'],
            ['error', undefined, undefined],
          ],
        );
        assert.match(e.message, /Nothing to run/);
        return true;
      },
    );
    const warn = small();
    warn.p.aggregator('agg', { strategy: 'FedAvg' }, warn.clients);
    warn.p.dataset('unused', { source: 'synthetic' });
    assert.doesNotThrow(() => warn.p.build());
    assert.deepEqual(warn.p.validate().map((x) => [x.severity, x.nodeId]), [['warning', 'unused']]);
  });

  test('a reference that is not a node of this builder is a problem, not a crash', () => {
    const { p, model } = small();
    const stranger: NodeRef<'split'> = { id: 'elsewhere', kind: 'split' };
    const c = p.client('c2', {}, { clients: stranger, model });
    p.aggregator('agg', { strategy: 'FedAvg' }, c);
    assert.throws(() => p.build(), /connects to a node that does not exist \('elsewhere'\)/);
  });

  test('toJSON() is the file as it would be saved, and reads back to the built document', () => {
    const p = mnistTemplate();
    const text = JSON.stringify(p, null, 2);
    assert.deepEqual(parsePipelineText(text).doc, p.build());
    assert.equal(JSON.parse(text).format, 'fedflow/pipeline@2');
  });

  test('notes: with text, or none at all', () => {
    const { p, clients } = small();
    p.aggregator('agg', { strategy: 'FedAvg' }, clients);
    p.note('n1', 'Hello');
    p.note('n2');
    const doc = p.build();
    assert.deepEqual(doc.nodes.find((n) => n.id === 'n1')!.params, { text: 'Hello' });
    assert.deepEqual(doc.nodes.find((n) => n.id === 'n2')!.params, {});
  });

  test('wiring and params are type-checked', () => {
    // Never called: these lines only have to fail to compile (tsc checks each @ts-expect-error).
    const typeErrors = () => {
      const p = new PipelineBuilder();
      const d = p.dataset('d', { source: 'mnist' });
      const s = p.split('s', { method: 'iid' }, d);
      const m = p.model('m', { arch: 'cnn' });
      // @ts-expect-error a data set is not a split
      p.client('c', {}, { clients: d, model: m });
      // @ts-expect-error an unknown split method
      p.split('s2', { method: 'random' }, d);
      // @ts-expect-error numClients is a number
      p.split('s3', { method: 'iid', numClients: 'ten' }, d);
      // @ts-expect-error the aggregator takes client groups, not a model
      p.aggregator('a', { strategy: 'FedAvg' }, [m]);
      // @ts-expect-error a natural split has no numClients
      p.split('s4', { method: 'natural', numClients: 3 }, d);
      return s;
    };
    assert.equal(typeof typeErrors, 'function');
  });
});
