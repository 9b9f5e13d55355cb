/** The defence table as the CLI prints it at the end of a run: aligned columns, one line per federation. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defenceSummaryLines } from '../../../engine/cli/defenceTableText.js';
import { federation } from '../run/pipelines.js';
import { ATTACKED, attackedDoc, fed, summary } from '../export/attackedRun.js';

describe('CLI defence table', () => {
  test('a title naming the reference, a header, and one aligned line per federation', () => {
    const lines = defenceSummaryLines(attackedDoc(), ATTACKED);
    assert.equal(lines[0], 'Defences (gap: final test accuracy minus that of honest-only, whose clients are all honest):');
    const cells = lines.slice(1).map((l) => l.split(/\s{2,}/));
    assert.deepEqual(cells, [
      ['federation', 'defence', 'attackers', 'final acc', 'best acc', 'gap'],
      ['FedAvg', 'FedAvg', 'sign-flip ×4: 2 of 10 clients', '11.00%', '12.00%', '−59.0 pts'],
      ['krum', 'Krum f=2', 'sign-flip ×4: 2 of 10 clients', '68.00%', '68.00%', '−2.0 pts'],
      ['clip', 'FedAvg + norm clipping C=0.5', 'sign-flip ×4: 2 of 10 clients', '55.00%', '55.00%', '−15.0 pts'],
      ['honest-only', 'FedAvg', 'none (8 honest clients)', '70.00%', '70.00%', 'reference'],
    ]);
    // Columns line up: every line's figures end at the same place.
    assert.equal(new Set(lines.slice(1).map((l) => l.length)).size, 1);
  });

  test('a diverged federation says in which round', () => {
    const s = summary([fed('agg', [0.1], 2), ...ATTACKED.federations.slice(1)]);
    assert.match(defenceSummaryLines(attackedDoc(), s)[2], /10\.00% \(diverged r2\)/);
  });

  test('nothing is printed where no client attacks', () => {
    assert.deepEqual(defenceSummaryLines(federation(), summary([fed('agg', [0.5])])), []);
  });
});
