/**
 * The parameters of each node kind, defined once with zod. The validator, the runner, the JSON Schema
 * and the workbench's inspector all derive from these schemas; defaults live here and nowhere else.
 */
import { z } from 'zod';
import { INVERSION_ATTACKS } from '../attack/inversionAttacks.js';
import { COMPRESSOR_NAMES } from '../compress/compressor.js';
import type { NodeKind } from './nodeKinds.js';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);
const positive = z.number().positive();

export const mnistDatasetParams = z.object({
  source: z.literal('mnist'),
  /** Digits used for training, drawn from the 10,000 the `mnist` package ships. */
  trainSize: int(1, 10000).default(8000),
  /** Digits held out as the central test set. */
  testSize: int(1, 10000).default(2000),
});

export const syntheticDatasetParams = z.object({
  source: z.literal('synthetic'),
  /** How much the devices' models differ (FedProx's α). */
  alpha: z.number().min(0).default(0),
  /** How much the devices' inputs differ (FedProx's β). */
  beta: z.number().min(0).default(0),
  /** The IID variant: one shared model and input distribution for all devices. */
  iid: z.boolean().default(false),
  devices: int(1, 100000).default(30),
  features: int(1, 10000).default(60),
  classes: int(2, 1000).default(10),
  /** Device sizes are floor(lognormal(sizeMean, sizeSigma)) + sizeMin, as in FedProx. */
  sizeMean: z.number().default(4),
  sizeSigma: z.number().min(0).default(2),
  sizeMin: int(1).default(50),
  testFraction: z.number().min(0).max(0.9).default(0.2),
});

export const csvDatasetParams = z.object({
  source: z.literal('csv'),
  /** Path of the CSV file, relative to the pipeline file. */
  path: z.string().min(1),
  /** What the first line holds: column `names`; `none` (every line is data); `sklearn` (`n_samples,n_features,class names…`). */
  header: z.enum(['names', 'none', 'sklearn']).default('names'),
  /** The field delimiter; `auto` takes a comma if the first line has one, else `;`, else a tab. With `;`, `1,5` reads as 1.5. */
  delimiter: z.enum(['auto', ',', ';', 'tab']).default('auto'),
  /** The label column: its name, or its position (1 is the first column, -1 the last). */
  labelColumn: z.string().min(1),
  /** Optional column naming the client (silo) each row belongs to, for the `natural` split: a name or a position. */
  clientColumn: z.string().min(1).optional(),
  /** A missing feature (empty, `NA`, `NaN`, `?`…): `error` stops, `drop` leaves the row out, `mean` fills in the training rows' mean. */
  missing: z.enum(['error', 'drop', 'mean']).default('error'),
  testFraction: z.number().min(0).max(0.9).default(0.2),
  /** Rescale every feature to zero mean and unit variance using training statistics. */
  standardize: z.boolean().default(true),
});

export const idxDatasetParams = z.object({
  source: z.literal('idx'),
  /** Paths (relative to the pipeline file) of the four IDX files; `.gz` files are read too. */
  trainImages: z.string().min(1),
  trainLabels: z.string().min(1),
  testImages: z.string().min(1),
  testLabels: z.string().min(1),
});

export const datasetParams = z.discriminatedUnion('source', [
  mnistDatasetParams,
  syntheticDatasetParams,
  csvDatasetParams,
  idxDatasetParams,
]);

const holdoutFraction = z.number().min(0).max(0.9).default(0);
const numClients = int(1, 1_000_000).default(10);

export const splitParams = z.discriminatedUnion('method', [
  z.object({ method: z.literal('iid'), numClients, holdoutFraction }),
  z.object({
    method: z.literal('dirichlet'),
    numClients,
    /** Concentration: small α gives each client few labels, large α approaches IID. */
    alpha: positive.default(0.5),
    /** Redraw until every client has at least this many examples (as Flower's DirichletPartitioner). */
    minPartitionSize: int(0).default(10),
    holdoutFraction,
  }),
  z.object({
    method: z.literal('pathological'),
    numClients,
    /** Shards (≈ classes) per client, from the FedAvg paper's sort-by-label split. */
    classesPerClient: int(1, 1000).default(2),
    holdoutFraction,
  }),
  z.object({
    method: z.literal('quantity'),
    numClients,
    distribution: z.enum(['lognormal', 'powerlaw']).default('lognormal'),
    /** σ of the lognormal sizes. */
    sigma: z.number().min(0).default(1),
    /** Exponent of the power-law sizes. */
    exponent: positive.default(1.5),
    holdoutFraction,
  }),
  z.object({ method: z.literal('natural'), holdoutFraction }),
]);

/**
 * The most hidden layers an MLP may have. Plain dense stacks stop learning long before this (gradients
 * vanish without residual connections), and each layer is a tfjs layer and kernel launches per step, so a
 * 100,000-layer document would only hang; memory is bounded separately by the run's estimate.
 */
export const MAX_HIDDEN_LAYERS = 100;

export const modelParams = z.discriminatedUnion('arch', [
  z.object({
    arch: z.literal('mlp'),
    hidden: z.array(int(1, 65536)).max(MAX_HIDDEN_LAYERS).default([128, 64]),
    activation: z.enum(['relu', 'tanh', 'sigmoid']).default('relu'),
  }),
  z.object({ arch: z.literal('cnn') }),
  z.object({ arch: z.literal('logistic') }),
]);

export const CLIENT_BEHAVIOURS = ['honest', 'label-flip', 'sign-flip', 'gaussian-noise', 'scaled'] as const;

/** How a client compresses its update (see engine/compress/); `none` sends its weights at full precision. */
export const UPLINK_COMPRESSIONS = COMPRESSOR_NAMES;

/** How an aggregator compresses the global model it broadcasts; `none` sends it at full precision. */
export const DOWNLINK_COMPRESSIONS = ['none', 'quantize'] as const;

/** How a client group's simulated devices differ (see engine/sim/deviceProfile.ts). */
export const DEVICE_MODELS = ['none', 'lognormal', 'phones'] as const;

export const clientParams = z.object({
  localEpochs: int(1, 1000).default(1),
  /** Minibatch size, or `'full'` for one full-batch step per epoch (FedSGD). */
  batchSize: z.union([int(1, 1_000_000), z.literal('full')]).default(32),
  optimizer: z.enum(['sgd', 'momentum', 'adam']).default('sgd'),
  learningRate: positive.max(10).default(0.01),
  /** Momentum coefficient of the `momentum` optimizer. */
  momentum: z.number().min(0).max(0.999).default(0.9),
  /** FedProx's proximal term μ; 0 is plain local training. */
  proximalMu: z.number().min(0).max(100).default(0),
  /** Fraction of this group's clients sampled each round: ⌊fraction·n⌋ of them, as Flower's `fraction_fit`. */
  fraction: z.number().gt(0).max(1).default(1),
  /** Sample at least this many clients each round (Flower's `min_fit_clients`, default 2), never more than the group has. */
  minClients: int(1).default(2),
  /** Probability that a sampled client drops out and returns nothing that round. */
  dropout: z.number().min(0).max(0.99).default(0),
  /** Which of the split's clients this group takes: `all`, `0-7`, or a list like `0,3,8-9`. */
  clients: z.string().min(1).default('all'),
  behaviour: z.enum(CLIENT_BEHAVIOURS).default('honest'),
  /** Multiplier for `sign-flip` and `scaled` updates. */
  attackScale: z.number().min(0).max(1e6).default(1),
  /** Standard deviation of the noise a `gaussian-noise` client sends instead of its update. */
  noiseStd: z.number().min(0).max(1e6).default(1),
  /**
   * Simulated devices: `none` (every client alike, no simulated clock), `lognormal` (each client's speed and
   * bandwidth drawn around the medians below), or `phones` (named tiers: flagship, mid-range, old phone).
   */
  devices: z.enum(DEVICE_MODELS).default('none'),
  /** Median local optimizer steps per second of a `lognormal` device. */
  stepsPerSecond: positive.max(1e6).default(20),
  /** Median upload bandwidth of a `lognormal` device, Mbit/s. */
  uplinkMbps: positive.max(1e5).default(5),
  /** Median download bandwidth of a `lognormal` device, Mbit/s. */
  downlinkMbps: positive.max(1e5).default(20),
  /** Spread σ of the `lognormal` draws; 0 puts every device at the medians. */
  deviceSigma: z.number().min(0).max(5).default(0.5),
  /** Optional CSV of when each client is online (`client,from,until`, simulated seconds), relative to the pipeline file. */
  availability: z.string().min(1).optional(),
  /** Repeat the availability trace every this many simulated seconds (86400 for a daily trace); 0 plays it once. */
  availabilityPeriod: z.number().min(0).max(1e9).default(0),
  /** Over-selection: sample this fraction more clients than needed and keep the first to finish (simulated time). */
  overSelection: z.number().min(0).max(10).default(0),
  /**
   * How the client compresses its update (local weights − received weights) before sending it: `none`
   * (full-precision weights), `quantize` (stochastic rounding to `bits` bits), `topk` (the largest
   * `keepFraction` of the coordinates), `randomk` (a seeded random `keepFraction`), `sign` (signs and one scale).
   */
  compression: z.enum(UPLINK_COMPRESSIONS).default('none'),
  /** Bits per coordinate of a `quantize` update. */
  bits: int(1, 16).default(8),
  /** Fraction of the coordinates a `topk` or `randomk` update keeps. */
  keepFraction: z.number().gt(0).max(1).default(0.01),
  /** Error feedback: add what compression dropped last time to the next update, kept per client between its rounds. */
  errorFeedback: z.boolean().default(false),
});

export const STRATEGY_NAMES = [
  'FedAvg',
  'FedAvgM',
  'FedAdam',
  'FedYogi',
  'FedAdagrad',
  'FedMedian',
  'FedTrimmedAvg',
  'Krum',
  'MultiKrum',
  'Bulyan',
  'QFedAvg',
  'SCAFFOLD',
] as const;

/**
 * Differential privacy of an aggregator's federation (engine/privacy/, Flower's DP wrappers): `none`;
 * `server-fixed` / `server-adaptive` (the server clips each update and noises the average);
 * `client-fixed` / `client-adaptive` (clients clip, the server noises); `local` (each client clips and noises its own update).
 */
export const PRIVACY_MECHANISMS = ['none', 'server-fixed', 'server-adaptive', 'client-fixed', 'client-adaptive', 'local'] as const;

/** What every strategy has: its rounds, and what a round does when clients fail. */
const common = {
  rounds: int(1, 100000).default(10),
  /** Flower's `accept_failures`: aggregate what came back when clients fail; false stops the run naming them. */
  acceptFailures: z.boolean().default(true),
  /** Seconds a client may train before it counts as failed (`timeout`); 0 waits as long as it takes. */
  clientTimeout: z.number().min(0).max(86400).default(0),
  /** Simulated seconds a round may last (needs simulated devices); 0 for no deadline. */
  deadline: z.number().min(0).max(1e9).default(0),
  /** A client that cannot finish by the deadline: `drop` it (FedAvg's practice) or take the `partial` work that fit (FedProx's). */
  stragglers: z.enum(['drop', 'partial']).default('drop'),
  /** Compress the global model the server broadcasts: `quantize` to `downlinkBits` bits once a round; the server keeps the exact model. */
  downlinkCompression: z.enum(DOWNLINK_COMPRESSIONS).default('none'),
  /** Bits per coordinate of a `quantize` broadcast. */
  downlinkBits: int(1, 16).default(8),
  /**
   * signSGD with majority vote (Bernstein et al. 2018), for clients with compression `sign`: the round's
   * update is Δ = s·sign(Σᵢ signᵢ), s the mean of the clients' scales, and every client counts as sending Δ.
   */
  signVote: z.boolean().default(false),
  /** Differential privacy mechanism (see PRIVACY_MECHANISMS); `none` leaves the numbers exactly as without it. */
  privacy: z.enum(PRIVACY_MECHANISMS).default('none'),
  /** L2 clip norm C of each update (the starting C of adaptive clipping). */
  clipNorm: positive.max(1e6).default(1),
  /** Noise multiplier σ: noise std σ·C on the sum of updates (σ·C/m on the average of m), σ·C per client with `local`. */
  noiseMultiplier: z.number().min(0).max(1e4).default(1),
  /** Adaptive clipping's target quantile γ of update norms that should fall under C. */
  targetQuantile: z.number().min(0).max(1).default(0.5),
  /** Adaptive clipping's clip-norm learning rate η_C. */
  clipLearningRate: positive.max(10).default(0.2),
  /** Adaptive clipping's noise std σ_b on the count of unclipped updates; default sampled clients / 20 (Flower's). */
  clippedCountStddev: z.number().min(0).max(1e6).optional(),
  /** δ of the (ε, δ) the run reports. */
  delta: z.number().gt(0).lt(1).default(1e-5),
  /** Stop this federation before a round that would take ε past this budget. */
  epsilonBudget: positive.max(1e6).optional(),
  // Secure aggregation
  /** Secure aggregation (engine/secagg/): the server learns only the sum of the round's weighted updates, never one client's. */
  secureAggregation: z.boolean().default(false),
  /** Each coordinate of a client's update (local − global weights) is clipped to [−secAggRange, secAggRange] before fixed-point encoding. */
  secAggRange: positive.max(1e6).default(1),
  /** Who masks with whom: SecAgg+'s `sparse` graph (degree 2⌈log₂ n⌉) or Bonawitz's `complete` graph. */
  secAggGraph: z.enum(['sparse', 'complete']).default('sparse'),
  // Gradient leakage (engine/attack/)
  /** An honest-but-curious server inverts one client's round-1 update into its training image: `analytic` (exact, first dense layer) or `dlg` (an optimiser); `none` runs no attack. */
  inversionAttack: z.enum(INVERSION_ATTACKS).default('none'),
  /** DLG's Adam iterations. */
  attackIterations: int(1, 10000).default(100),
  /** DLG's Adam step size on the dummy image's pixels. */
  attackLearningRate: positive.max(10).default(0.1),
  /** The client the server attacks; where it did not answer in round 1, the lowest-id client that did. */
  attackClient: int(0).default(0),
};
const fedOpt = (eta: number, tau: number, beta1: number) => ({
  ...common,
  /** Server learning rate η. */
  eta: positive.default(eta),
  beta1: z.number().min(0).lt(1).default(beta1),
  beta2: z.number().min(0).lt(1).default(0.99),
  /** Adaptivity τ, added to √v. */
  tau: positive.default(tau),
});

export const aggregatorParams = z.discriminatedUnion('strategy', [
  z.object({ strategy: z.literal('FedAvg'), ...common }),
  z.object({
    strategy: z.literal('FedAvgM'),
    ...common,
    serverLearningRate: positive.default(1),
    /** Flower's default 0 makes FedAvgM plain FedAvg until you set it (0.9 is the usual choice). */
    serverMomentum: z.number().min(0).lt(1).default(0),
  }),
  z.object({
    strategy: z.literal('FedAdam'),
    ...fedOpt(0.1, 1e-9, 0.9),
    /** Flower's step size η·√(1−β₂ʳ⁺¹)/(1−β₁ʳ⁺¹) in round r; false is Reddi et al.'s uncorrected step. */
    biasCorrection: z.boolean().default(true),
  }),
  // Flower corrects only FedAdam's step; its FedYogi and FedAdagrad take the plain one.
  z.object({ strategy: z.literal('FedYogi'), ...fedOpt(0.01, 1e-3, 0.9) }),
  // Flower's FedAdagrad keeps no first moment: β₁ = 0, so m is the round's Δ.
  z.object({ strategy: z.literal('FedAdagrad'), ...fedOpt(0.1, 1e-9, 0) }),
  z.object({ strategy: z.literal('FedMedian'), ...common }),
  z.object({
    strategy: z.literal('FedTrimmedAvg'),
    ...common,
    /** Fraction cut from each end, per coordinate. */
    beta: z.number().min(0).lt(0.5).default(0.2),
  }),
  z.object({ strategy: z.literal('Krum'), ...common, numMalicious: int(0).default(0) }),
  z.object({
    strategy: z.literal('MultiKrum'),
    ...common,
    numMalicious: int(0).default(0),
    /** How many of the best-scored updates are averaged. */
    numToKeep: int(1).default(2),
  }),
  /** El Mhamdi et al. 2018: Krum selections, then a coordinate-wise trimmed mean around the median; needs n ≥ 4f + 3. */
  z.object({ strategy: z.literal('Bulyan'), ...common, numMalicious: int(0).default(0) }),
  z.object({
    strategy: z.literal('QFedAvg'),
    ...common,
    /** Fairness q: 0 is FedAvg-like, larger q weighs clients with high loss more (Li et al. 2020). */
    q: z.number().min(0).max(100).default(0.2),
    /** Flower's `qffl_learning_rate`: the clients' step size that turns updates into gradients. */
    qfflLearningRate: positive.default(0.1),
  }),
  z.object({
    strategy: z.literal('SCAFFOLD'),
    ...common,
    /** Global step size η_g of Karimireddy et al. 2020; 1 takes the clients' mean update. */
    serverLearningRate: positive.default(1),
  }),
]);

export const evaluateParams = z.object({
  /** Evaluate the global model every this many rounds (and always after the last). */
  every: int(1).default(1),
  /** Evaluate on the dataset's central test set. */
  centralized: z.boolean().default(true),
  /** Evaluate on the sampled clients' local hold-outs (needs a split with `holdoutFraction` > 0). */
  federated: z.boolean().default(true),
});

export const noteParams = z.object({ text: z.string().default('') });

/** The params schema of each node kind. */
export const PARAMS_SCHEMAS = {
  dataset: datasetParams,
  split: splitParams,
  model: modelParams,
  client: clientParams,
  aggregator: aggregatorParams,
  evaluate: evaluateParams,
  note: noteParams,
} as const satisfies Record<NodeKind, z.ZodType>;

export type DatasetParams = z.output<typeof datasetParams>;
export type MnistDatasetParams = z.output<typeof mnistDatasetParams>;
export type SyntheticDatasetParams = z.output<typeof syntheticDatasetParams>;
export type CsvDatasetParams = z.output<typeof csvDatasetParams>;
export type IdxDatasetParams = z.output<typeof idxDatasetParams>;
export type SplitParams = z.output<typeof splitParams>;
export type ModelParams = z.output<typeof modelParams>;
export type ClientParams = z.output<typeof clientParams>;
export type ClientBehaviour = (typeof CLIENT_BEHAVIOURS)[number];
export type DeviceModel = (typeof DEVICE_MODELS)[number];
export type AggregatorParams = z.output<typeof aggregatorParams>;
export type StrategyName = (typeof STRATEGY_NAMES)[number];
export type EvaluateParams = z.output<typeof evaluateParams>;
export type NoteParams = z.output<typeof noteParams>;

/** The parsed params type of a node kind. */
export type ParamsOf<K extends NodeKind> = z.output<(typeof PARAMS_SCHEMAS)[K]>;
