/** Where a user reads ε: the report's privacy statement and the CLI's ε column. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RoundTable } from '../../../engine/cli/roundTable.js';
import { htmlReport } from '../../../engine/export/htmlReport.js';
import type { RoundRecord, RunSummary } from '../../../engine/run/events.js';
import { federation } from '../run/pipelines.js';

const record = (round: number, epsilon?: number): RoundRecord => ({
  aggregatorId: 'agg',
  round,
  participants: 4,
  dropped: 0,
  trainLoss: 1,
  bytesUp: 10,
  bytesDown: 10,
  ms: 5,
  ...(epsilon !== undefined ? { epsilon, samplingRate: 0.5, clipNorm: 1 } : {}),
});

const summary = (history: RoundRecord[]): RunSummary => ({
  runId: 'r',
  pipeline: 'test',
  seed: 7,
  backend: 'wasm',
  workers: 1,
  wallMs: 10,
  federations: [{ aggregatorId: 'agg', label: 'DP', strategy: 'FedAvg', rounds: 2, history, final: { accuracy: 0.5, loss: 1, trainLoss: 1 } }],
});

describe('reporting differential privacy', () => {
  it('the HTML report states mechanism, clipping, noise, sampling rate, rounds, accountant and ε at δ', () => {
    const doc = federation({ aggregator: { strategy: 'FedAvg', rounds: 2, privacy: 'server-fixed', clipNorm: 1.5, noiseMultiplier: 1.1, delta: 1e-5 } });
    const html = htmlReport(doc, summary([record(1, 1.234), record(2, 2.468)]), { date: new Date(0) });
    assert.match(html, /<h2>Privacy<\/h2>/);
    assert.match(html, /the server clips each update to a fixed norm/);
    assert.match(html, /Clip norm 1\.5; noise multiplier σ = 1\.1; sampling rate q = 0\.5000; 2 rounds/);
    assert.match(html, /Rényi DP of the subsampled Gaussian mechanism/);
    assert.match(html, /ε = 2\.468<\/b> at δ = 0\.00001/);
    assert.match(html, /does not hide the updates from the server/);
    assert.doesNotMatch(htmlReport(federation(), summary([record(1)]), { date: new Date(0) }), /<h2>Privacy<\/h2>/);
  });

  it('the CLI table gets an ε column only when a federation has differential privacy', () => {
    const feds = [{ aggregatorId: 'agg', label: 'DP' }];
    const table = new RoundTable(feds, false, 120, true);
    assert.match(table.header(), / ε$/);
    assert.match(table.row('agg', record(1, 2.5)), / 2\.500$/);
    assert.match(table.row('agg', record(2, Infinity)), / ∞$/);
    assert.doesNotMatch(new RoundTable(feds, false, 120).header(), /ε/);
  });
});
