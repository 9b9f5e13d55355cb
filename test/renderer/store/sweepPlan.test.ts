/** The Sweep panel's rows as settings, its grid size, the params it offers, and its chart from a table. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SweepTable } from '../../../engine/sweep/sweepTable.js';
import { gridSize, settingStrings, sweepableParams, sweepChartSeries, valueCount } from '../../../renderer/src/store/sweepPlan.js';

describe('the Sweep panel', () => {
  it('says how many runs the grid is: values per row times seeds', () => {
    const rows = [
      { nodeId: 'split', param: 'alpha', values: '0.1, 1, 10' },
      { nodeId: 'agg', param: 'strategy', values: 'FedAvg,FedMedian' },
    ];
    assert.deepEqual(gridSize(rows, 2), { runs: 12, text: '3 × 2 × 2 seeds = 12 runs' });
    assert.deepEqual(gridSize([rows[0]], 1), { runs: 3, text: '3 × 1 seed = 3 runs' });
    assert.equal(gridSize([{ nodeId: 'split', param: '', values: '1' }], 1).runs, 0, 'an incomplete row counts for nothing');
  });

  it('sends the complete rows as fedflow sweep --set strings, commas in brackets kept', () => {
    assert.equal(valueCount('[16,8], [32]'), 2);
    assert.deepEqual(
      settingStrings([
        { nodeId: 'mlp', param: 'hidden', values: ' [16,8], [32] ' },
        { nodeId: '', param: 'alpha', values: '1' },
        { nodeId: 'split', param: 'alpha', values: '  ' },
      ]),
      ['mlp.hidden=[16,8], [32]'],
    );
  });

  it("offers a node's form fields, its variant picker first", () => {
    const params = sweepableParams({ kind: 'split', params: { method: 'dirichlet', numClients: 4, alpha: 0.5 } });
    assert.equal(params[0], 'method');
    assert.ok(params.includes('alpha') && params.includes('numClients'), params.join(','));
    assert.ok(!sweepableParams({ kind: 'split', params: { method: 'iid', numClients: 4 } }).includes('alpha'), 'IID has no alpha');
  });

  it('charts accuracy against the first setting, one line per value of the others, with the min–max over seeds', () => {
    const cell = (accuracies: number[]) => ({
      aggregatorId: 'agg',
      label: 'FedAvg',
      accuracies,
      mean: accuracies.reduce((a, b) => a + b, 0) / accuracies.length,
      std: 0,
    });
    const table: SweepTable = {
      format: 'fedflow/sweep@1',
      id: 's',
      pipeline: 'p',
      seeds: [1, 2],
      settings: [
        { target: 'split.alpha', nodeId: 'split', param: 'alpha', values: [0.1, 10] },
        { target: 'agg.strategy', nodeId: 'agg', param: 'strategy', values: ['FedAvg', 'FedMedian'] },
      ],
      rows: [
        { point: { 'split.alpha': 0.1, 'agg.strategy': 'FedAvg' }, runs: ['a', 'b'], seeds: [1, 2], failed: 0, federations: [cell([0.5, 0.7])] },
        { point: { 'split.alpha': 0.1, 'agg.strategy': 'FedMedian' }, runs: ['c', 'd'], seeds: [1, 2], failed: 0, federations: [cell([0.4, 0.4])] },
        { point: { 'split.alpha': 10, 'agg.strategy': 'FedAvg' }, runs: ['e', 'f'], seeds: [1, 2], failed: 0, federations: [cell([0.8, 0.9])] },
        { point: { 'split.alpha': 10, 'agg.strategy': 'FedMedian' }, runs: ['g'], seeds: [1, 2], failed: 1, federations: [cell([0.6])] },
      ],
    };
    const chart = sweepChartSeries(table);
    assert.deepEqual(chart.xLabels, ['0.1', '10']);
    assert.equal(chart.xTitle, 'split.alpha');
    assert.deepEqual(chart.series.map((s) => s.label), ['agg.strategy=FedAvg', 'agg.strategy=FedMedian']);
    const [avg, median] = chart.series;
    assert.deepEqual(avg.points.map((p) => [p.x, p.min, p.max, p.n]), [[0, 0.5, 0.7], [1, 0.8, 0.9]].map(([x, lo, hi]) => [x, lo, hi, 2]));
    assert.ok(Math.abs(avg.points[0].mean - 0.6) < 1e-12);
    assert.deepEqual(median.points.map((p) => p.n), [2, 1], 'a failed seed leaves one score');
  });
});
