/**
 * Seeded randomness. Every random choice in a run comes from an `Rng` whose seed is derived from the
 * pipeline seed and the purpose it serves, so runs repeat exactly whatever the number of workers.
 */

/** Mixes a 32-bit integer thoroughly (the finaliser of MurmurHash3). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Feeds purpose parts into a running seed hash. */
function mixParts(h: number, parts: ReadonlyArray<string | number>): number {
  for (const part of parts) {
    const text = typeof part === 'number' ? `#${part}` : part;
    for (let i = 0; i < text.length; i++) h = fmix32(h ^ Math.imul(text.charCodeAt(i) + 1, 0x27d4eb2f));
    h = fmix32(h ^ 0x165667b1);
  }
  return h;
}

/** Derives an independent 32-bit seed from a parent seed and a purpose path, e.g. `('sample', groupId, round)`. */
export function deriveSeed(seed: number, ...parts: ReadonlyArray<string | number>): number {
  return mixParts(fmix32((seed >>> 0) ^ 0x9e3779b9), parts);
}

/**
 * A seed derivation stopped after its first parts, to be finished many times: `seedPrefix(s, ...a).derive(...b)`
 * equals `deriveSeed(s, ...a, ...b)`. It lets a long part (every client id of a split) be hashed once per run
 * rather than once per round.
 */
export function seedPrefix(seed: number, ...parts: ReadonlyArray<string | number>): { derive(...rest: ReadonlyArray<string | number>): number } {
  const h = deriveSeed(seed, ...parts);
  return { derive: (...rest) => mixParts(h, rest) };
}

/** A small, fast, seeded generator (sfc32) with the distributions federated learning needs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.a = fmix32(seed ^ 0x243f6a88);
    this.b = fmix32(seed ^ 0x85a308d3);
    this.c = fmix32(seed ^ 0x13198a2e);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal draw (Marsaglia's polar method). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + std * u * f;
  }

  /** A log-normal draw: exp(N(mu, sigma)). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** A Gamma(shape, 1) draw (Marsaglia and Tsang, with the shape < 1 boost). */
  gamma(shape: number): number {
    if (shape < 1) {
      const u = this.next();
      return this.gamma(1 + shape) * Math.pow(u === 0 ? Number.MIN_VALUE : u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x = 0;
      let v = 0;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** A draw from the symmetric Dirichlet(alpha, ..., alpha) over k outcomes. */
  dirichlet(alpha: number, k: number): Float64Array {
    const p = new Float64Array(k);
    let sum = 0;
    for (let i = 0; i < k; i++) {
      p[i] = this.gamma(alpha);
      sum += p[i];
    }
    if (sum === 0) {
      // Every gamma draw underflowed (tiny alpha): all the mass goes to one outcome, as the limit does.
      p[this.int(k)] = 1;
      return p;
    }
    for (let i = 0; i < k; i++) p[i] /= sum;
    return p;
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** k distinct integers from [0, n), in increasing order, in O(k) time (Floyd's algorithm). */
  sample(n: number, k: number): number[] {
    const chosen = new Set<number>();
    for (let j = n - k; j < n; j++) {
      const t = this.int(j + 1);
      chosen.add(chosen.has(t) ? j : t);
    }
    return [...chosen].sort((x, y) => x - y);
  }
}
