/** The RDP accountant against figures its reference implementations publish, and the shape ε must have. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeRdp, DEFAULT_ORDERS, epsilonOf, RdpAccountant, rdpOfStep } from '../../../engine/privacy/index.js';

const within = (actual: number, expected: number, rel: number): void =>
  assert.ok(Math.abs(actual - expected) <= rel * expected, `${actual} is not within ${rel * 100}% of ${expected}`);

describe('the RDP accountant', () => {
  it("matches Opacus' rdp.py docstring: [(q 1e-5, σ 1, 10 steps), (q 1e-4, σ 3, 4 steps)], orders 2..32, δ 1e-5 → ε 0.336 at order 23", () => {
    // Source: pytorch/opacus, opacus/accountants/analysis/rdp.py module docstring (Balle et al. 2020 conversion).
    const orders = Array.from({ length: 31 }, (_, i) => i + 2);
    const spent = epsilonOf([{ q: 1e-5, sigma: 1, steps: 10 }, { q: 1e-4, sigma: 3, steps: 4 }], 1e-5, orders);
    within(spent.epsilon, 0.336, 0.02);
    assert.equal(spent.order, 23);
  });

  it("matches TF Privacy's compute_dp_sgd_privacy docstring: N 60000, batch 256, σ 1.12, 60 epochs, δ 1e-5 → (2.92, 1e-5)-DP", () => {
    // Source: tensorflow/privacy, tensorflow_privacy/privacy/analysis/compute_dp_sgd_privacy.py docstring; that
    // script uses steps = ceil(epochs·N/batch), its order list below, and the classic conversion ε = RDP − log δ/(α−1).
    const tfOrders = [1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, ...Array.from({ length: 59 }, (_, i) => i + 5), 128, 256, 512];
    const spent = epsilonOf([{ q: 256 / 60000, sigma: 1.12, steps: Math.ceil((60 * 60000) / 256) }], 1e-5, tfOrders, 'classic');
    within(spent.epsilon, 2.92, 0.02);
    // The default (Balle et al. 2020) conversion is never looser than the classic one.
    assert.ok(epsilonOf([{ q: 256 / 60000, sigma: 1.12, steps: 14063 }], 1e-5).epsilon < spent.epsilon);
  });

  it('with q = 1 is the plain Gaussian RDP α/(2σ²) at every order', () => {
    for (const alpha of [1.5, 2, 7.3, 32]) assert.equal(rdpOfStep(1, 2, alpha), alpha / 8);
    assert.deepEqual(computeRdp(1, 2, 3, [2, 4]), [0.75, 1.5]);
  });

  it('grows with the rounds and shrinks with the noise', () => {
    const eps = (sigma: number, steps: number): number => epsilonOf([{ q: 0.1, sigma, steps }], 1e-5).epsilon;
    assert.ok(eps(1, 10) < eps(1, 20) && eps(1, 20) < eps(1, 40));
    assert.ok(eps(0.8, 20) > eps(1.2, 20) && eps(1.2, 20) > eps(2, 20));
  });

  it('composes round by round to the same ε as all rounds at once, and has nothing to say about σ 0', () => {
    const acc = new RdpAccountant();
    assert.equal(acc.epsilon(1e-5), 0);
    const ahead = acc.epsilonAfter(0.1, 1, 1e-5);
    for (let r = 0; r < 5; r++) acc.step(0.1, 1);
    within(acc.epsilon(1e-5), epsilonOf([{ q: 0.1, sigma: 1, steps: 5 }], 1e-5).epsilon, 1e-12);
    within(ahead, epsilonOf([{ q: 0.1, sigma: 1, steps: 1 }], 1e-5).epsilon, 1e-12);
    assert.equal(epsilonOf([{ q: 0.1, sigma: 0, steps: 1 }], 1e-5).epsilon, Infinity);
    assert.equal(DEFAULT_ORDERS.length, 151);
  });
});
