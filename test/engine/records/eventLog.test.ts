/** Reading an event log a kill cut short: whole lines are kept, a torn last line is skipped and said. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RUN_EVENTS_FORMAT, parseEventLog } from '../../../engine/records/eventLog.js';

const line = (seq: number, round: number) => JSON.stringify({ format: RUN_EVENTS_FORMAT, seq, at: 0, event: { type: 'round-started', aggregatorId: 'agg', round, sampled: [0] } });

describe('an event log', () => {
  it('reads whole lines and skips a torn last one', () => {
    const text = `${line(0, 1)}\n${line(1, 2)}\n${line(2, 3).slice(0, 30)}`;
    const read = parseEventLog(text);
    assert.deepEqual(read.lines.map((l) => l.seq), [0, 1]);
    assert.equal(read.tornTail, true);
    assert.equal(read.skipped, 1);
  });

  it('keeps a last line whose newline was not written yet, and skips lines of another format', () => {
    const read = parseEventLog(`${line(0, 1)}\n{"format":"other@9","seq":1}\n${line(2, 2)}`);
    assert.deepEqual(read.lines.map((l) => l.seq), [0, 2]);
    assert.equal(read.tornTail, false);
    assert.equal(read.skipped, 1);
  });
});
