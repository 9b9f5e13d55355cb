/**
 * The defence table: for a run whose clients poison their updates, one row per federation with its defence,
 * the attackers it faced, its final and best test accuracy and its gap to an honest reference, computed from
 * the document and a hand-made summary.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attackName, attackersText, defenceOf, defenceTable, gapText } from '../../../engine/export/defenceTable.js';
import { aggregatorParams, STRATEGY_NAMES } from '../../../engine/format/params.js';
import { federation } from '../run/pipelines.js';
import { ATTACKED, attackedDoc, fed, summary } from './attackedRun.js';

describe('defence table', () => {
  test('one row per federation: its defence with key params, and the attackers it faced out of how many clients', () => {
    const t = defenceTable(attackedDoc(), ATTACKED)!;
    assert.deepEqual(
      t.rows.map((r) => [r.aggregatorId, r.defence.name, attackersText(r)]),
      [
        ['agg', 'FedAvg', 'sign-flip ×4: 2 of 10 clients'],
        ['krum', 'Krum f=2', 'sign-flip ×4: 2 of 10 clients'],
        ['clip', 'FedAvg + norm clipping C=0.5', 'sign-flip ×4: 2 of 10 clients'],
        ['honest-only', 'FedAvg', 'none (8 honest clients)'],
      ],
    );
    const krum = t.rows[1];
    assert.deepEqual(krum.attackers, [{ clientNodeId: 'clients1', behaviour: 'sign-flip', attack: 'sign-flip ×4', clients: 2 }]);
    assert.equal(krum.attackerClients, 2);
    assert.equal(krum.clients, 10);
  });

  test('final and best test accuracy, and the gap to the federation fed by honest clients only', () => {
    const t = defenceTable(attackedDoc(), ATTACKED)!;
    assert.equal(t.referenceId, 'honest-only');
    const byId = new Map(t.rows.map((r) => [r.aggregatorId, r]));
    assert.equal(byId.get('agg')!.final, 0.11);
    assert.equal(byId.get('agg')!.best, 0.12);
    assert.ok(Math.abs(byId.get('agg')!.gap! - (0.11 - 0.7)) < 1e-12);
    assert.ok(Math.abs(byId.get('krum')!.gap! - (0.68 - 0.7)) < 1e-12);
    assert.equal(byId.get('honest-only')!.reference, true);
    assert.equal(byId.get('honest-only')!.gap, null);
    assert.equal(gapText(byId.get('agg')!.gap!), '−59.0 pts');
    assert.equal(gapText(0.004), '+0.4 pts');
  });

  test('a diverged federation keeps its row, with the round it diverged in', () => {
    const s = summary([fed('agg', [0.1], 2), ...ATTACKED.federations.slice(1)]);
    const row = defenceTable(attackedDoc(), s)!.rows[0];
    assert.equal(row.divergedAt, 2);
    assert.equal(row.final, 0.1);
  });

  test('a plain FedAvg fed by honest clients only is the reference, where several federations have no attackers', () => {
    const doc = attackedDoc([{ id: 'median-honest', params: { strategy: 'FedMedian', rounds: 3 }, honestOnly: true }]);
    // The honest FedMedian comes first in the summary; the plain FedAvg is still the one gaps are measured from.
    const s = summary([fed('median-honest', [0.5, 0.6, 0.65]), ...ATTACKED.federations]);
    assert.equal(defenceTable(doc, s)!.referenceId, 'honest-only');
  });

  test('without a federation of honest clients only there is no reference and no gap', () => {
    const doc = attackedDoc();
    doc.edges.push({ id: 'e-attack-honest', source: 'clients1', sourceHandle: 'updates', target: 'honest-only', targetHandle: 'updates' });
    const t = defenceTable(doc, ATTACKED)!;
    assert.equal(t.referenceId, undefined);
    assert.ok(t.rows.every((r) => r.gap === null && !r.reference));
  });

  test('no table where no client attacks', () => {
    const doc = federation({ split: { method: 'iid', numClients: 4 }, clients: [{ clients: '0-1' }, { clients: '2-3' }] });
    assert.equal(defenceTable(doc, summary([fed('agg', [0.5, 0.6])])), undefined);
  });

  test('a natural split gives attackers without counts', () => {
    const doc = federation({
      dataset: { source: 'synthetic', devices: 4 },
      split: { method: 'natural' },
      clients: [{ clients: '0-2' }, { clients: '3', behaviour: 'label-flip' }],
    });
    const row = defenceTable(doc, summary([fed('agg', [0.5])]))!.rows[0];
    assert.equal(row.clients, null);
    assert.equal(attackersText(row), 'label-flip (clients1)');
  });
});

describe('what counts as a defence', () => {
  const params = (p: Record<string, unknown>) => aggregatorParams.parse(p);

  test('every strategy has a description; the robust rules are FedMedian, FedTrimmedAvg, Krum, MultiKrum and Bulyan', () => {
    const robust = STRATEGY_NAMES.filter((s) => defenceOf(params({ strategy: s })).robust);
    assert.deepEqual(robust, ['FedMedian', 'FedTrimmedAvg', 'Krum', 'MultiKrum', 'Bulyan']);
    for (const s of STRATEGY_NAMES) assert.ok(defenceOf(params({ strategy: s })).how.length > 0, s);
  });

  test('key params are in the name: trimmed fraction, f, how many MultiKrum keeps', () => {
    assert.equal(defenceOf(params({ strategy: 'FedTrimmedAvg', beta: 0.1 })).name, 'FedTrimmedAvg β=0.1');
    assert.equal(defenceOf(params({ strategy: 'MultiKrum', numMalicious: 2, numToKeep: 8 })).name, 'MultiKrum f=2, m=8');
    assert.equal(defenceOf(params({ strategy: 'Bulyan', numMalicious: 1 })).name, 'Bulyan f=1');
  });

  test('server-side clipping makes a plain mean robust; clipping on the clients does not, as an attacker need not clip', () => {
    const server = defenceOf(params({ strategy: 'FedAvg', privacy: 'server-fixed', clipNorm: 2, noiseMultiplier: 0 }));
    assert.deepEqual([server.name, server.robust], ['FedAvg + norm clipping C=2', true]);
    const noised = defenceOf(params({ strategy: 'FedAvg', privacy: 'server-fixed', clipNorm: 2, noiseMultiplier: 1 }));
    assert.equal(noised.name, 'FedAvg + norm clipping C=2 and DP noise σ=1');
    const client = defenceOf(params({ strategy: 'FedAvg', privacy: 'client-fixed', clipNorm: 2 }));
    assert.equal(client.robust, false);
    assert.match(client.how, /attacker/);
  });

  test('attacks are named with their strength', () => {
    const a = (behaviour: string, more: Record<string, number> = {}) => attackName({ behaviour, attackScale: 1, noiseStd: 1, ...more } as Parameters<typeof attackName>[0]);
    assert.equal(a('sign-flip', { attackScale: 4 }), 'sign-flip ×4');
    assert.equal(a('scaled', { attackScale: 10 }), 'scaled ×10');
    assert.equal(a('gaussian-noise', { noiseStd: 0.5 }), 'gaussian-noise σ=0.5');
    assert.equal(a('label-flip'), 'label-flip');
    assert.equal(a('honest'), 'none');
  });
});

describe('defence table of a document that does not validate', () => {
  test('a split whose params do not parse gives attackers without counts, not an exception', () => {
    const doc = attackedDoc();
    doc.nodes.find((n) => n.id === 'split')!.params = { method: 'iid', numClients: -3 };
    const row = defenceTable(doc, ATTACKED)!.rows[0];
    assert.equal(row.clients, null);
    assert.equal(attackersText(row), 'sign-flip ×4 (clients1)');
  });
});
