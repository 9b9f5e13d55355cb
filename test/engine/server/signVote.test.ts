/** signSGD with majority vote: every coordinate moves by the mean scale, the way most clients' signs point. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signCompressor, signsOf } from '../../../engine/compress/sign.js';
import { signMajorityVote, votedWeights } from '../../../engine/server/signVote.js';

const coded = (values: number[]) => signsOf(signCompressor.encode(Float32Array.from(values), 0));

describe('sign majority vote', () => {
  it('moves each coordinate by s = mean of the scales, in the direction of the majority; a tie does not move', () => {
    // Scales (mean |u| of each update): 1, 2 and 3, so s = 2.
    const three = [coded([1, -1, 1, -1]), coded([2, 2, -2, -2]), coded([-3, -3, 3, -3])];
    const delta = signMajorityVote(three);
    // Votes per coordinate: 2 of 3 +, 2 of 3 −, 2 of 3 +, 3 of 3 −.
    assert.deepEqual(Array.from(delta), [2, -2, 2, -2]);
    const tie = signMajorityVote([coded([1, -1]), coded([-3, -3])]);
    assert.deepEqual(Array.from(tie), [0, -2]);
  });

  it('does not let one client with a huge update outvote the others', () => {
    const delta = signMajorityVote([coded([-1000, -1000]), coded([1, 1]), coded([1, 1])]);
    assert.ok(delta[0] > 0 && delta[1] > 0, `Δ = ${Array.from(delta)}`);
  });

  it('gives every voting client the same weights, base + Δ', () => {
    assert.deepEqual(Array.from(votedWeights(Float32Array.from([1, 1]), Float32Array.from([0.5, -0.5]))), [1.5, 0.5]);
  });
});
