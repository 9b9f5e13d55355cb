/**
 * Rényi DP of the subsampled Gaussian mechanism (Mironov, Talwar, Zhang 2019, "Rényi Differential Privacy
 * of the Sampled Gaussian Mechanism", §3.3), computed as Opacus' `opacus/accountants/analysis/rdp.py`
 * (itself TF Privacy's rdp_accountant): log A_α summed in log space — a finite binomial sum for integer α,
 * the two erfc-weighted series for fractional α — then RDP(α) = log A_α / (α − 1), times the steps.
 * Conversion to (ε, δ): Opacus' `get_privacy_spent` (Balle et al. 2020, Thm 21) by default;
 * the classic ε = RDP − log δ/(α − 1) (Mironov 2017, Prop. 3; TF Privacy before 2020) is also offered.
 */

/** Opacus' RDPAccountant.DEFAULT_ALPHAS: 1.1, 1.2, …, 10.9, then 12, 13, …, 63. */
export const DEFAULT_ORDERS: readonly number[] = [
  ...Array.from({ length: 99 }, (_, x) => 1 + (x + 1) / 10),
  ...Array.from({ length: 52 }, (_, x) => 12 + x),
];

/** log(e^x + e^y) without overflow. */
function logAdd(x: number, y: number): number {
  const a = Math.min(x, y);
  const b = Math.max(x, y);
  if (a === -Infinity) return b;
  return Math.log1p(Math.exp(a - b)) + b;
}

/** log(e^x − e^y) for x ≥ y (clamped to x when the difference underflows, as Opacus does). */
function logSub(x: number, y: number): number {
  if (y === -Infinity) return x;
  if (x <= y) return -Infinity;
  const d = Math.expm1(x - y);
  return d === Infinity ? x : Math.log(d) + y;
}

/** erfc(x) for x ≥ 0: Taylor series of erf below 3, the Laplace continued fraction above (relative error ≲ 1e-11). */
function erfcNonNegative(x: number): number {
  if (x < 3) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  return Math.exp(-x * x + logErfcTail(x));
}

/** log(erfc(x)·e^{x²}) for x ≥ 3 by the continued fraction erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
function logErfcTail(x: number): number {
  // Evaluated bottom-up with a fixed depth: for x ≥ 3, 60 levels converge far below double precision.
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return -0.5 * Math.log(Math.PI) - Math.log(f);
}

/** log(erfc(x)) for any x, accurate far into the tail (Opacus uses log 2 + log_ndtr(−x√2)). */
export function logErfc(x: number): number {
  if (x >= 3) return -x * x + logErfcTail(x);
  if (x >= 0) return Math.log(erfcNonNegative(x));
  return Math.log(2 - erfcNonNegative(-x));
}

/** log A_α for integer α: log Σ_i C(α,i) q^i (1−q)^{α−i} e^{(i²−i)/(2σ²)}. */
function logAInt(q: number, sigma: number, alpha: number): number {
  let logA = -Infinity;
  let logBinom = 0;
  for (let i = 0; i <= alpha; i++) {
    if (i > 0) logBinom += Math.log(alpha - i + 1) - Math.log(i);
    const s = logBinom + i * Math.log(q) + (alpha - i) * Math.log(1 - q) + (i * i - i) / (2 * sigma * sigma);
    logA = logAdd(logA, s);
  }
  return logA;
}

/** log A_α for fractional α: the two half-line integrals around z₀ = σ² log(1/q − 1) + 1/2, as series in i. */
function logAFrac(q: number, sigma: number, alpha: number): number {
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
  let coef = 1; // C(α, i), generalised binomial; its sign alternates once i > α
  for (let i = 0; ; i++) {
    if (i > 0) coef *= (alpha - i + 1) / i;
    const logCoef = Math.log(Math.abs(coef));
    const j = alpha - i;
    const logT0 = logCoef + i * Math.log(q) + j * Math.log(1 - q);
    const logT1 = logCoef + j * Math.log(q) + i * Math.log(1 - q);
    const logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
    const logS0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0;
    const logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
    if (coef > 0) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < -30 || i > 10000) break;
  }
  return logAdd(logA0, logA1);
}

/** RDP at order α of one step of the Gaussian mechanism with noise multiplier σ on a q-subsample. */
export function rdpOfStep(q: number, sigma: number, alpha: number): number {
  if (q === 0) return 0;
  if (sigma === 0) return Infinity;
  if (q === 1) return alpha / (2 * sigma * sigma);
  if (!Number.isFinite(alpha)) return Infinity;
  const logA = Number.isInteger(alpha) ? logAInt(q, sigma, alpha) : logAFrac(q, sigma, alpha);
  return logA / (alpha - 1);
}

/** Opacus' compute_rdp: RDP at each order of the subsampled Gaussian iterated `steps` times. */
export function computeRdp(q: number, sigma: number, steps: number, orders: readonly number[] = DEFAULT_ORDERS): number[] {
  return orders.map((alpha) => rdpOfStep(q, sigma, alpha) * steps);
}

/** An (ε, δ) statement and the order that gave it. */
export interface PrivacySpent {
  readonly epsilon: number;
  readonly order: number;
}

/** Which RDP → (ε, δ) conversion. */
export type RdpConversion = 'balle2020' | 'classic';

/**
 * Opacus' get_privacy_spent: ε = min_α RDP(α) − (log δ + log α)/(α − 1) + log((α − 1)/α) (Balle et al.
 * 2020, Thm 21), or with 'classic' ε = min_α RDP(α) − log δ/(α − 1). Infinite when nothing is private.
 */
export function privacySpent(orders: readonly number[], rdp: readonly number[], delta: number, conversion: RdpConversion = 'balle2020'): PrivacySpent {
  let best: PrivacySpent = { epsilon: Infinity, order: NaN };
  for (let k = 0; k < orders.length; k++) {
    const a = orders[k];
    const eps =
      conversion === 'classic'
        ? rdp[k] - Math.log(delta) / (a - 1)
        : rdp[k] - (Math.log(delta) + Math.log(a)) / (a - 1) + Math.log((a - 1) / a);
    if (!Number.isNaN(eps) && eps < best.epsilon) best = { epsilon: eps, order: a };
  }
  return best;
}

/** One composed phase: `steps` rounds at sampling rate q with noise multiplier σ. */
export interface RdpStep {
  readonly q: number;
  readonly sigma: number;
  readonly steps: number;
}

/** A running RDP accountant (Opacus' RDPAccountant): compose rounds as they happen, ask for ε at δ any time. */
export class RdpAccountant {
  private readonly rdp: number[];

  constructor(private readonly orders: readonly number[] = DEFAULT_ORDERS) {
    this.rdp = orders.map(() => 0);
  }

  /** Adds `steps` rounds of the subsampled Gaussian (q, σ). */
  step(q: number, sigma: number, steps = 1): void {
    for (let k = 0; k < this.orders.length; k++) this.rdp[k] += rdpOfStep(q, sigma, this.orders[k]) * steps;
  }

  /** ε at δ of everything composed so far (0 before any round). */
  epsilon(delta: number, conversion: RdpConversion = 'balle2020'): number {
    if (this.rdp.every((r) => r === 0)) return 0;
    return privacySpent(this.orders, this.rdp, delta, conversion).epsilon;
  }

  /** ε at δ if one more round (q, σ) were added, without adding it (for budget checks). */
  epsilonAfter(q: number, sigma: number, delta: number, conversion: RdpConversion = 'balle2020'): number {
    const next = this.orders.map((a, k) => this.rdp[k] + rdpOfStep(q, sigma, a));
    return privacySpent(this.orders, next, delta, conversion).epsilon;
  }
}

/** ε at δ of a list of phases (fresh accountant). */
export function epsilonOf(phases: readonly RdpStep[], delta: number, orders: readonly number[] = DEFAULT_ORDERS, conversion: RdpConversion = 'balle2020'): PrivacySpent {
  const rdp = orders.map(() => 0);
  for (const { q, sigma, steps } of phases) orders.forEach((a, k) => (rdp[k] += rdpOfStep(q, sigma, a) * steps));
  return privacySpent(orders, rdp, delta, conversion);
}
