/**
 * `topk`: top-k sparsification — the k = max(1, ceil(fraction·n)) coordinates of largest |v| (ties to the
 * lower index, so the choice is deterministic), the rest read as zero. Biased on its own; the client's
 * ErrorFeedback carries what it drops into later rounds.
 *
 * Wire form (little-endian): u8 index coding | u32 k | the indices | k f32 values in index order. The
 * indices go as whichever exact coding is smaller for this n and k: k u32 (4k bytes) or a bitmap of n bits
 * (n/8 bytes), so the bitmap wins from fraction ≈ 1/32 up. A delta/varint coding would often be smaller
 * still, but its size depends on where the indices fall, and `encodedBytes` promises an exact size from
 * (settings, n) alone, which the traffic estimates before a run rely on.
 */
import type { Compressor, EncodedVector } from './compressor.js';
import { CompressionError } from './compressionError.js';
import { checkFinite, checkShape, expectBytes, expectHeader, readFloats, viewOf, writeFloats } from './wire.js';

const HEADER = 5;
const LIST = 0;
const BITMAP = 1;

/** Throws unless fraction is a number in (0, 1]. */
export function checkFraction(fraction: number, codec: 'topk' | 'randomk'): void {
  if (!(typeof fraction === 'number' && fraction > 0 && fraction <= 1)) {
    throw new CompressionError('fraction', `${codec} needs a fraction of coordinates in (0, 1], got ${fraction}.`);
  }
}

/** The coordinates a sparsifier sends of n at `fraction`: max(1, ceil(fraction·n)), none of none. */
export function keptCount(n: number, fraction: number): number {
  return n === 0 ? 0 : Math.min(n, Math.max(1, Math.ceil(fraction * n)));
}

/** The bytes the index coding takes (the cheaper of the two). */
function indexBytes(n: number, k: number): number {
  return Math.min(4 * k, Math.ceil(n / 8));
}

/** The bytes `topk` sends for n coordinates at `fraction`. */
export function topkBytes(n: number, fraction: number): number {
  const k = keptCount(n, fraction);
  return HEADER + indexBytes(n, k) + 4 * k;
}

/** The top-k sparsifier sending `fraction` of the coordinates. */
export function topkCompressor(fraction: number): Compressor {
  checkFraction(fraction, 'topk');
  return {
    name: 'topk',
    encode: (vector) => encodeTopk(vector, fraction),
    decode: decodeTopk,
  };
}

/**
 * The k-th largest of `a` (0-based rank `rank` in descending order), rearranging `a`: quickselect with a
 * three-way partition, so runs of equal values (zeros in an untouched layer) cost one pass, not n².
 * Average O(n); the pivot comes from a fixed-seed LCG, so no ordering of the input is a worst case by design.
 */
function selectDescending(a: Float32Array, rank: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let state = 0x9e3779b9;
  for (;;) {
    if (lo === hi) return a[lo];
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const p = a[lo + (state % (hi - lo + 1))];
    // [lo, lt) > p, [lt, i) == p, (gt, hi] < p.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i];
      if (v > p) {
        a[i++] = a[lt];
        a[lt++] = v;
      } else if (v < p) {
        a[i] = a[gt];
        a[gt--] = v;
      } else i++;
    }
    if (rank < lt) hi = lt - 1;
    else if (rank > gt) lo = gt + 1;
    else return p;
  }
}

/** The k indices of largest |v|, increasing, ties to the lower index. O(n) average. */
export function topkIndices(vector: Float32Array, k: number): Uint32Array {
  const n = vector.length;
  const out = new Uint32Array(k);
  if (k === 0) return out;
  const mags = new Float32Array(n);
  for (let i = 0; i < n; i++) mags[i] = Math.abs(vector[i]);
  const threshold = selectDescending(mags, k - 1);
  let above = 0;
  for (let i = 0; i < n; i++) if (Math.abs(vector[i]) > threshold) above++;
  // Every coordinate above the threshold goes, then the first (k − above) equal to it by index.
  let ties = k - above;
  let j = 0;
  for (let i = 0; i < n && j < k; i++) {
    const m = Math.abs(vector[i]);
    if (m > threshold) out[j++] = i;
    else if (m === threshold && ties > 0) {
      out[j++] = i;
      ties--;
    }
  }
  return out;
}

function encodeTopk(vector: Float32Array, fraction: number): EncodedVector {
  checkFinite(vector, 'topk');
  const n = vector.length;
  const k = keptCount(n, fraction);
  const indices = topkIndices(vector, k);
  const ib = indexBytes(n, k);
  const data = new Uint8Array(HEADER + ib + 4 * k);
  const view = viewOf(data);
  const bitmap = ib < 4 * k;
  data[0] = bitmap ? BITMAP : LIST;
  view.setUint32(1, k, true);
  const values = new Float32Array(k);
  for (let j = 0; j < k; j++) {
    const i = indices[j];
    values[j] = vector[i];
    if (bitmap) data[HEADER + (i >>> 3)] |= 1 << (i & 7);
    else view.setUint32(HEADER + 4 * j, i, true);
  }
  writeFloats(data, HEADER + ib, values);
  return { codec: 'topk', length: n, data };
}

function decodeTopk(encoded: EncodedVector, expectedLength?: number): Float32Array {
  const n = checkShape(encoded, 'topk', expectedLength);
  expectHeader(encoded, HEADER);
  const { data } = encoded;
  const view = viewOf(data);
  const coding = data[0];
  const k = view.getUint32(1, true);
  if (k > n) throw new CompressionError('data', `topk claims ${k} coordinates sent of ${n}.`);
  const ib = indexBytes(n, k);
  const bitmap = ib < 4 * k;
  if (coding !== (bitmap ? BITMAP : LIST)) {
    throw new CompressionError('data', `topk of ${k} in ${n} must code its indices as a ${bitmap ? 'bitmap' : 'list'}, not coding ${coding}.`);
  }
  expectBytes(encoded, HEADER + ib + 4 * k, ` (${k} sent)`);
  const values = readFloats(data, HEADER + ib, k);
  const out = new Float32Array(n);
  if (bitmap) {
    let j = 0;
    for (let byte = 0; byte < ib; byte++) {
      let bitsLeft = data[HEADER + byte];
      while (bitsLeft !== 0) {
        const bit = 31 - Math.clz32(bitsLeft & -bitsLeft);
        bitsLeft &= bitsLeft - 1;
        const i = byte * 8 + bit;
        if (i >= n) throw new CompressionError('data', `topk's bitmap marks coordinate ${i}, past the last of ${n}.`);
        if (j >= k) throw new CompressionError('data', `topk's bitmap marks more than the ${k} coordinates its header says.`);
        out[i] = values[j++];
      }
    }
    if (j !== k) throw new CompressionError('data', `topk's bitmap marks ${j} coordinates; its header says ${k}.`);
  } else {
    let previous = -1;
    for (let j = 0; j < k; j++) {
      const i = view.getUint32(HEADER + 4 * j, true);
      if (i >= n) throw new CompressionError('data', `topk index ${j} is ${i}, past the last of ${n} coordinates.`);
      if (i <= previous) throw new CompressionError('data', `topk's indices must increase strictly; index ${j} is ${i} after ${previous}.`);
      out[i] = values[j];
      previous = i;
    }
  }
  return out;
}
