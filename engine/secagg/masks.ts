/**
 * Bonawitz et al.'s double masking. A client's masked input is
 *   y_i = x_i + PRG(b_i) + Σ_{j ∈ N(i), j > i} PRG(s_ij) − Σ_{j ∈ N(i), j < i} PRG(s_ij)   (mod 2^32)
 * where s_ij is the X25519 + HKDF seed i and j share, and b_i a fresh self-mask seed. Over all clients
 * the pairwise terms cancel (each pair adds once and subtracts once). If j drops after the masks were
 * fixed, the server reconstructs j's mask key from shares and removes the pairwise terms its survivors
 * added; each survivor's self mask b_i is also reconstructed and removed. Without b_i, a late-arriving
 * y_j after j's pair masks were removed would expose x_j; with it, the server never holds both secrets
 * of one client, since an honest client answers for each neighbour either b_j (alive) or s_j (dropped).
 */
import { KEY_BYTES, agreeKey, expandSeed, type Key } from './crypto.js';
import { addInto, subtractInto } from './fixedPoint.js';

/** The HKDF purpose of pairwise mask seeds. */
export const PAIR_MASK_PURPOSE = 'pairwise mask';

/** +1 if `self` adds its pairwise mask with `peer` (self < peer), −1 if it subtracts it. */
export function pairSign(self: number, peer: number): 1 | -1 {
  return self < peer ? 1 : -1;
}

/** The pairwise seed s_ij, from one side's mask private key and the other's mask public key. */
export function pairSeed(maskPrivate: Key, peerMaskPublic: Uint8Array): Promise<Uint8Array> {
  return agreeKey(maskPrivate, peerMaskPublic, PAIR_MASK_PURPOSE);
}

/** Adds (sign +1) or subtracts (−1) the mask a seed expands to, in place. */
export async function applyMask(vector: Uint32Array, seed: Uint8Array, sign: 1 | -1): Promise<void> {
  if (seed.length !== KEY_BYTES) throw new RangeError(`A mask seed is ${KEY_BYTES} bytes.`);
  const mask = await expandSeed(seed, vector.length);
  if (sign === 1) addInto(vector, mask);
  else subtractInto(vector, mask);
}

/**
 * The masked input y_i of client `self` with quantised input x: its self mask plus one pairwise mask for
 * each neighbour in `pairSeeds` (those that took part in key sharing). Returns a new vector.
 */
export async function maskInput(
  self: number,
  quantised: Uint32Array,
  selfSeed: Uint8Array,
  pairSeeds: ReadonlyMap<number, Uint8Array>,
): Promise<Uint32Array> {
  const y = quantised.slice();
  await applyMask(y, selfSeed, 1);
  for (const [peer, seed] of pairSeeds) await applyMask(y, seed, pairSign(self, peer));
  return y;
}
