/**
 * The client side of a secure-aggregation round, as a state machine over plain messages: each method takes
 * the server's message for one stage and returns the client's answer. Its update leaves it only masked.
 */
import { agreeKey, exportPrivateKey, generateKeyPair, open, randomSeed, seal, type KeyPair } from './crypto.js';
import { quantise } from './fixedPoint.js';
import { maskInput, pairSeed } from './masks.js';
import type {
  AdvertiseKeysMessage,
  MaskedInputMessage,
  OwnedShare,
  PublicKeyEntry,
  PublicKeysMessage,
  RoutedSharesMessage,
  SetupMessage,
  ShareKeysMessage,
  UnmaskRequestMessage,
  UnmaskResponseMessage,
} from './messages.js';
import { SecAggError } from './secaggError.js';
import { SHARE_VALUE_BYTES, splitSecret, type Share } from './shamir.js';

/** The HKDF purpose of envelope keys. */
const ENVELOPE_PURPOSE = 'share envelope';

/** Plaintext of an envelope: u16 sender, u16 recipient, the self-mask-seed share, the mask-key share. */
const ENVELOPE_PLAIN_BYTES = 4 + 2 * SHARE_VALUE_BYTES;

type Stage = 'new' | 'advertised' | 'shared' | 'masked' | 'done';

/** The shares a client holds of each neighbour's two secrets (and of its own). */
interface HeldShares {
  readonly selfMask: Share;
  readonly maskKey: Share;
}

/** One client's part of a round. */
export class SecAggClient {
  private stage: Stage = 'new';
  private setupMessage: SetupMessage | undefined;
  private encryption: KeyPair | undefined;
  private masking: KeyPair | undefined;
  private peers = new Map<number, PublicKeyEntry>();
  private selfSeed: Uint8Array | undefined;
  /** Shares received, by owner: only from neighbours that took part in key sharing (and itself). */
  private held = new Map<number, HeldShares>();

  /** Stage 0 → 1: takes the settings, makes two key pairs and advertises their public halves. */
  async advertiseKeys(setup: SetupMessage): Promise<AdvertiseKeysMessage> {
    this.expect('new', 'setup');
    if (!Number.isInteger(setup.threshold) || setup.threshold < 1 || setup.threshold > setup.neighbours.length + 1) {
      throw new SecAggError('threshold', `The threshold ${setup.threshold} must be from 1 to the neighbourhood's size ${setup.neighbours.length + 1}.`, setup.clientId);
    }
    this.setupMessage = setup;
    this.encryption = await generateKeyPair();
    this.masking = await generateKeyPair();
    this.stage = 'advertised';
    return { kind: 'advertiseKeys', from: setup.clientId, encryptionKey: this.encryption.publicKey, maskKey: this.masking.publicKey };
  }

  /** Stage 1 → 2: secret-shares its self-mask seed and mask private key, one sealed envelope per neighbour. */
  async shareKeys(message: PublicKeysMessage): Promise<ShareKeysMessage> {
    this.expect('advertised', 'publicKeys');
    const setup = this.setupMessage!;
    const neighbours = new Set(setup.neighbours);
    for (const entry of message.keys) {
      if (!neighbours.has(entry.id)) throw new SecAggError('message', `The server sent keys of client ${entry.id}, which is not a neighbour.`, setup.clientId);
      this.peers.set(entry.id, entry);
    }
    if (this.peers.size + 1 < setup.threshold) {
      throw new SecAggError('survivors', `Only ${this.peers.size} neighbours advertised keys; ${setup.threshold - 1} are needed.`, setup.clientId);
    }
    this.selfSeed = randomSeed();
    const maskPrivate = await exportPrivateKey(this.masking!.privateKey);
    // One share for each member of the neighbourhood, itself included, at Shamir index id + 1. Shares go
    // to every neighbour, advertised or not, so the indices (and so the polynomial's use) never depend on
    // who dropped; those that did not advertise simply get no envelope.
    const members = [setup.clientId, ...setup.neighbours];
    const indices = members.map((id) => id + 1);
    const seedShares = splitSecret(this.selfSeed, indices, setup.threshold);
    const keyShares = splitSecret(maskPrivate, indices, setup.threshold);
    const position = new Map(members.map((id, i) => [id, i]));
    this.held.set(setup.clientId, { selfMask: seedShares[0], maskKey: keyShares[0] });
    const envelopes = [];
    for (const [id, entry] of this.peers) {
      const plain = new Uint8Array(ENVELOPE_PLAIN_BYTES);
      const view = new DataView(plain.buffer);
      view.setUint16(0, setup.clientId);
      view.setUint16(2, id);
      plain.set(seedShares[position.get(id)!].value, 4);
      plain.set(keyShares[position.get(id)!].value, 4 + SHARE_VALUE_BYTES);
      const key = await agreeKey(this.encryption!.privateKey, entry.encryptionKey, ENVELOPE_PURPOSE);
      envelopes.push({ peer: id, sealed: await seal(key, plain) });
    }
    this.stage = 'shared';
    return { kind: 'shareKeys', from: setup.clientId, envelopes };
  }

  /** Stage 2 → 3: opens its envelopes and sends its update masked with the neighbours that shared keys. */
  async maskedInput(message: RoutedSharesMessage, update: Float32Array): Promise<MaskedInputMessage> {
    this.expect('shared', 'routedShares');
    const setup = this.setupMessage!;
    if (update.length !== setup.vectorLength) {
      throw new SecAggError('vector', `The update has ${update.length} coordinates; this round aggregates ${setup.vectorLength}.`, setup.clientId);
    }
    const pairSeeds = new Map<number, Uint8Array>();
    for (const envelope of message.envelopes) {
      const peer = this.peers.get(envelope.peer);
      if (peer === undefined || this.held.has(envelope.peer)) {
        throw new SecAggError('message', `An envelope from client ${envelope.peer} was unexpected (not a neighbour, or a second one).`, setup.clientId);
      }
      const key = await agreeKey(this.encryption!.privateKey, peer.encryptionKey, ENVELOPE_PURPOSE);
      const plain = await open(key, envelope.sealed);
      const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
      if (plain.length !== ENVELOPE_PLAIN_BYTES || view.getUint16(0) !== envelope.peer || view.getUint16(2) !== setup.clientId) {
        throw new SecAggError('message', `The envelope from client ${envelope.peer} is not addressed from it to this client.`, setup.clientId);
      }
      const index = setup.clientId + 1;
      this.held.set(envelope.peer, {
        selfMask: { index, value: plain.slice(4, 4 + SHARE_VALUE_BYTES) },
        maskKey: { index, value: plain.slice(4 + SHARE_VALUE_BYTES) },
      });
      pairSeeds.set(envelope.peer, await pairSeed(this.masking!.privateKey, peer.maskKey));
    }
    const quantised = quantise(update, setup.range, setup.scale);
    const vector = await maskInput(setup.clientId, quantised, this.selfSeed!, pairSeeds);
    this.stage = 'masked';
    return { kind: 'maskedInput', from: setup.clientId, vector };
  }

  /**
   * Stage 3 → 4: for each neighbour it holds shares of, sends the self-mask share if the neighbour
   * survived and the mask-key share if it dropped — never both for one neighbour, and it answers once.
   */
  unmask(message: UnmaskRequestMessage): UnmaskResponseMessage {
    this.expect('masked', 'unmaskRequest');
    const setup = this.setupMessage!;
    const survivors = new Set(message.survivors);
    const dropped = new Set(message.dropped);
    for (const id of dropped) {
      if (survivors.has(id)) throw new SecAggError('message', `Client ${id} is listed as both surviving and dropped.`, setup.clientId);
    }
    if (!survivors.has(setup.clientId)) throw new SecAggError('message', 'This client is not listed as a survivor.', setup.clientId);
    if (survivors.size < setup.threshold) {
      throw new SecAggError('survivors', `Only ${survivors.size} clients survived; the round needs ${setup.threshold}.`, setup.clientId);
    }
    const selfMaskShares: OwnedShare[] = [];
    const maskKeyShares: OwnedShare[] = [];
    for (const [owner, shares] of this.held) {
      if (survivors.has(owner)) selfMaskShares.push({ owner, share: shares.selfMask });
      else if (dropped.has(owner)) maskKeyShares.push({ owner, share: shares.maskKey });
    }
    this.stage = 'done';
    return { kind: 'unmaskResponse', from: setup.clientId, selfMaskShares, maskKeyShares };
  }

  private expect(stage: Stage, what: string): void {
    if (this.stage !== stage) {
      throw new SecAggError('message', `A ${what} message arrived at stage '${this.stage}'; it belongs to stage '${stage}'.`, this.setupMessage?.clientId);
    }
  }
}
