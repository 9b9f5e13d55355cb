/** The workbench's Defences table: the engine's defence table of the run it shows, filling in round by round. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RoundRecord, RunEvent } from '../../../engine/run/events.js';
import { runDefenceTable } from '../../../renderer/src/store/runDefences.js';
import { applyRunEvents } from '../../../renderer/src/store/runReducer.js';
import { idleRunState } from '../../../renderer/src/store/runState.js';
import { attackedDoc } from '../../engine/export/attackedRun.js';
import { federation } from '../../engine/run/pipelines.js';

const record = (aggregatorId: string, round: number, accuracy: number): RoundRecord => ({
  aggregatorId,
  round,
  participants: 10,
  dropped: 0,
  trainLoss: 1,
  bytesUp: 0,
  bytesDown: 0,
  ms: 1,
  test: { examples: 100, loss: 1, accuracy, perClassAccuracy: [], confusion: [] },
});

const IDS = ['agg', 'krum', 'clip', 'honest-only'];
const started: RunEvent = {
  type: 'run-started',
  runId: 'r1',
  pipeline: 'test',
  seed: 7,
  backend: 'wasm',
  workers: 2,
  federations: IDS.map((id) => ({ aggregatorId: id, label: id, strategy: 'FedAvg', rounds: 3, clients: 10, groups: [], weights: 10 })),
  partitions: [],
};
const evaluated = (id: string, round: number, accuracy: number): RunEvent => ({ type: 'evaluated', aggregatorId: id, round, record: record(id, round, accuracy) });

describe('workbench defence table', () => {
  test('none before a run', () => {
    assert.equal(runDefenceTable(idleRunState()), undefined);
  });

  test('fills in while the run goes: each federation with its defence, attackers and latest accuracy', () => {
    const state = { ...applyRunEvents(idleRunState(), [started, evaluated('agg', 1, 0.1), evaluated('honest-only', 1, 0.4)]), doc: attackedDoc() };
    const table = runDefenceTable(state)!;
    assert.deepEqual(
      table.rows.map((r) => [r.aggregatorId, r.defence.name, r.final]),
      [
        ['agg', 'FedAvg', 0.1],
        ['krum', 'Krum f=2', null],
        ['clip', 'FedAvg + norm clipping C=0.5', null],
        ['honest-only', 'FedAvg', 0.4],
      ],
    );
    assert.equal(table.referenceId, 'honest-only');
    assert.ok(Math.abs(table.rows[0].gap! - (0.1 - 0.4)) < 1e-12);
    const later = { ...applyRunEvents(state, [evaluated('agg', 2, 0.12), evaluated('honest-only', 2, 0.6)]), doc: state.doc };
    assert.ok(Math.abs(runDefenceTable(later)!.rows[0].gap! - (0.12 - 0.6)) < 1e-12);
  });

  test('none where no client attacks', () => {
    const state = { ...applyRunEvents(idleRunState(), [{ ...started, federations: [{ ...(started as Extract<RunEvent, { type: 'run-started' }>).federations[0] }] }, evaluated('agg', 1, 0.5)]), doc: federation() };
    assert.equal(runDefenceTable(state), undefined);
  });
});
