/** The report's Defences section: the defence table of a run under attack, escaped; absent where no client attacks. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { htmlReport } from '../../../engine/export/htmlReport.js';
import { federation } from '../run/pipelines.js';
import { ATTACKED, attackedDoc, fed, summary } from './attackedRun.js';

/** The rows of the report's defence table, as the text of their cells. */
function defenceRows(html: string): string[][] {
  const table = /<table class="defences">(.*?)<\/table>/s.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr>(.*?)<\/tr>/gs)].slice(1).map((m) => [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((c) => c[1].replace(/<[^>]+>/g, '')));
}

describe('report: Defences', () => {
  test('a run under attack has a Defences section: each federation, its defence, its attackers, its accuracy and gap', () => {
    const html = htmlReport(attackedDoc(), ATTACKED, { date: new Date(0) });
    assert.match(html, /<h2>Defences<\/h2>/);
    assert.deepEqual(defenceRows(html), [
      ['FedAvg agg', 'FedAvg', 'sign-flip ×4: 2 of 10 clients', '11.00%', '12.00%', '−59.0 pts'],
      ['krum krum', 'Krum f=2', 'sign-flip ×4: 2 of 10 clients', '68.00%', '68.00%', '−2.0 pts'],
      ['clip clip', 'FedAvg + norm clipping C=0.5', 'sign-flip ×4: 2 of 10 clients', '55.00%', '55.00%', '−15.0 pts'],
      ['honest-only honest-only', 'FedAvg', 'none (8 honest clients)', '70.00%', '70.00%', 'reference'],
    ]);
    // What each defence does is on hover, and the gaps are explained under the table.
    assert.match(html, /<td title="the server first scales each update to L2 norm at most 0.5; then weighted mean/);
    assert.match(html, /Gap: final test accuracy minus that of honest-only, fed by honest clients only/);
  });

  test('the Defences section sits between the final metrics and the communication table', () => {
    const html = htmlReport(attackedDoc(), ATTACKED, { date: new Date(0) });
    const at = (h: string) => html.indexOf(`<h2>${h}</h2>`);
    assert.ok(at('Final metrics') < at('Defences') && at('Defences') < at('Communication'));
  });

  test('labels are escaped in the Defences table', () => {
    const doc = attackedDoc();
    const s = summary([{ ...fed('agg', [0.1]), label: '<b>FedAvg</b>' }, ...ATTACKED.federations.slice(1)]);
    const html = htmlReport(doc, s, { date: new Date(0) });
    assert.match(html, /<td>&lt;b&gt;FedAvg&lt;\/b&gt; <span class="muted">agg<\/span><\/td><td title/);
  });

  test('without an honest-only federation the report says there is no reference to measure gaps from', () => {
    const doc = attackedDoc();
    doc.edges.push({ id: 'e-attack-honest', source: 'clients1', sourceHandle: 'updates', target: 'honest-only', targetHandle: 'updates' });
    const html = htmlReport(doc, ATTACKED, { date: new Date(0) });
    assert.ok(defenceRows(html).every((row) => row[5] === '—'));
    assert.match(html, /no honest reference/);
  });

  test('a run where no client attacks has no Defences section', () => {
    const doc = federation({ split: { method: 'iid', numClients: 4 } });
    assert.doesNotMatch(htmlReport(doc, summary([fed('agg', [0.5, 0.6])]), { date: new Date(0) }), /Defences/);
  });
});
