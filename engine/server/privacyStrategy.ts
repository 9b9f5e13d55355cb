/**
 * Differential privacy as a strategy wrapper, like Flower's DifferentialPrivacy{Server,Client}Side
 * {Fixed,Adaptive}Clipping and LocalDpMod. Server-side: each update (weights − global) is clipped to C
 * before the inner strategy aggregates. Client-side: the clients clip (FitConfig.clipNorm, in
 * engine/run/poolClientProxy.ts, before compression). Both then add N(0, (σ·C/m)²) to the aggregate
 * (Flower's add_gaussian_noise_to_params). Local: each client clips and noises its own update, the server
 * adds nothing. Every aggregated round is composed into an RDP accountant (engine/privacy/rdpAccountant.ts).
 *
 * Where this differs from Flower, and why:
 * - m is the number of updates actually aggregated this round, not the configured sample size, so a
 *   dropout never leaves the average under-noised.
 * - Adaptive clipping noises with the C the updates were clipped to this round; Flower noises with the
 *   C already updated for the next round, which is smaller than the sensitivity when C shrinks.
 * - Flower leaves accounting to the user; here q = sampled / total clients of the aggregator's groups,
 *   and local DP is accounted with q = 1 (the server sees who sent, so subsampling does not amplify).
 *
 * Under secure aggregation (secureAggregationStrategy.ts wraps this one) the wrapper gets one reply, the
 * secure sum, and never a client's update: client-side clipping is the only kind possible, the norm bits
 * arrive as their count, and the noise is calibrated to the weighted sum Σ(nᵢ/N)·Δᵢ, whose sensitivity is
 * C because each weight nᵢ/N ≤ 1 (N the public example bound): std σ·C on the sum, σ·C·N/Σnᵢ on the average
 * — σ·C/m when the shards are equal, more when they are not, so a large client never gets less noise than
 * its weight calls for. The denominators (m, Σnᵢ) are treated as public, as Flower treats m.
 */
import type { AggregatorParams } from '../format/params.js';
import { adaptiveNoiseParams, AdaptiveClipNorm } from '../privacy/adaptiveClipping.js';
import { clipModelUpdate } from '../privacy/clip.js';
import { addGaussianNoise, centralNoiseStd } from '../privacy/gaussianNoise.js';
import { RdpAccountant } from '../privacy/rdpAccountant.js';
import type { FullFitIns, FullFitRes } from '../protocol/messages.js';
import { deriveSeed, Rng } from '../random/rng.js';
import type { ClientManager } from './clientProxy.js';
import { isRoundStop, type Instruction, type PrivacyLedger, type Reply, type Strategy } from './strategy.js';
import { summedOf } from './summedReply.js';

/** The privacy settings of an aggregator, as the wrapper reads them. */
export type PrivacyParams = Pick<
  AggregatorParams,
  'privacy' | 'clipNorm' | 'noiseMultiplier' | 'targetQuantile' | 'clipLearningRate' | 'clippedCountStddev' | 'delta'
>;

/** What one round of the mechanism did, for tests and the report. */
export interface PrivacyRound {
  readonly round: number;
  /** The clip norm the round's updates were clipped to. */
  readonly clipNorm: number;
  /** The noise std added to each coordinate of the aggregate (0 for local DP). */
  readonly noiseStd: number;
  /** The sampling rate q the accountant used. */
  readonly q: number;
  /** ε at δ after this round. */
  readonly epsilon: number;
}

/** A strategy wrapped with DP, with the record of its rounds. */
export interface PrivateStrategy extends Strategy {
  readonly privacy: PrivacyLedger & { readonly rounds: readonly PrivacyRound[] };
}

/** The noise multiplier of the update noise once adaptive clipping's count noise has taken its share (Flower's). */
export function updateNoiseMultiplier(p: PrivacyParams, sampledClients: number): number | { error: string } {
  if (p.privacy !== 'server-adaptive' && p.privacy !== 'client-adaptive') return p.noiseMultiplier;
  const split = adaptiveNoiseParams(p.noiseMultiplier, sampledClients, p.clippedCountStddev);
  return 'error' in split ? split : split.noiseMultiplier;
}

const totalClients = (clients: ClientManager): number => clients.groups.reduce((s, g) => s + g.proxies.length, 0);

/** Wraps `inner` with the aggregator's DP mechanism; `none` returns `inner` itself, so nothing changes. */
export function withPrivacy(inner: Strategy, p: PrivacyParams, seed: number, aggregatorId: string): Strategy | PrivateStrategy {
  if (p.privacy === 'none') return inner;
  const mechanism = p.privacy;
  const accountant = new RdpAccountant();
  const rounds: PrivacyRound[] = [];
  const adaptive = mechanism === 'server-adaptive' || mechanism === 'client-adaptive';
  const clip = new AdaptiveClipNorm({
    initialClipNorm: p.clipNorm,
    targetQuantile: p.targetQuantile,
    learningRate: p.clipLearningRate,
    clippedCountStddev: 0, // set per round from the sample size (Flower's default m/20)
  });
  const serverClips = mechanism === 'server-fixed' || mechanism === 'server-adaptive';
  let q = 1;
  let epsilon = 0;
  const accountedQ = (sampled: number, total: number): number => (mechanism === 'local' ? 1 : Math.min(1, sampled / Math.max(1, total)));

  const ledger = {
    get epsilon() {
      return epsilon;
    },
    epsilonAfter: (sampled: number, total: number) => accountant.epsilonAfter(accountedQ(sampled, total), p.noiseMultiplier, p.delta),
    get last() {
      return rounds.at(-1);
    },
    rounds,
  };

  return {
    name: inner.name,
    privacy: ledger,
    configureFit(round, global, clients): Instruction<FullFitIns>[] {
      const planned = inner.configureFit(round, global, clients);
      q = accountedQ(planned.length, totalClients(clients));
      if (serverClips) return planned;
      const extra = mechanism === 'local' ? { clipNorm: clip.value, localNoise: p.noiseMultiplier } : { clipNorm: clip.value };
      return planned.map((i) => ({ ...i, ins: { ...i.ins, config: { ...i.ins.config, ...extra } } }));
    },
    configureEvaluate: (...args) => inner.configureEvaluate(...args),
    aggregateEvaluate: (...args) => inner.aggregateEvaluate(...args),
    aggregateFit(round, global, results, failures) {
      const c = clip.value;
      const summed = summedOf(results);
      // Validation refuses this; a server cannot clip the updates inside a secure sum it never sees apart.
      if (summed && serverClips) return { field: 'params.privacy', message: `Round ${round} stopped: privacy ${mechanism} clips each update on the server, which secure aggregation hides from it; use client-fixed or client-adaptive.` };
      let within = 0;
      let clipped: readonly Reply<FullFitRes>[] = results;
      if (summed) {
        within = summed.normBits ?? 0;
      } else if (serverClips) {
        clipped = results.map(({ client, res }) => {
          const r = clipModelUpdate(res.weights, global, c);
          if (r.withinBound) within++;
          return { client, res: { ...res, weights: r.weights } };
        });
      } else {
        within = results.filter(({ res }) => res.metrics.normBit === true).length;
      }
      const aggregate = inner.aggregateFit(round, global, clipped, failures);
      if (isRoundStop(aggregate)) return aggregate;
      const m = summed ? summed.updates : results.length;
      const rng = new Rng(deriveSeed(seed, 'privacy', aggregatorId, round));
      let noiseStd = 0;
      let weights = aggregate.weights;
      if (mechanism !== 'local' && m > 0) {
        const zm = updateNoiseMultiplier(p, m);
        // Validation refuses settings where the split fails; a round with fewer answers than planned falls back to σ itself.
        const z = typeof zm === 'number' ? zm : p.noiseMultiplier;
        // A secure sum's average divides by its total weight Σnᵢ/N, not by m (see above); an all-empty round moves nothing but is still noised as one update.
        noiseStd = summed ? (z * c) / (summed.weight > 0 ? summed.weight : 1) : centralNoiseStd(z, c, m);
        weights = addGaussianNoise(aggregate.weights, noiseStd, rng);
      }
      if (adaptive && m > 0) {
        const split = adaptiveNoiseParams(p.noiseMultiplier, m, p.clippedCountStddev);
        const sigmaB = 'error' in split ? (p.clippedCountStddev ?? m / 20) : split.clippedCountStddev;
        clip.update(within, m, rng, sigmaB);
      }
      if (m > 0) accountant.step(q, p.noiseMultiplier);
      epsilon = accountant.epsilon(p.delta);
      rounds.push({ round, clipNorm: c, noiseStd, q, epsilon });
      return { ...aggregate, weights };
    },
  };
}
