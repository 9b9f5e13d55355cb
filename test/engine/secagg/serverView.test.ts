/**
 * What the server sees: only public keys, envelopes it cannot open, masked vectors that look uniformly
 * random, and for each client either its self-mask shares or its mask-key shares — never both, and never
 * an individual update in the clear.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secureSum, type ClientMessage, type ServerMessage } from '../../../engine/secagg/index.js';
import { quantisedInputs, randomUpdates } from './helpers.js';

const RANGE = 1;
const LENGTH = 2000;

async function serverInbox(clients: number, dropped: number[]): Promise<{ received: ClientMessage[]; inputs: Uint32Array[] }> {
  const updates = randomUpdates(clients, LENGTH, RANGE, 9);
  const received: ClientMessage[] = [];
  const record = (m: ClientMessage | ServerMessage, to: 'server' | number): void => {
    if (to === 'server') received.push(m as ClientMessage);
  };
  await secureSum(updates, { range: RANGE, graph: { kind: 'sparse', degree: 4, seed: 5 }, dropAfterShareKeys: dropped, onMessage: record });
  return { received, inputs: quantisedInputs(updates, RANGE) };
}

describe('the server side of secure aggregation', () => {
  it('never receives an unmasked individual update: each masked vector differs from every input almost everywhere', async () => {
    const { received, inputs } = await serverInbox(12, [3]);
    const vectors = received.flatMap((m) => (m.kind === 'maskedInput' ? [m.vector] : []));
    assert.equal(vectors.length, 11);
    for (const v of vectors) {
      for (const x of inputs) {
        let same = 0;
        for (let i = 0; i < LENGTH; i++) if (v[i] === x[i]) same++;
        // A uniform word equals a given one with probability 2^−32: a handful of matches would already be a leak.
        assert.ok(same <= 2, `a masked vector matches an input in ${same} of ${LENGTH} coordinates`);
      }
    }
  });

  it('receives masked vectors whose words look uniform over all 32 bits', async () => {
    const { received } = await serverInbox(8, []);
    for (const m of received) {
      if (m.kind !== 'maskedInput') continue;
      // Quantised updates are small signed numbers (top bits all 0 or all 1); masked words use every bit.
      const ones = new Array<number>(32).fill(0);
      for (const word of m.vector) for (let b = 0; b < 32; b++) ones[b] += (word >>> b) & 1;
      for (let b = 0; b < 32; b++) assert.ok(Math.abs(ones[b] / LENGTH - 0.5) < 0.06, `bit ${b} is set in ${ones[b]} of ${LENGTH} words`);
    }
  });

  it('never gets both secrets of one client: self-mask shares only of survivors, mask-key shares only of the dropped', async () => {
    const { received } = await serverInbox(12, [2, 7]);
    const selfOwners = new Set<number>();
    const keyOwners = new Set<number>();
    for (const m of received) {
      if (m.kind !== 'unmaskResponse') continue;
      for (const s of m.selfMaskShares) selfOwners.add(s.owner);
      for (const s of m.maskKeyShares) keyOwners.add(s.owner);
    }
    assert.deepEqual([...keyOwners].sort((a, b) => a - b), [2, 7]);
    for (const owner of keyOwners) assert.ok(!selfOwners.has(owner), `client ${owner}'s both secrets reached the server`);
    assert.equal(selfOwners.size, 10);
  });
});
