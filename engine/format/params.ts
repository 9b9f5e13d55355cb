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
  trainSize: int(1, 10000).default(8000).describe('Digits used for training, drawn from the 10,000 the `mnist` package ships.'),
  testSize: int(1, 10000).default(2000).describe('Digits held out as the central test set.'),
});

export const syntheticDatasetParams = z.object({
  source: z.literal('synthetic'),
  alpha: z.number().min(0).default(0).describe('How much the devices\' models differ (FedProx\'s α).'),
  beta: z.number().min(0).default(0).describe('How much the devices\' inputs differ (FedProx\'s β).'),
  iid: z.boolean().default(false).describe('The IID variant: one shared model and input distribution for all devices.'),
  devices: int(1, 100000).default(30).describe('How many devices (clients) the synthetic data set makes.'),
  features: int(1, 10000).default(60).describe('Features per example.'),
  classes: int(2, 1000).default(10).describe('Label classes.'),
  sizeMean: z.number().default(4).describe('Device sizes are floor(lognormal(sizeMean, sizeSigma)) + sizeMin, as in FedProx.'),
  sizeSigma: z.number().min(0).default(2).describe('σ of the lognormal device sizes.'),
  sizeMin: int(1).default(50).describe('Examples every device has at least.'),
  testFraction: z.number().min(0).max(0.9).default(0.2).describe('Fraction of the rows kept back as the central test set.'),
});

export const csvDatasetParams = z.object({
  source: z.literal('csv'),
  path: z.string().min(1).describe('Path of the CSV file, relative to the pipeline file.'),
  header: z.enum(['names', 'none', 'sklearn']).default('names').describe('What the first line holds: column `names`; `none` (every line is data); `sklearn` (`n_samples,n_features,class names…`).'),
  delimiter: z.enum(['auto', ',', ';', 'tab']).default('auto').describe('The field delimiter; `auto` takes a comma if the first line has one, else `;`, else a tab. With `;`, `1,5` reads as 1.5.'),
  labelColumn: z.string().min(1).describe('The label column: its name, or its position (1 is the first column, -1 the last).'),
  clientColumn: z.string().min(1).optional().describe('Optional column naming the client (silo) each row belongs to, for the `natural` split: a name or a position.'),
  missing: z.enum(['error', 'drop', 'mean']).default('error').describe('A missing feature (empty, `NA`, `NaN`, `?`…): `error` stops, `drop` leaves the row out, `mean` fills in the training rows\' mean.'),
  testFraction: z.number().min(0).max(0.9).default(0.2).describe('Fraction of the rows kept back as the central test set.'),
  standardize: z.boolean().default(true).describe('Rescale every feature to zero mean and unit variance using training statistics.'),
});

export const idxDatasetParams = z.object({
  source: z.literal('idx'),
  trainImages: z.string().min(1).describe('Paths (relative to the pipeline file) of the four IDX files; `.gz` files are read too.'),
  trainLabels: z.string().min(1).describe('IDX file of the training labels, relative to the pipeline file.'),
  testImages: z.string().min(1).describe('IDX file of the test images, relative to the pipeline file.'),
  testLabels: z.string().min(1).describe('IDX file of the test labels, relative to the pipeline file.'),
});

export const datasetParams = z.discriminatedUnion('source', [
  mnistDatasetParams,
  syntheticDatasetParams,
  csvDatasetParams,
  idxDatasetParams,
]);

const holdoutFraction = z.number().min(0).max(0.9).default(0).describe('Fraction of each client\'s examples kept back as its local hold-out, for federated evaluation.');
const numClients = int(1, 1_000_000).default(10).describe('How many clients the split deals the training examples to.');

export const splitParams = z.discriminatedUnion('method', [
  z.object({ method: z.literal('iid'), numClients, holdoutFraction }),
  z.object({
    method: z.literal('dirichlet'),
    numClients,
    alpha: positive.default(0.5).describe('Concentration: small α gives each client few labels, large α approaches IID.'),
    minPartitionSize: int(0).default(10).describe('Redraw until every client has at least this many examples (as Flower\'s DirichletPartitioner).'),
    holdoutFraction,
  }),
  z.object({
    method: z.literal('pathological'),
    numClients,
    classesPerClient: int(1, 1000).default(2).describe('Shards (≈ classes) per client, from the FedAvg paper\'s sort-by-label split.'),
    holdoutFraction,
  }),
  z.object({
    method: z.literal('quantity'),
    numClients,
    distribution: z.enum(['lognormal', 'powerlaw']).default('lognormal').describe('How client sizes are drawn: lognormal (σ below) or a power law (exponent below).'),
    sigma: z.number().min(0).default(1).describe('σ of the lognormal sizes.'),
    exponent: positive.default(1.5).describe('Exponent of the power-law sizes.'),
    holdoutFraction,
  }),
  z.object({ method: z.literal('natural'), holdoutFraction }),
  z.object({
    method: z.literal('remote'),
    numClients: int(1, 10_000).default(3).describe('How many clients `fedflow serve` expects to join, each with its own data; the dataset node is then the schema their data must match and the server\'s test set.'),
    holdoutFraction: z.literal(0).default(0).describe('Stays 0: each remote client chooses its own local hold-out when it joins (`fedflow join --holdout F`), and is evaluated on it.'),
  }),
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
    hidden: z.array(int(1, 65536)).max(MAX_HIDDEN_LAYERS).default([128, 64]).describe('Units of each hidden layer, in order: 128, 64 is the seed\'s MLP 784-128-64-10.'),
    activation: z.enum(['relu', 'tanh', 'sigmoid']).default('relu').describe('Activation of the hidden layers.'),
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
  localEpochs: int(1, 1000).default(1).describe('Passes over its own data each client makes per round (E in the FedAvg paper).'),
  batchSize: z.union([int(1, 1_000_000), z.literal('full')]).default(32).describe('Minibatch size, or `\'full\'` for one full-batch step per epoch (FedSGD).'),
  optimizer: z.enum(['sgd', 'momentum', 'adam']).default('sgd').describe('The clients\' local optimizer: plain SGD, SGD with momentum, or Adam (its state starts fresh each round).'),
  learningRate: positive.max(10).default(0.01).describe('The local optimizer\'s step size.'),
  momentum: z.number().min(0).max(0.999).default(0.9).describe('Momentum coefficient of the `momentum` optimizer.'),
  proximalMu: z.number().min(0).max(100).default(0).describe('FedProx\'s proximal term μ; 0 is plain local training.'),
  fraction: z.number().gt(0).max(1).default(1).describe('Fraction of this group\'s clients sampled each round: ⌊fraction·n⌋ of them, as Flower\'s `fraction_fit`.'),
  minClients: int(1).default(2).describe('Sample at least this many clients each round (Flower\'s `min_fit_clients`, default 2), never more than the group has.'),
  dropout: z.number().min(0).max(0.99).default(0).describe('Probability that a sampled client drops out and returns nothing that round.'),
  clients: z.string().min(1).default('all').describe('Which of the split\'s clients this group takes: `all`, `0-7`, or a list like `0,3,8-9`.'),
  behaviour: z.enum(CLIENT_BEHAVIOURS).default('honest').describe('honest, or an attack: label-flip trains on flipped labels, sign-flip and scaled send a reversed or scaled update, gaussian-noise sends noise.'),
  attackScale: z.number().min(0).max(1e6).default(1).describe('Multiplier for `sign-flip` and `scaled` updates.'),
  noiseStd: z.number().min(0).max(1e6).default(1).describe('Standard deviation of the noise a `gaussian-noise` client sends instead of its update.'),
  devices: z.enum(DEVICE_MODELS).default('none').describe('Simulated devices: `none` (every client alike, no simulated clock), `lognormal` (each client\'s speed and bandwidth drawn around the medians below), or `phones` (named tiers: flagship, mid-range, old phone).'),
  stepsPerSecond: positive.max(1e6).default(20).describe('Median local optimizer steps per second of a `lognormal` device.'),
  uplinkMbps: positive.max(1e5).default(5).describe('Median upload bandwidth of a `lognormal` device, Mbit/s.'),
  downlinkMbps: positive.max(1e5).default(20).describe('Median download bandwidth of a `lognormal` device, Mbit/s.'),
  deviceSigma: z.number().min(0).max(5).default(0.5).describe('Spread σ of the `lognormal` draws; 0 puts every device at the medians.'),
  availability: z.string().min(1).optional().describe('Optional CSV of when each client is online (`client,from,until`, simulated seconds), relative to the pipeline file.'),
  availabilityPeriod: z.number().min(0).max(1e9).default(0).describe('Repeat the availability trace every this many simulated seconds (86400 for a daily trace); 0 plays it once.'),
  overSelection: z.number().min(0).max(10).default(0).describe('Over-selection: sample this fraction more clients than needed and keep the first to finish (simulated time).'),
  compression: z.enum(UPLINK_COMPRESSIONS).default('none').describe('How the client compresses its update (local weights − received weights) before sending it: `none` (full-precision weights), `quantize` (stochastic rounding to `bits` bits), `topk` (the largest `keepFraction` of the coordinates), `randomk` (a seeded random `keepFraction`), `sign` (signs and one scale).'),
  bits: int(1, 16).default(8).describe('Bits per coordinate of a `quantize` update.'),
  keepFraction: z.number().gt(0).max(1).default(0.01).describe('Fraction of the coordinates a `topk` or `randomk` update keeps.'),
  errorFeedback: z.boolean().default(false).describe('Error feedback: add what compression dropped last time to the next update, kept per client between its rounds.'),
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
  rounds: int(1, 100000).default(10).describe('Rounds of federated training this aggregator runs.'),
  acceptFailures: z.boolean().default(true).describe('Flower\'s `accept_failures`: aggregate what came back when clients fail; false stops the run naming them.'),
  clientTimeout: z.number().min(0).max(86400).default(0).describe('Seconds a client may train before it counts as failed (`timeout`); 0 waits as long as it takes.'),
  deadline: z.number().min(0).max(1e9).default(0).describe('Simulated seconds a round may last (needs simulated devices); 0 for no deadline.'),
  stragglers: z.enum(['drop', 'partial']).default('drop').describe('A client that cannot finish by the deadline: `drop` it (FedAvg\'s practice) or take the `partial` work that fit (FedProx\'s).'),
  downlinkCompression: z.enum(DOWNLINK_COMPRESSIONS).default('none').describe('Compress the global model the server broadcasts: `quantize` to `downlinkBits` bits once a round; the server keeps the exact model.'),
  downlinkBits: int(1, 16).default(8).describe('Bits per coordinate of a `quantize` broadcast.'),
  signVote: z.boolean().default(false).describe('signSGD with majority vote (Bernstein et al. 2018), for clients with compression `sign`: the round\'s update is Δ = s·sign(Σᵢ signᵢ), s the mean of the clients\' scales, and every client counts as sending Δ.'),
  privacy: z.enum(PRIVACY_MECHANISMS).default('none').describe('Differential privacy mechanism (see PRIVACY_MECHANISMS); `none` leaves the numbers exactly as without it.'),
  clipNorm: positive.max(1e6).default(1).describe('L2 clip norm C of each update (the starting C of adaptive clipping).'),
  noiseMultiplier: z.number().min(0).max(1e4).default(1).describe('Noise multiplier σ: noise std σ·C on the sum of updates (σ·C/m on the average of m), σ·C per client with `local`.'),
  targetQuantile: z.number().min(0).max(1).default(0.5).describe('Adaptive clipping\'s target quantile γ of update norms that should fall under C.'),
  clipLearningRate: positive.max(10).default(0.2).describe('Adaptive clipping\'s clip-norm learning rate η_C.'),
  clippedCountStddev: z.number().min(0).max(1e6).optional().describe('Adaptive clipping\'s noise std σ_b on the count of unclipped updates; default sampled clients / 20 (Flower\'s).'),
  delta: z.number().gt(0).lt(1).default(1e-5).describe('δ of the (ε, δ) the run reports.'),
  epsilonBudget: positive.max(1e6).optional().describe('Stop this federation before a round that would take ε past this budget.'),
  // Secure aggregation
  secureAggregation: z.boolean().default(false).describe('Secure aggregation (engine/secagg/): the server learns only the sum of the round\'s weighted updates, never one client\'s.'),
  secAggRange: positive.max(1e6).default(1).describe('Each coordinate of a client\'s update (local − global weights) is clipped to [−secAggRange, secAggRange] before fixed-point encoding.'),
  secAggGraph: z.enum(['sparse', 'complete']).default('sparse').describe('Who masks with whom: SecAgg+\'s `sparse` graph (degree 2⌈log₂ n⌉) or Bonawitz\'s `complete` graph.'),
  // Gradient leakage (engine/attack/)
  inversionAttack: z.enum(INVERSION_ATTACKS).default('none').describe('An honest-but-curious server inverts one client\'s round-1 update into its training image: `analytic` (exact, first dense layer) or `dlg` (an optimiser); `none` runs no attack.'),
  attackIterations: int(1, 10000).default(100).describe('DLG\'s Adam iterations.'),
  attackLearningRate: positive.max(10).default(0.1).describe('DLG\'s Adam step size on the dummy image\'s pixels.'),
  attackClient: int(0).default(0).describe('The client the server attacks; where it did not answer in round 1, the lowest-id client that did.'),
};
const fedOpt = (eta: number, tau: number, beta1: number) => ({
  ...common,
  eta: positive.default(eta).describe('Server learning rate η.'),
  beta1: z.number().min(0).lt(1).default(beta1).describe('Server optimizer\'s first-moment decay β₁.'),
  beta2: z.number().min(0).lt(1).default(0.99).describe('Server optimizer\'s second-moment decay β₂.'),
  tau: positive.default(tau).describe('Adaptivity τ, added to √v.'),
});

export const aggregatorParams = z.discriminatedUnion('strategy', [
  z.object({ strategy: z.literal('FedAvg'), ...common }),
  z.object({
    strategy: z.literal('FedAvgM'),
    ...common,
    serverLearningRate: positive.default(1).describe('Server learning rate applied to the averaged update.'),
    serverMomentum: z.number().min(0).lt(1).default(0).describe('Flower\'s default 0 makes FedAvgM plain FedAvg until you set it (0.9 is the usual choice).'),
  }),
  z.object({
    strategy: z.literal('FedAdam'),
    ...fedOpt(0.1, 1e-9, 0.9),
    biasCorrection: z.boolean().default(true).describe('Flower\'s step size η·√(1−β₂ʳ⁺¹)/(1−β₁ʳ⁺¹) in round r; false is Reddi et al.\'s uncorrected step.'),
  }),
  // Flower corrects only FedAdam's step; its FedYogi and FedAdagrad take the plain one.
  z.object({ strategy: z.literal('FedYogi'), ...fedOpt(0.01, 1e-3, 0.9) }),
  // Flower's FedAdagrad keeps no first moment: β₁ = 0, so m is the round's Δ.
  z.object({ strategy: z.literal('FedAdagrad'), ...fedOpt(0.1, 1e-9, 0) }),
  z.object({ strategy: z.literal('FedMedian'), ...common }),
  z.object({
    strategy: z.literal('FedTrimmedAvg'),
    ...common,
    beta: z.number().min(0).lt(0.5).default(0.2).describe('Fraction cut from each end, per coordinate.'),
  }),
  z.object({ strategy: z.literal('Krum'), ...common, numMalicious: int(0).default(0).describe('f: how many attacking clients to expect.') }),
  z.object({
    strategy: z.literal('MultiKrum'),
    ...common,
    numMalicious: int(0).default(0).describe('f: how many attacking clients to expect.'),
    numToKeep: int(1).default(2).describe('How many of the best-scored updates are averaged.'),
  }),
  /** El Mhamdi et al. 2018: Krum selections, then a coordinate-wise trimmed mean around the median; needs n ≥ 4f + 3. */
  z.object({ strategy: z.literal('Bulyan'), ...common, numMalicious: int(0).default(0).describe('f: how many attacking clients to expect.') }),
  z.object({
    strategy: z.literal('QFedAvg'),
    ...common,
    q: z.number().min(0).max(100).default(0.2).describe('Fairness q: 0 is FedAvg-like, larger q weighs clients with high loss more (Li et al. 2020).'),
    qfflLearningRate: positive.default(0.1).describe('Flower\'s `qffl_learning_rate`: the clients\' step size that turns updates into gradients.'),
  }),
  z.object({
    strategy: z.literal('SCAFFOLD'),
    ...common,
    serverLearningRate: positive.default(1).describe('Global step size η_g of Karimireddy et al. 2020; 1 takes the clients\' mean update.'),
  }),
]);

export const evaluateParams = z.object({
  every: int(1).default(1).describe('Evaluate the global model every this many rounds (and always after the last).'),
  centralized: z.boolean().default(true).describe('Evaluate on the dataset\'s central test set.'),
  federated: z.boolean().default(true).describe('Evaluate on the sampled clients\' local hold-outs (needs a split with `holdoutFraction` > 0).'),
});

export const noteParams = z.object({ text: z.string().default('').describe('Markdown shown on the card and, in lesson mode, as a step.') });

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
