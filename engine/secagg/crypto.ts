/**
 * The cryptographic primitives of secure aggregation, all from WebCrypto (`globalThis.crypto.subtle`), so
 * the same code runs in Node 20 and in a browser client: X25519 key agreement, HKDF-SHA256 to turn a shared
 * secret into keys, AES-256-CTR over zeros as the pseudo-random generator that expands a 32-byte seed into
 * a mask, and AES-256-GCM for the share envelopes (authenticated, so a tampered share is refused).
 */
import { SecAggError } from './secaggError.js';

const subtle = (): typeof globalThis.crypto.subtle => globalThis.crypto.subtle;

/** A WebCrypto key. */
export type Key = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;

/** An X25519 key pair whose private half can be exported (it is secret-shared) and its raw public half. */
export interface KeyPair {
  /** The private key, for deriveBits. */
  readonly privateKey: Key;
  /** The 32-byte raw public key, as sent to the server. */
  readonly publicKey: Uint8Array;
}

/** The fixed PKCS#8 header of an X25519 private key (RFC 8410); the raw 32-byte key follows it. */
const PKCS8_X25519 = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20]);

/** Bytes of a seed, a raw key or a shared secret. */
export const KEY_BYTES = 32;

/** A fresh X25519 key pair. */
export async function generateKeyPair(): Promise<KeyPair> {
  const pair = (await subtle().generateKey({ name: 'X25519' }, true, ['deriveBits'])) as { privateKey: Key; publicKey: Key };
  const publicKey = new Uint8Array(await subtle().exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey };
}

/** The raw 32 bytes of an X25519 private key (what is secret-shared). */
export async function exportPrivateKey(key: Key): Promise<Uint8Array> {
  const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', key));
  return pkcs8.slice(PKCS8_X25519.length);
}

/** An X25519 private key from its raw 32 bytes (after reconstruction from shares). */
export async function importPrivateKey(raw: Uint8Array): Promise<Key> {
  if (raw.length !== KEY_BYTES) throw new SecAggError('shares', `An X25519 private key is ${KEY_BYTES} bytes, got ${raw.length}.`);
  const pkcs8 = new Uint8Array(PKCS8_X25519.length + KEY_BYTES);
  pkcs8.set(PKCS8_X25519);
  pkcs8.set(raw, PKCS8_X25519.length);
  return subtle().importKey('pkcs8', pkcs8, { name: 'X25519' }, false, ['deriveBits']);
}

/** The 32-byte key for `purpose` agreed between a private key and a peer's raw public key (X25519 + HKDF). */
export async function agreeKey(privateKey: Key, peerPublic: Uint8Array, purpose: string): Promise<Uint8Array> {
  if (peerPublic.length !== KEY_BYTES) {
    throw new SecAggError('message', `An X25519 public key is ${KEY_BYTES} bytes, got ${peerPublic.length}.`);
  }
  let shared: ArrayBuffer;
  try {
    const peer = await subtle().importKey('raw', peerPublic, { name: 'X25519' }, false, []);
    shared = await subtle().deriveBits({ name: 'X25519', public: peer } as unknown as AlgorithmIdentifierLike, privateKey, 256);
  } catch {
    throw new SecAggError('message', 'A peer public key is not a valid X25519 key.');
  }
  return hkdf(new Uint8Array(shared), purpose);
}

type AlgorithmIdentifierLike = Parameters<typeof globalThis.crypto.subtle.deriveBits>[0];

/** HKDF-SHA256 of input key material with `info`, 32 bytes. */
export async function hkdf(material: Uint8Array, info: string): Promise<Uint8Array> {
  const base = await subtle().importKey('raw', material, 'HKDF', false, ['deriveBits']);
  const bits = await subtle().deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode(`fedflow/secagg ${info}`) },
    base,
    256,
  );
  return new Uint8Array(bits);
}

/** Expands a 32-byte seed into `length` pseudo-random 32-bit words: AES-256-CTR of zeros, counter from 0. */
export async function expandSeed(seed: Uint8Array, length: number): Promise<Uint32Array> {
  const key = await subtle().importKey('raw', seed, { name: 'AES-CTR' }, false, ['encrypt']);
  const stream = await subtle().encrypt({ name: 'AES-CTR', counter: new Uint8Array(16), length: 64 }, key, new Uint8Array(length * 4));
  return new Uint32Array(stream, 0, length);
}

/** 32 fresh random bytes. */
export function randomSeed(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(KEY_BYTES));
}

/** Encrypts `plain` with a 32-byte key (AES-256-GCM): a 12-byte random nonce, then ciphertext and tag. */
export async function seal(keyBytes: Uint8Array, plain: Uint8Array): Promise<Uint8Array> {
  const key = await subtle().importKey('raw', keyBytes, { name: 'AES-GCM' }, false, ['encrypt']);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv }, key, plain));
  const out = new Uint8Array(12 + sealed.length);
  out.set(iv);
  out.set(sealed, 12);
  return out;
}

/** Decrypts what `seal` made; a wrong key or tampered bytes are a SecAggError. */
export async function open(keyBytes: Uint8Array, sealed: Uint8Array): Promise<Uint8Array> {
  if (sealed.length < 12 + 16) throw new SecAggError('message', 'A share envelope is too short to be AES-GCM ciphertext.');
  const key = await subtle().importKey('raw', keyBytes, { name: 'AES-GCM' }, false, ['decrypt']);
  try {
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: sealed.subarray(0, 12) }, key, sealed.subarray(12)));
  } catch {
    throw new SecAggError('message', 'A share envelope does not decrypt: it was tampered with or sent to the wrong client.');
  }
}
