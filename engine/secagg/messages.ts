/**
 * The messages of one secure-aggregation round, as plain typed data (a wire will carry them later). The
 * round follows Bonawitz et al. 2017 §4 and Flower's SecAgg+ stages:
 *   setup (server → client) → advertiseKeys (c → s) → publicKeys (s → c) → shareKeys (c → s)
 *   → routedShares (s → c) → maskedInput (c → s) → unmaskRequest (s → c) → unmaskResponse (c → s).
 * The server only ever receives public keys, envelopes it cannot open, masked vectors and the shares
 * needed to unmask their sum.
 */
import type { Share } from './shamir.js';

/** Server → client: this round's settings and the client's neighbours. */
export interface SetupMessage {
  readonly kind: 'setup';
  /** The client's id (0..n−1); its Shamir index is id + 1. */
  readonly clientId: number;
  /** Its neighbours' ids, ascending. */
  readonly neighbours: readonly number[];
  /** Shares needed to reconstruct one of its secrets (of neighbours + itself). */
  readonly threshold: number;
  /** Coordinates of the update. */
  readonly vectorLength: number;
  /** Values are clipped to [−range, range] before quantisation. */
  readonly range: number;
  /** Fixed-point scale (see fixedPoint.ts). */
  readonly scale: number;
}

/** Client → server: its two X25519 public keys (one for share envelopes, one for pairwise masks). */
export interface AdvertiseKeysMessage {
  readonly kind: 'advertiseKeys';
  readonly from: number;
  /** Raw public key for envelope encryption (c_i^PK). */
  readonly encryptionKey: Uint8Array;
  /** Raw public key for pairwise masks (s_i^PK). */
  readonly maskKey: Uint8Array;
}

/** A neighbour's advertised public keys. */
export interface PublicKeyEntry {
  readonly id: number;
  readonly encryptionKey: Uint8Array;
  readonly maskKey: Uint8Array;
}

/** Server → client: the public keys of those neighbours that advertised them. */
export interface PublicKeysMessage {
  readonly kind: 'publicKeys';
  readonly keys: readonly PublicKeyEntry[];
}

/** An AES-GCM envelope for one recipient, holding its shares of the sender's two secrets. */
export interface Envelope {
  /** Sender (in routedShares) or recipient (in shareKeys). */
  readonly peer: number;
  /** Nonce, ciphertext and tag (see crypto.seal). */
  readonly sealed: Uint8Array;
}

/** Client → server: one sealed envelope per neighbour. */
export interface ShareKeysMessage {
  readonly kind: 'shareKeys';
  readonly from: number;
  readonly envelopes: readonly Envelope[];
}

/** Server → client: the envelopes addressed to it (`peer` is the sender). */
export interface RoutedSharesMessage {
  readonly kind: 'routedShares';
  readonly envelopes: readonly Envelope[];
}

/** Client → server: the masked, quantised update. */
export interface MaskedInputMessage {
  readonly kind: 'maskedInput';
  readonly from: number;
  readonly vector: Uint32Array;
}

/** Server → client: who sent a masked input (survivors) and who shared keys but did not (dropped). */
export interface UnmaskRequestMessage {
  readonly kind: 'unmaskRequest';
  readonly survivors: readonly number[];
  readonly dropped: readonly number[];
}

/** One share of a neighbour's secret, as held by the answering client. */
export interface OwnedShare {
  /** Whose secret it is. */
  readonly owner: number;
  readonly share: Share;
}

/** Client → server: self-mask shares of surviving neighbours and mask-key shares of dropped ones. */
export interface UnmaskResponseMessage {
  readonly kind: 'unmaskResponse';
  readonly from: number;
  readonly selfMaskShares: readonly OwnedShare[];
  readonly maskKeyShares: readonly OwnedShare[];
}

/** Any message from a client to the server. */
export type ClientMessage = AdvertiseKeysMessage | ShareKeysMessage | MaskedInputMessage | UnmaskResponseMessage;

/** Any message from the server to a client. */
export type ServerMessage = SetupMessage | PublicKeysMessage | RoutedSharesMessage | UnmaskRequestMessage;

/** Bytes a message would take on a wire: its binary payloads plus 4 bytes per id and number. */
export function messageBytes(message: ClientMessage | ServerMessage): number {
  switch (message.kind) {
    case 'setup':
      return 4 * (5 + message.neighbours.length) + 8;
    case 'advertiseKeys':
      return 4 + message.encryptionKey.length + message.maskKey.length;
    case 'publicKeys':
      return message.keys.reduce((sum, k) => sum + 4 + k.encryptionKey.length + k.maskKey.length, 0);
    case 'shareKeys':
      return 4 + message.envelopes.reduce((sum, e) => sum + 8 + e.sealed.length, 0);
    case 'routedShares':
      return message.envelopes.reduce((sum, e) => sum + 8 + e.sealed.length, 0);
    case 'maskedInput':
      return 4 + message.vector.byteLength;
    case 'unmaskRequest':
      return 4 * (message.survivors.length + message.dropped.length);
    case 'unmaskResponse':
      return 4 + [...message.selfMaskShares, ...message.maskKeyShares].reduce((sum, s) => sum + 6 + s.share.value.length, 0);
    default:
      return assertNever(message);
  }
}

function assertNever(value: never): never {
  throw new TypeError(`Unknown secure-aggregation message ${JSON.stringify(value)}.`);
}
