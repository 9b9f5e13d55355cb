/** Availability traces: the documented format, its errors by line, and who is online when. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOnline, parseAvailability, TraceError } from '../../../engine/sim/availability.js';

const trace = parseAvailability('client,from,until\n0,0,100\n0,200,300\n1,50,60\n', 0);

test('a client is online inside its intervals (start included, end not) and one with no row always', () => {
  assert.equal(isOnline(trace, 0, 0), true);
  assert.equal(isOnline(trace, 0, 99.9), true);
  assert.equal(isOnline(trace, 0, 100), false);
  assert.equal(isOnline(trace, 0, 250), true);
  assert.equal(isOnline(trace, 1, 10), false);
  assert.equal(isOnline(trace, 1, 55), true);
  assert.equal(isOnline(trace, 7, 12345), true);
});

test('with a period the trace repeats, as a daily trace does', () => {
  const daily = parseAvailability('client,from,until\n3,28800,64800\n', 86400); // online 8:00–18:00
  assert.equal(isOnline(daily, 3, 9 * 3600), true);
  assert.equal(isOnline(daily, 3, 86400 + 9 * 3600), true);
  assert.equal(isOnline(daily, 3, 86400 + 20 * 3600), false);
});

test('a malformed trace names the line and what is wrong', () => {
  const line = (text: string, period = 0) => {
    try {
      parseAvailability(text, period);
    } catch (e) {
      assert.ok(e instanceof TraceError);
      return `${e.line}: ${e.message}`;
    }
    assert.fail('no error');
  };
  assert.match(line('id,start,end\n'), /^1: the header must be "client,from,until"/);
  assert.match(line('client,from,until\n0,0,10\n0,5\n'), /^3: expected 3 cells/);
  assert.match(line('client,from,until\nx,0,10\n'), /^2: client "x" is not a client number/);
  assert.match(line('client,from,until\n0,10,5\n'), /^2: until \(5\) must come after from \(10\)/);
  assert.match(line('client,from,until\n0,-1,5\n'), /^2: from and until must be seconds ≥ 0/);
  assert.match(line('client,from,until\n0,0,90000\n', 86400), /^2: until \(90000\) is past the trace's period/);
});
