import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseClientSelection, type SelectionResult } from '../../../engine/format/clientSelection.js';

function ids(text: string, numClients: number): number[] {
  const result = parseClientSelection(text, numClients);
  assert.ok(result.ok, `${text}: ${(result as { message?: string }).message}`);
  return result.ids;
}

function message(text: string, numClients: number): string {
  const result: SelectionResult = parseClientSelection(text, numClients);
  assert.equal(result.ok, false, `${text} should be refused`);
  return (result as { message: string }).message;
}

test('`all` takes every client of the split', () => {
  assert.deepEqual(ids('all', 5), [0, 1, 2, 3, 4]);
  assert.deepEqual(ids('  all ', 3), [0, 1, 2]);
  assert.deepEqual(ids('all', 0), []);
});

test('a range takes both ends and everything between', () => {
  assert.deepEqual(ids('0-7', 10), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(ids('8 - 9', 10), [8, 9]);
  assert.deepEqual(ids('3-3', 10), [3]);
});

test('a list mixes numbers and ranges, giving sorted ids without repeats', () => {
  assert.deepEqual(ids('0,3,8-9', 10), [0, 3, 8, 9]);
  assert.deepEqual(ids('9, 2-4, 3, 0', 10), [0, 2, 3, 4, 9]);
  assert.deepEqual(ids('5', 6), [5]);
});

test('text that is not a number or range is refused with an example of what works', () => {
  for (const text of ['some', 'ALL', '1-', '-3', '1,,2', '1.5', '0x3', '', 'all,1']) {
    assert.match(message(text, 10), /is not a client number or range; write e\.g\. all, 0-7 or 0,3,8-9/, JSON.stringify(text));
  }
  assert.match(message('two', 10), /^"two"/);
});

test('a backwards range is refused, suggesting the right way round', () => {
  assert.equal(message('7-2', 10), 'The range 7-2 runs backwards; write 2-7.');
});

test('a client the split does not make is refused, saying how many there are', () => {
  assert.equal(message('0-10', 10), 'Client 10 does not exist: the split makes 10 clients, numbered 0 to 9.');
  assert.match(message('1,4', 4), /Client 4 does not exist/);
  assert.match(message('0', 0), /Client 0 does not exist/);
});
