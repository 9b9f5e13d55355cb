/**
 * Secure aggregation in whole runs: turning it on changes what the server learns, not what the model
 * learns (FedAvg's numbers within the fixed-point error), the round's bytes are the protocol's messages,
 * and the same seed gives the same numbers; client-side DP composes with it (the clients clip, the server
 * noises the sum) at the ε of client-side DP in the clear.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { RunEvent, RunSummary } from '../../../engine/run/events.js';
import { runPipeline, startRun } from '../../../engine/run/run.js';
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

describe('secure aggregation with differential privacy in a run', () => {
  const dpRun = async (aggregator: Record<string, unknown>) => {
    const run = startRun(
      federation({
        dataset: { source: 'mnist', trainSize: 400, testSize: 100 },
        model: { arch: 'mlp', hidden: [8] },
        split: { method: 'iid', numClients: 4 },
        clients: [{ learningRate: 0.1 }],
        aggregator: { strategy: 'FedAvg', rounds: 2, clipNorm: 0.1, noiseMultiplier: 0.5, delta: 1e-3, ...aggregator },
      }),
      { baseDir: '.', workers: 1, backend: 'wasm' },
    );
    const events: RunEvent[] = [];
    run.on((e) => events.push(e));
    return { summary: await run.done, events };
  };
  type Of<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;
  const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) => events.filter((e): e is Of<T> => e.type === type);
  let clear: Awaited<ReturnType<typeof dpRun>>;
  let secure: Awaited<ReturnType<typeof dpRun>>;
  before(async () => {
    clear = await dpRun({ privacy: 'client-fixed' });
    secure = await dpRun({ privacy: 'client-fixed', secureAggregation: true });
  });

  it('client-fixed runs beside it and spends the same ε each round as client-fixed in the clear', () => {
    const eps = (s: RunSummary) => s.federations[0].history.map((r) => r.epsilon);
    assert.equal(secure.summary.federations[0].history.length, 2);
    assert.ok(eps(secure.summary).every((e) => e !== undefined && e > 0));
    assert.deepEqual(eps(secure.summary), eps(clear.summary));
    assert.deepEqual(ofType(secure.events, 'aggregated').map((e) => e.epsilon), eps(secure.summary));
  });

  it('clients clip within C; the server reports no update norms (it sees none), only the first client\'s masked update', () => {
    for (const f of ofType(secure.events, 'client-finished')) assert.ok(f.updateNorm <= 0.1 * (1 + 1e-5), `round ${f.round}: norm ${f.updateNorm} above C`);
    for (const e of ofType(secure.events, 'aggregated')) {
      assert.equal(e.updateNorms, undefined, 'no norms from a server that only ever holds masked vectors');
      const p = e.maskedPreview!;
      assert.equal(p.clientId, 0);
      // The MLP's weights into its first hidden unit, one per pixel.
      assert.deepEqual([p.rows, p.columns, p.masked.length, p.update.length, p.average.length], [28, 28, 784, 784, 784]);
      assert.ok(p.update.some((u) => u !== 0), 'a picture with something in it');
      assert.ok(p.masked.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32));
    }
    assert.ok(ofType(clear.events, 'aggregated').every((e) => e.updateNorms && !e.maskedPreview), 'no masked preview without secure aggregation');
  });

  it('gives every client-finished its own protocol bytes, adding up to the round\'s traffic, before the round is aggregated', () => {
    for (const record of secure.summary.federations[0].history) {
      const round = secure.events.filter((e) => 'round' in e && e.round === record.round);
      const finished = ofType(round, 'client-finished');
      assert.equal(finished.length, 4);
      for (const f of finished) {
        assert.ok(f.secAgg && f.secAgg.up > 0 && f.secAgg.down > 0, 'its protocol bytes');
        assert.equal(f.bytesUp, f.secAgg!.up, 'its upload is the protocol\'s, the masked vector included');
      }
      assert.equal(finished.reduce((s, f) => s + f.bytesUp, 0), record.bytesUp);
      assert.equal(finished.reduce((s, f) => s + f.bytesDown, 0), record.bytesDown);
      const aggregatedAt = round.findIndex((e) => e.type === 'aggregated');
      assert.ok(round.map((e) => e.type).lastIndexOf('client-finished') < aggregatedAt, 'every client-finished before aggregated');
    }
    assert.ok(ofType(clear.events, 'client-finished').every((f) => f.secAgg === undefined));
  });

  it('runs client-adaptive (C moving with the count of norm bits in the sum) and local DP beside it', async () => {
    const adaptive = await dpRun({ privacy: 'client-adaptive', noiseMultiplier: 0.1, secureAggregation: true });
    const [r1, r2] = adaptive.summary.federations[0].history;
    assert.equal(r1.clipNorm, 0.1);
    assert.notEqual(r2.clipNorm, r1.clipNorm, 'C moved after round 1');
    assert.ok(r2.epsilon! > r1.epsilon!);
    const local = await dpRun({ privacy: 'local', secureAggregation: true });
    assert.equal(local.summary.federations[0].history.length, 2);
    assert.ok(local.summary.federations[0].history.every((r) => r.epsilon! > 0 && r.test !== undefined));
  });
});
