/**
 * Version 1 → 2: Flower's defaults for new documents, and an old document's numbers unchanged.
 * `fixtures/v1-defaults.numbers.json` was recorded by running `fixtures/v1-defaults.fedflow.json` on the
 * engine as it was before format version 2 (commit d699d21, wasm, 2 workers), not computed by this code.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { migrate } from '../../../engine/format/migrate.js';
import { aggregatorParams, clientParams } from '../../../engine/format/params.js';
import { readPipelineFile } from '../../../engine/format/readPipelineFile.js';
import { runPipeline } from '../../../engine/run/run.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../../test/engine/format/fixtures/${name}`, import.meta.url));

describe('format version 2', () => {
  it('new documents get Flower 1.x defaults', () => {
    assert.equal(clientParams.parse({}).minClients, 2);
    const avgm = aggregatorParams.parse({ strategy: 'FedAvgM' });
    assert.ok(avgm.strategy === 'FedAvgM' && avgm.serverMomentum === 0 && avgm.serverLearningRate === 1);
    const adam = aggregatorParams.parse({ strategy: 'FedAdam' });
    assert.ok(adam.strategy === 'FedAdam' && adam.biasCorrection);
    const adagrad = aggregatorParams.parse({ strategy: 'FedAdagrad' });
    assert.ok(adagrad.strategy === 'FedAdagrad' && adagrad.beta1 === 0);
    assert.equal(aggregatorParams.parse({ strategy: 'FedAvg' }).acceptFailures, true);
  });

  it('migrating a version-1 document writes the old defaults it relied on, and keeps what it set', async () => {
    const raw = JSON.parse(await readFile(fixture('v1-defaults.fedflow.json'), 'utf8')) as { nodes: { id: string; params: object }[] };
    raw.nodes.push({ id: 'explicit', kind: 'aggregator', params: { strategy: 'FedAvgM', serverMomentum: 0.5 } } as never);
    const result = migrate(raw);
    assert.ok(result.ok);
    assert.equal(result.from, 1);
    const params = (id: string) => (result.doc.nodes as { id: string; params: Record<string, unknown> }[]).find((n) => n.id === id)!.params;
    assert.equal(params('clients').minClients, 1);
    assert.equal(params('avgm').serverMomentum, 0.9);
    assert.equal(params('adam').biasCorrection, false);
    assert.equal(params('adagrad').beta1, 0.9);
    assert.equal(params('explicit').serverMomentum, 0.5);
    assert.equal(result.doc.format, 'fedflow/pipeline@2');
    assert.equal(params('data').minClients, undefined, 'other nodes are untouched');
  });

  it('an old document gives the numbers it gave before version 2', async () => {
    const { doc, problems } = await readPipelineFile(fixture('v1-defaults.fedflow.json'));
    assert.ok(doc, JSON.stringify(problems));
    const before = JSON.parse(await readFile(fixture('v1-defaults.numbers.json'), 'utf8')) as Record<string, unknown[]>;
    const summary = await runPipeline(doc, { baseDir: '.', workers: 2, backend: 'wasm' });
    const now = Object.fromEntries(
      summary.federations.map((f) => [
        f.aggregatorId,
        f.history.map((r) => ({ round: r.round, participants: r.participants, trainLoss: r.trainLoss, testLoss: r.test?.loss, testAccuracy: r.test?.accuracy })),
      ]),
    );
    assert.deepEqual(now, before);
  });
});
