/**
 * When a param applies: momentum only to the momentum optimizer, attackScale only to clients that attack,
 * the privacy, secure-aggregation and attack settings only once they are turned on. The inspector hides a
 * param that does not apply (its form would otherwise list 40 fields for one FedAvg aggregator), and shows it
 * again the moment it does, or whenever it has a problem to show. One table, read from parsed params
 * (defaults applied), so "applies" means what the engine does with the value.
 */
import type { NodeKind } from './nodeKinds.js';
import { PARAMS_SCHEMAS } from './params.js';

type Params = Record<string, unknown>;
type Applies = (p: Params) => boolean;

const is = (field: string, ...values: unknown[]): Applies => (p) => values.includes(p[field]);
const not = (field: string, value: unknown): Applies => (p) => p[field] !== value;
const privacyOn = not('privacy', 'none');
const adaptive = is('privacy', 'server-adaptive', 'client-adaptive');
const attacking = not('inversionAttack', 'none');
const lognormal = is('devices', 'lognormal');

/** Per kind, the params that apply only sometimes, and when; a param not listed always applies. */
const APPLIES: Partial<Record<NodeKind, Record<string, Applies>>> = {
  client: {
    momentum: is('optimizer', 'momentum'),
    attackScale: is('behaviour', 'sign-flip', 'scaled'),
    noiseStd: is('behaviour', 'gaussian-noise'),
    stepsPerSecond: lognormal,
    uplinkMbps: lognormal,
    downlinkMbps: lognormal,
    deviceSigma: lognormal,
    availabilityPeriod: (p) => p.availability !== undefined,
    bits: is('compression', 'quantize'),
    keepFraction: is('compression', 'topk', 'randomk'),
    errorFeedback: not('compression', 'none'),
  },
  aggregator: {
    downlinkBits: is('downlinkCompression', 'quantize'),
    stragglers: (p) => typeof p.deadline === 'number' && p.deadline > 0,
    clipNorm: privacyOn,
    noiseMultiplier: privacyOn,
    delta: privacyOn,
    epsilonBudget: privacyOn,
    targetQuantile: adaptive,
    clipLearningRate: adaptive,
    clippedCountStddev: adaptive,
    secAggRange: (p) => p.secureAggregation === true,
    secAggGraph: (p) => p.secureAggregation === true,
    attackIterations: is('inversionAttack', 'dlg'),
    attackLearningRate: is('inversionAttack', 'dlg'),
    attackClient: attacking,
  },
};

/** Whether `field` of a node of `kind` with these params (as written) changes what a run does. */
export function paramApplies(kind: NodeKind, field: string, params: Params): boolean {
  const rule = APPLIES[kind]?.[field];
  if (!rule) return true;
  const parsed = PARAMS_SCHEMAS[kind].safeParse(params);
  // Params that do not parse yet: judge by what is written, over the kind's defaults where they parse alone.
  return rule(parsed.success ? (parsed.data as Params) : params);
}
