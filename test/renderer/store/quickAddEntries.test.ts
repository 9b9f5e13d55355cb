/** Quick add finds node kinds and the values of their params, and finds nothing for nonsense. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PARAMS_SCHEMAS } from '../../../engine/format/params.js';
import { matchQuickAdd, quickAddEntries } from '../../../renderer/src/store/quickAddEntries.js';

describe('quick add', () => {
  test('with nothing typed it lists the node kinds, as the palette does', () => {
    assert.deepEqual(
      matchQuickAdd('').map((e) => e.id),
      ['dataset', 'split', 'model', 'client', 'aggregator', 'evaluate', 'note'],
    );
  });

  test('"fedadam" offers an aggregator whose strategy is FedAdam, first', () => {
    const [first] = matchQuickAdd('fedadam');
    assert.equal(first.kind, 'aggregator');
    assert.equal(first.params.strategy, 'FedAdam');
  });

  test('"dirichlet" offers a split by Dirichlet, keeping the number of clients', () => {
    const [first] = matchQuickAdd('dirichlet');
    assert.equal(first.kind, 'split');
    assert.equal(first.params.method, 'dirichlet');
    assert.equal(first.params.numClients, 10);
  });

  test('a plain choice is found too: "sign-flip" gives attacking clients', () => {
    const [first] = matchQuickAdd('sign-flip');
    assert.equal(first.kind, 'client');
    assert.equal(first.params.behaviour, 'sign-flip');
  });

  test('a kind typed by name comes before the choices that mention it', () => {
    assert.equal(matchQuickAdd('split')[0].id, 'split');
  });

  test('nonsense matches nothing', () => {
    assert.deepEqual(matchQuickAdd('zzqx'), []);
  });

  test('every entry starts its node with params the kind accepts or only asks for what the user must give', () => {
    const ids = new Set<string>();
    for (const e of quickAddEntries()) {
      assert.ok(!ids.has(e.id), `duplicate entry ${e.id}`);
      ids.add(e.id);
      const parsed = PARAMS_SCHEMAS[e.kind].safeParse(e.params);
      // A CSV or IDX dataset needs its file; anything else a quick-add entry sets must parse as it is.
      if (!parsed.success) assert.ok(e.params.source === 'csv' || e.params.source === 'idx', `${e.id}: ${parsed.error.message}`);
    }
  });
});
