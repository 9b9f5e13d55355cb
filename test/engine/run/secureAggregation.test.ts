/**
 * Secure aggregation in whole runs: turning it on changes what the server learns, not what the model
 * learns (FedAvg's numbers within the fixed-point error), the round's bytes are the protocol's messages,
 * and the same seed gives the same numbers.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { RunSummary } from '../../../engine/run/events.js';
import { runPipeline } from '../../../engine/run/run.js';
import { federation } from './pipelines.js';

const run = (aggregator: Record<string, unknown>) =>
  runPipeline(
    federation({
      dataset: { source: 'mnist', trainSize: 600, testSize: 300 },
      split: { method: 'iid', numClients: 4 },
      clients: [{ learningRate: 0.1 }],
      aggregator: { strategy: 'FedAvg', rounds: 3, ...aggregator },
    }),
    { baseDir: '.', workers: 1, backend: 'wasm' },
  );
const numbers = (s: RunSummary) => s.federations[0].history.map(({ ms: _ms, ...rest }) => rest);

describe('secure aggregation in a run', () => {
  let plain: RunSummary;
  let secure: RunSummary;
  before(async () => {
    plain = await run({});
    secure = await run({ secureAggregation: true });
  });

  it('learns what plain FedAvg learns: the same test accuracy and loss within the quantisation error', () => {
    const p = plain.federations[0].history;
    const s = secure.federations[0].history;
    assert.equal(s.length, 3);
    for (let r = 0; r < 3; r++) {
      assert.ok(Math.abs(s[r].test!.accuracy - p[r].test!.accuracy) <= 0.005, `round ${r + 1}: ${s[r].test!.accuracy} vs ${p[r].test!.accuracy}`);
      assert.ok(Math.abs(s[r].test!.loss - p[r].test!.loss) <= 1e-3, `round ${r + 1}: loss ${s[r].test!.loss} vs ${p[r].test!.loss}`);
      assert.equal(s[r].participants, 4);
    }
  });

  it('counts the protocol\'s messages as the round\'s traffic, more than the plain weights upload', () => {
    for (let r = 0; r < 3; r++) {
      const p = plain.federations[0].history[r];
      const s = secure.federations[0].history[r];
      assert.ok(s.bytesUp > p.bytesUp, `round ${r + 1}: masked vectors and keys ${s.bytesUp} B vs weights ${p.bytesUp} B`);
      assert.ok(s.bytesDown > p.bytesDown, 'the model plus the protocol\'s server messages');
    }
  });

  it('gives the same numbers for the same seed', async () => {
    assert.deepEqual(numbers(await run({ secureAggregation: true })), numbers(secure));
  });
});
