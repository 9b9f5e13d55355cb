/** Differential privacy in real runs: ε in every record as the accountant says, the budget stop, client-side clipping. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { epsilonOf } from '../../../engine/privacy/rdpAccountant.js';
import type { RunEvent } from '../../../engine/run/events.js';
import { metricsCsv } from '../../../engine/run/metricsCsv.js';
import { startRun } from '../../../engine/run/run.js';
import { federation } from './pipelines.js';

const small = { source: 'mnist', trainSize: 400, testSize: 100 };
const model = { arch: 'mlp', hidden: [8] };

describe('differential privacy in a run', () => {
  it('records ε each round as the RDP accountant gives it, and stops before the round that would pass the budget', async () => {
    // 8 clients, 4 sampled a round: q = 0.5. The budget lies between ε after 2 and after 3 rounds.
    const eps = (rounds: number) => epsilonOf([{ q: 0.5, sigma: 2, steps: rounds }], 1e-3).epsilon;
    const budget = (eps(2) + eps(3)) / 2;
    const doc = federation({
      dataset: small,
      model,
      split: { method: 'iid', numClients: 8 },
      clients: [{ fraction: 0.5, minClients: 1 }],
      aggregator: { strategy: 'FedAvg', rounds: 5, privacy: 'server-fixed', noiseMultiplier: 2, delta: 1e-3, epsilonBudget: budget },
    });
    const run = startRun(doc, { baseDir: '.', workers: 1, backend: 'wasm' });
    const events: RunEvent[] = [];
    run.on((e) => events.push(e));
    const summary = await run.done;
    const [fed] = summary.federations;
    assert.equal(fed.history.length, 2);
    fed.history.forEach((r, i) => {
      assert.ok(Math.abs(r.epsilon! - eps(i + 1)) < 1e-9 * eps(i + 1), `round ${r.round}: ε ${r.epsilon}, expected ${eps(i + 1)}`);
      assert.equal(r.samplingRate, 0.5);
    });
    const aggregated = events.filter((e): e is Extract<RunEvent, { type: 'aggregated' }> => e.type === 'aggregated');
    assert.deepEqual(aggregated.map((e) => e.epsilon), fed.history.map((r) => r.epsilon));
    const stops = events.filter((e): e is Extract<RunEvent, { type: 'privacy-budget' }> => e.type === 'privacy-budget');
    assert.equal(stops.length, 1);
    assert.equal(stops[0].round, 3);
    assert.match(stops[0].message, /stopped before round 3: it would take ε from .* past the epsilonBudget/);
    assert.equal(fed.budgetStoppedAt, 3);
    const [header, first] = metricsCsv(summary).split('\n');
    assert.equal(header.split(',').at(-1), 'epsilon');
    assert.equal(Number(first.split(',').at(-1)), Number(fed.history[0].epsilon!.toPrecision(6)));
  });

  it('client-fixed: every update the server receives is within the clip norm, and the run repeats exactly', async () => {
    const doc = federation({
      dataset: small,
      model,
      clients: [{ learningRate: 0.5, compression: 'quantize', bits: 8 }],
      aggregator: { strategy: 'FedAvg', rounds: 2, privacy: 'client-fixed', clipNorm: 0.05, noiseMultiplier: 0.5, delta: 1e-3 },
    });
    const once = async () => {
      const run = startRun(doc, { baseDir: '.', workers: 1, backend: 'wasm' });
      const norms: number[] = [];
      run.on((e) => {
        if (e.type === 'client-finished') norms.push(e.updateNorm);
      });
      const summary = await run.done;
      return { norms, final: summary.federations[0].history.map((r) => r.test?.accuracy) };
    };
    const a = await once();
    assert.equal(a.norms.length, 8);
    // Clipped before 8-bit quantization, so within C up to the codec's rounding.
    for (const n of a.norms) assert.ok(n <= 0.05 * 1.05, `update norm ${n} above the clip norm 0.05`);
    assert.deepEqual(await once(), a);
  });
});
