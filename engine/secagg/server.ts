/**
 * The server side of a secure-aggregation round. It routes keys and sealed envelopes it cannot open, adds
 * each masked vector into one running sum as it arrives (no individual vector is kept, masked or not), and
 * at the end removes the masks from the sum alone: the self masks of survivors and the pairwise masks that
 * survivors shared with clients who dropped. It never sees an unmasked individual update.
 */
import { importPrivateKey, KEY_BYTES, type Key } from './crypto.js';
import { dequantise } from './fixedPoint.js';
import { applyMask, pairSeed, pairSign } from './masks.js';
import type {
  AdvertiseKeysMessage,
  MaskedInputMessage,
  PublicKeysMessage,
  RoutedSharesMessage,
  SetupMessage,
  ShareKeysMessage,
  UnmaskRequestMessage,
  UnmaskResponseMessage,
} from './messages.js';
import type { NeighbourGraph } from './neighbours.js';
import { SecAggError } from './secaggError.js';
import { combineShares, type Share } from './shamir.js';

/** A round's settings, fixed by the server before it starts. */
export interface SecAggSettings {
  /** Neighbours of each client id 0..n−1 (symmetric). */
  readonly graph: NeighbourGraph;
  /** Shares needed to reconstruct a secret, out of a neighbourhood of degree + 1. */
  readonly threshold: number;
  /** Coordinates of each update. */
  readonly vectorLength: number;
  /** Clipping range R. */
  readonly range: number;
  /** Fixed-point scale s. */
  readonly scale: number;
}

/** What a finished round yields: only the sum, and who took part. */
export interface SecAggResult {
  /** The sum of the survivors' clipped updates, decoded to floats. */
  readonly sum: Float32Array;
  /** The same sum modulo 2^32, exactly as the masks left it. */
  readonly integerSum: Uint32Array;
  /** Clients whose updates the sum holds, ascending. */
  readonly survivors: readonly number[];
  /** Clients that shared keys but sent no masked input, ascending. */
  readonly dropped: readonly number[];
}

type Stage = 'setup' | 'keys' | 'shares' | 'masked' | 'unmask' | 'done';

/** The server's part of one round. */
export class SecAggServer {
  private stage: Stage = 'setup';
  private readonly keys = new Map<number, AdvertiseKeysMessage>();
  private readonly sharers = new Set<number>();
  private readonly survivors = new Set<number>();
  private readonly sum: Uint32Array;

  constructor(private readonly settings: SecAggSettings) {
    const n = settings.graph.length;
    if (!Number.isInteger(settings.vectorLength) || settings.vectorLength < 1) {
      throw new SecAggError('settings', `The vector length must be a whole number ≥ 1, got ${settings.vectorLength}.`);
    }
    const smallest = Math.min(...settings.graph.map((ns) => ns.length)) + 1;
    if (!Number.isInteger(settings.threshold) || settings.threshold < 2 || settings.threshold > smallest) {
      throw new SecAggError('threshold', `The threshold must be from 2 to the smallest neighbourhood (${smallest}), got ${settings.threshold}.`);
    }
    for (let i = 0; i < n; i++) {
      for (const j of settings.graph[i]) {
        if (j === i || !(j >= 0 && j < n) || !settings.graph[j].includes(i)) {
          throw new SecAggError('graph', `The neighbour graph is not symmetric at clients ${i} and ${j}.`, i);
        }
      }
    }
    this.sum = new Uint32Array(settings.vectorLength);
  }

  /** Stage 0: one setup message per client. */
  setup(): SetupMessage[] {
    this.advance('setup', 'keys');
    const { graph, threshold, vectorLength, range, scale } = this.settings;
    return graph.map((neighbours, clientId) => ({ kind: 'setup', clientId, neighbours, threshold, vectorLength, range, scale }));
  }

  /** Stage 1: takes the advertised keys; answers each advertising client with its neighbours' keys. */
  receiveKeys(messages: readonly AdvertiseKeysMessage[]): Map<number, PublicKeysMessage> {
    this.advance('keys', 'shares');
    for (const m of messages) {
      this.checkSender(m.from, this.keys.has(m.from), 'advertiseKeys');
      if (m.encryptionKey.length !== KEY_BYTES || m.maskKey.length !== KEY_BYTES) {
        throw new SecAggError('message', `Client ${m.from} advertised keys that are not ${KEY_BYTES} bytes.`, m.from);
      }
      this.keys.set(m.from, m);
    }
    const out = new Map<number, PublicKeysMessage>();
    for (const id of this.keys.keys()) {
      const keys = this.settings.graph[id]
        .filter((j) => this.keys.has(j))
        .map((j) => ({ id: j, encryptionKey: this.keys.get(j)!.encryptionKey, maskKey: this.keys.get(j)!.maskKey }));
      out.set(id, { kind: 'publicKeys', keys });
    }
    return out;
  }

  /** Stage 2: takes the sealed envelopes and routes each to its recipient. */
  receiveShares(messages: readonly ShareKeysMessage[]): Map<number, RoutedSharesMessage> {
    this.advance('shares', 'masked');
    const routed = new Map<number, { peer: number; sealed: Uint8Array }[]>();
    for (const m of messages) {
      this.checkSender(m.from, this.sharers.has(m.from) || !this.keys.has(m.from), 'shareKeys');
      for (const e of m.envelopes) {
        if (!this.settings.graph[m.from].includes(e.peer) || !this.keys.has(e.peer)) {
          throw new SecAggError('message', `Client ${m.from} sent an envelope to ${e.peer}, which is not an advertised neighbour.`, m.from);
        }
      }
      this.sharers.add(m.from);
      for (const e of m.envelopes) {
        const list = routed.get(e.peer) ?? [];
        list.push({ peer: m.from, sealed: e.sealed });
        routed.set(e.peer, list);
      }
    }
    const out = new Map<number, RoutedSharesMessage>();
    // Only clients that shared keys go on; an envelope from one that shared is routed to the others.
    for (const id of this.sharers) out.set(id, { kind: 'routedShares', envelopes: (routed.get(id) ?? []).filter((e) => this.sharers.has(e.peer)) });
    return out;
  }

  /** Stage 3: adds one masked vector into the running sum; the vector itself is not kept. */
  addMaskedInput(m: MaskedInputMessage): void {
    if (this.stage !== 'masked') throw new SecAggError('message', `The server is at stage '${this.stage}', not 'masked'.`);
    this.checkSender(m.from, this.survivors.has(m.from) || !this.sharers.has(m.from), 'maskedInput');
    if (!(m.vector instanceof Uint32Array) || m.vector.length !== this.settings.vectorLength) {
      throw new SecAggError('vector', `Client ${m.from} sent a masked vector of the wrong length.`, m.from);
    }
    for (let i = 0; i < this.sum.length; i++) this.sum[i] = (this.sum[i] + m.vector[i]) >>> 0;
    this.survivors.add(m.from);
  }

  /** Stage 3 ends: asks the survivors to help unmask the sum, or fails if too few sent a masked vector. */
  requestUnmask(): Map<number, UnmaskRequestMessage> {
    this.advance('masked', 'unmask');
    if (this.survivors.size < this.settings.threshold) {
      this.stage = 'done';
      throw new SecAggError(
        'survivors',
        `Only ${this.survivors.size} clients sent a masked update; the round needs at least ${this.settings.threshold} (the threshold), so it fails rather than reveal anything.`,
      );
    }
    const survivors = [...this.survivors].sort((a, b) => a - b);
    const dropped = [...this.sharers].filter((id) => !this.survivors.has(id)).sort((a, b) => a - b);
    const out = new Map<number, UnmaskRequestMessage>();
    for (const id of survivors) out.set(id, { kind: 'unmaskRequest', survivors, dropped });
    return out;
  }

  /** Stage 4: reconstructs the secrets from the survivors' shares and removes every mask from the sum. */
  async receiveUnmask(messages: readonly UnmaskResponseMessage[]): Promise<SecAggResult> {
    this.advance('unmask', 'done');
    const selfShares = new Map<number, Share[]>();
    const keyShares = new Map<number, Share[]>();
    const answered = new Set<number>();
    for (const m of messages) {
      this.checkSender(m.from, answered.has(m.from) || !this.survivors.has(m.from), 'unmaskResponse');
      answered.add(m.from);
      for (const { owner, share } of m.selfMaskShares) collect(selfShares, owner, share, this.survivors.has(owner), m.from, 'self-mask');
      for (const { owner, share } of m.maskKeyShares) {
        collect(keyShares, owner, share, this.sharers.has(owner) && !this.survivors.has(owner), m.from, 'mask-key');
      }
    }
    const { threshold } = this.settings;
    for (const id of this.survivors) {
      const seed = reconstruct(selfShares.get(id) ?? [], threshold, id, 'self-mask seed');
      await applyMask(this.sum, seed, -1);
    }
    for (const id of this.sharers) {
      if (this.survivors.has(id)) continue;
      const maskKey: Key = await importPrivateKey(reconstruct(keyShares.get(id) ?? [], threshold, id, 'mask key'));
      // Survivor k added pairSign(k, id)·PRG(s_k,id); take it back out.
      for (const k of this.settings.graph[id]) {
        if (!this.survivors.has(k)) continue;
        const seed = await pairSeed(maskKey, this.keys.get(k)!.maskKey);
        await applyMask(this.sum, seed, pairSign(k, id) === 1 ? -1 : 1);
      }
    }
    const survivors = [...this.survivors].sort((a, b) => a - b);
    const dropped = [...this.sharers].filter((id) => !this.survivors.has(id)).sort((a, b) => a - b);
    return { sum: dequantise(this.sum, this.settings.scale), integerSum: this.sum.slice(), survivors, dropped };
  }

  private advance(stage: Stage, next: Stage): void {
    if (this.stage !== stage) throw new SecAggError('message', `The server is at stage '${this.stage}', not '${stage}'.`);
    this.stage = next;
  }

  private checkSender(from: number, refused: boolean, what: string): void {
    if (!Number.isInteger(from) || from < 0 || from >= this.settings.graph.length) {
      throw new SecAggError('message', `A ${what} message came from ${from}, which is not a client of this round.`);
    }
    if (refused) throw new SecAggError('message', `Client ${from} sent a ${what} message it may not send (a second one, or out of turn).`, from);
  }
}

function collect(into: Map<number, Share[]>, owner: number, share: Share, wanted: boolean, from: number, what: string): void {
  if (!wanted) throw new SecAggError('message', `Client ${from} sent a ${what} share of client ${owner}, which was not asked for.`, from);
  const list = into.get(owner) ?? [];
  list.push(share);
  into.set(owner, list);
}

function reconstruct(shares: readonly Share[], threshold: number, owner: number, what: string): Uint8Array {
  if (shares.length < threshold) {
    throw new SecAggError(
      'survivors',
      `Only ${shares.length} neighbours of client ${owner} answered with a share of its ${what}; ${threshold} are needed, so the sum cannot be unmasked.`,
      owner,
    );
  }
  return combineShares(shares, threshold, KEY_BYTES);
}
