/**
 * Shamir secret sharing (Shamir 1979) over the prime field GF(p), p = 2^521 − 1 (a Mersenne prime), with
 * BigInt arithmetic. One field element holds a whole secret of up to 64 bytes — a 32-byte mask seed or an
 * X25519 private key — so a secret is one polynomial, not one per byte as in Flower's GF(256)-per-chunk
 * scheme; a share is then 2 + 66 bytes. Any `threshold` shares reconstruct the secret by Lagrange
 * interpolation at 0; fewer reveal nothing about it (every value is equally likely).
 */
import { SecAggError } from './secaggError.js';

/** The field's prime, 2^521 − 1. */
export const SHAMIR_PRIME = (1n << 521n) - 1n;

/** Bytes of a share's value (521 bits, big-endian). */
export const SHARE_VALUE_BYTES = 66;

/** The longest secret one field element holds. */
export const MAX_SECRET_BYTES = 64;

/** One share: the polynomial's value at x = index (1 ≤ index ≤ 65535). */
export interface Share {
  /** The x coordinate, 1-based; 0 would be the secret itself. */
  readonly index: number;
  /** The polynomial's value there, SHARE_VALUE_BYTES big-endian bytes. */
  readonly value: Uint8Array;
}

function mod(a: bigint): bigint {
  const r = a % SHAMIR_PRIME;
  return r < 0n ? r + SHAMIR_PRIME : r;
}

function toBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function toBytes(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** A uniform field element: 80 random bytes reduced mod p (bias below 2^−110). */
function randomElement(): bigint {
  return mod(toBigInt(globalThis.crypto.getRandomValues(new Uint8Array(80))));
}

/** The inverse of a mod p (extended Euclid); a must be non-zero mod p. */
function inverse(a: bigint): bigint {
  let [r0, r1] = [mod(a), SHAMIR_PRIME];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0);
}

function checkIndex(index: number): void {
  if (!Number.isInteger(index) || index < 1 || index > 65535) {
    throw new SecAggError('shares', `A share's index must be a whole number from 1 to 65535, got ${index}.`);
  }
}

/**
 * Splits `secret` (1–64 bytes) into one share per index in `indices` (distinct, 1–65535), any `threshold`
 * of which reconstruct it. Only the indices asked for are evaluated, so a sparse neighbourhood costs k, not n.
 */
export function splitSecret(secret: Uint8Array, indices: readonly number[], threshold: number): Share[] {
  if (secret.length < 1 || secret.length > MAX_SECRET_BYTES) {
    throw new SecAggError('shares', `A Shamir secret must be 1 to ${MAX_SECRET_BYTES} bytes, got ${secret.length}.`);
  }
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > indices.length) {
    throw new SecAggError('threshold', `The Shamir threshold must be a whole number from 1 to the ${indices.length} shares, got ${threshold}.`);
  }
  const seen = new Set<number>();
  for (const index of indices) {
    checkIndex(index);
    if (seen.has(index)) throw new SecAggError('shares', `The share index ${index} is asked for twice.`);
    seen.add(index);
  }
  const coefficients = [toBigInt(secret)];
  for (let i = 1; i < threshold; i++) coefficients.push(randomElement());
  const shares: Share[] = [];
  for (const index of indices) {
    const x = BigInt(index);
    let y = 0n;
    for (let c = coefficients.length - 1; c >= 0; c--) y = mod(y * x + coefficients[c]);
    shares.push({ index, value: toBytes(y, SHARE_VALUE_BYTES) });
  }
  return shares;
}

/**
 * Reconstructs a `secretBytes`-byte secret from at least `threshold` shares (it uses the first
 * `threshold`). Duplicate indices, malformed values, too few shares, or shares that interpolate to a value
 * too large to be such a secret are SecAggErrors, never a silently wrong secret of the wrong shape.
 */
export function combineShares(shares: readonly Share[], threshold: number, secretBytes: number): Uint8Array {
  if (!Number.isInteger(secretBytes) || secretBytes < 1 || secretBytes > MAX_SECRET_BYTES) {
    throw new SecAggError('shares', `A Shamir secret must be 1 to ${MAX_SECRET_BYTES} bytes, got ${secretBytes}.`);
  }
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new SecAggError('threshold', `The Shamir threshold must be a whole number ≥ 1, got ${threshold}.`);
  }
  if (shares.length < threshold) {
    throw new SecAggError('threshold', `Reconstruction needs ${threshold} shares, got only ${shares.length}.`);
  }
  const seen = new Set<number>();
  for (const share of shares) {
    checkIndex(share.index);
    if (seen.has(share.index)) throw new SecAggError('shares', `Two shares have the same index ${share.index}.`);
    seen.add(share.index);
    if (!(share.value instanceof Uint8Array) || share.value.length !== SHARE_VALUE_BYTES) {
      throw new SecAggError('shares', `Share ${share.index} must be ${SHARE_VALUE_BYTES} bytes, got ${share.value?.length}.`);
    }
  }
  const used = shares.slice(0, threshold);
  const xs = used.map((s) => BigInt(s.index));
  let secret = 0n;
  for (let i = 0; i < used.length; i++) {
    const y = toBigInt(used[i].value);
    if (y >= SHAMIR_PRIME) throw new SecAggError('shares', `Share ${used[i].index} is not an element of the field.`);
    // Lagrange basis at 0: Π_{j≠i} x_j / (x_j − x_i).
    let num = 1n;
    let den = 1n;
    for (let j = 0; j < used.length; j++) {
      if (j === i) continue;
      num = mod(num * xs[j]);
      den = mod(den * (xs[j] - xs[i]));
    }
    secret = mod(secret + y * num * inverse(den));
  }
  if (secret >= 1n << BigInt(8 * secretBytes)) {
    throw new SecAggError('shares', `The shares do not reconstruct a ${secretBytes}-byte secret: they are inconsistent or too few.`);
  }
  return toBytes(secret, secretBytes);
}
