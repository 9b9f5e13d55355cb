/**
 * The federation protocol: what a server sends a client for a round and what comes back, as data.
 * Every side — the coordinator, worker threads, and the wire and queue transports of later releases —
 * imports these types with `import type`, so one change here is checked everywhere. Shaped like
 * Flower's FitIns / FitRes / EvaluateIns / EvaluateRes. A client that cannot answer returns a
 * `ClientFailure` value; no exception escapes a round.
 *
 * Bump PROTOCOL_VERSION when a message changes shape; a receiver refuses a version it does not know.
 */

/**
 * The protocol version these types describe. 2: FitIns may carry the model compressed (`encodedWeights`)
 * and FitRes a compressed update (`update`) instead of full-precision weights.
 */
export const PROTOCOL_VERSION = 2;

/** The client-side local optimizer a round asks for. */
export type LocalOptimizerName = 'sgd' | 'momentum' | 'adam';

/** The training configuration the server sends with a round (Flower's `config` dict, typed). */
export interface FitConfig {
  localEpochs: number;
  /** Minibatch size, or `'full'` for one full-batch step per epoch (FedSGD). */
  batchSize: number | 'full';
  optimizer: LocalOptimizerName;
  learningRate: number;
  momentum: number;
  /** FedProx's proximal term μ; 0 is plain local training. */
  proximalMu: number;
  /** Seed for this client's shuffles and noise in this round. */
  seed: number;
  /** Score the received model on the local training data before training (q-FedAvg's F_k(wᵗ)). */
  lossBeforeFit?: boolean;
  /** The client-side algorithm beyond plain local training, e.g. SCAFFOLD's corrected gradients. */
  algorithm?: 'scaffold';
  /** Simulated seconds from the round's start by which the answer must reach the server; absent for none. */
  deadline?: number;
  /** Past the deadline, send the steps that fit (FedProx's partial work) instead of nothing. */
  partialWork?: boolean;
  /** Client-side DP: clip the update (local weights − received model) to this L2 norm before sending (Flower's KEY_CLIPPING_NORM). */
  clipNorm?: number;
  /** Local DP: after clipping, add Gaussian noise of std localNoise·clipNorm to every coordinate (Flower's LocalDpMod). */
  localNoise?: number;
}

/** A client's simulated seconds in one round, from the round's start. */
export interface SimulatedTime {
  download: number;
  compute: number;
  upload: number;
  /** download + compute + upload: when its answer reaches the server. */
  finish: number;
}

/** Named vectors beside the weights, e.g. SCAFFOLD's control variates; each has the model's length. */
export type Tensors = Readonly<Record<string, Float32Array>>;

/** What every FitIns holds beside the model: the round and its configuration. */
interface FitInsBase {
  version: typeof PROTOCOL_VERSION;
  round: number;
  config: FitConfig;
  /** Extra server state the strategy sends, by name (SCAFFOLD: `serverControl`); never compressed. */
  tensors?: Tensors;
}

/** A FitIns with the global model at full precision, as strategies make them. */
export interface FullFitIns extends FitInsBase {
  /** The global weights, flat, in the model's weight order. */
  weights: Float32Array;
  encodedWeights?: never;
}

/** A FitIns with the global model compressed (the aggregator's `downlinkCompression`); the server keeps the exact model. */
export interface EncodedFitIns extends FitInsBase {
  /** The global weights, encoded; the client trains from what they decode to. */
  encodedWeights: EncodedVector;
  weights?: never;
}

/** What the server sends a client to train: the global model (full or encoded), the round and its configuration. */
export type FitIns = FullFitIns | EncodedFitIns;

/** An update compressor, by the name the client and aggregator nodes' params use. */
export type CompressorName = 'none' | 'quantize' | 'topk' | 'randomk' | 'sign';

/**
 * A vector as it travels compressed: the codec, the length of the vector it decodes to, and the exact
 * bytes sent (header included), so `data.byteLength` is the traffic counted.
 */
export interface EncodedVector {
  codec: CompressorName;
  length: number;
  data: Uint8Array;
}

/** What a client measured while training. */
export interface FitMetrics {
  /** Mean minibatch loss over the local training. */
  loss: number;
  /** Local optimizer steps taken. */
  steps: number;
  /** Wall-clock milliseconds the client spent training. */
  ms: number;
  /** Mean loss of the received model on the local training data, when `lossBeforeFit` asked for it. */
  lossBeforeFit?: number;
  /** The client's simulated time this round, where its device is simulated. */
  simulated?: SimulatedTime;
  /** Set when a deadline cut the local work: the steps taken of the steps asked. */
  partial?: { steps: number; of: number };
  /** Client-side clipping: whether the update's norm was within clipNorm (Flower's norm bit, for adaptive clipping). */
  normBit?: boolean;
}

/** What every FitRes holds beside the model: its weight in the average, metrics and extra tensors. */
interface FitResBase {
  status: 'ok';
  /** Training examples behind the update, FedAvg's weight. */
  numExamples: number;
  metrics: FitMetrics;
  /** Extra client output, by name (SCAFFOLD: `controlDelta`); never compressed. */
  tensors?: Tensors;
}

/** A client's answer with its new local weights at full precision; what strategies see. */
export interface FullFitRes extends FitResBase {
  /** The client's new local weights (not a difference). */
  weights: Float32Array;
  update?: never;
}

/**
 * A client's answer with its update compressed: its local weights minus the model it received, encoded.
 * The server adds the decoded update to the exact global model it sent (before any downlink compression)
 * and hands the strategy a FullFitRes.
 */
export interface EncodedFitRes extends FitResBase {
  update: EncodedVector;
  weights?: never;
}

/** A client's update for a round: full weights, or an encoded update against the round's global model. */
export type FitRes = FullFitRes | EncodedFitRes;

/** Why a client did not answer. */
export type FailureCode =
  /** It did not finish within the round's time limit (real time). */
  | 'timeout'
  /** Its simulated device could not answer by the round's simulated deadline. */
  | 'late'
  /** It left the round (simulated dropout, a device going offline). */
  | 'dropped'
  /** Its update or loss is not finite. */
  | 'diverged'
  /** Its training raised an error. */
  | 'crashed'
  /** The thread, process or connection it ran on went away. */
  | 'lost'
  /** It declined the round before training (no data, data that does not match, a protocol version it does not speak). */
  | 'refused'
  /** A message of the round could not be read: an update or model that does not decode, or of the wrong length. */
  | 'malformed';

/** Every failure code, for exhaustive handling and validation. */
export const FAILURE_CODES = ['timeout', 'late', 'dropped', 'diverged', 'crashed', 'lost', 'refused', 'malformed'] as const satisfies readonly FailureCode[];

/** A client that did not answer, as a value: a code and one sentence a user understands. */
export interface ClientFailure {
  status: 'failed';
  code: FailureCode;
  message: string;
}

/** The answer to a FitIns. */
export type FitOutcome = FitRes | ClientFailure;

/** A FitOutcome after the server decoded it: what strategies and the round's records see. */
export type FullFitOutcome = FullFitRes | ClientFailure;

/** What the server sends a client to score the global model on its local hold-out. */
export interface EvaluateIns {
  version: typeof PROTOCOL_VERSION;
  round: number;
  weights: Float32Array;
}

/** A client's score of the global model. */
export interface EvaluateRes {
  status: 'ok';
  numExamples: number;
  loss: number;
  accuracy: number;
}

/** The answer to an EvaluateIns. */
export type EvaluateOutcome = EvaluateRes | ClientFailure;

// ─── The wire: the same messages between `fedflow serve` and `fedflow join`, as JSON text frames ───────────
// A Float32Array travels as the base64 of its little-endian bytes, so the numbers arrive exactly as sent
// (decimal text would round them). Nothing here names a file: a client's data never reaches the server,
// and no message can ask the server to read one.

/** A Float32Array on the wire: base64 of its little-endian IEEE-754 bytes. */
export interface WireVector {
  f32: string;
}

/** An EncodedVector on the wire: its bytes as base64. */
export interface WireEncodedVector {
  codec: CompressorName;
  length: number;
  data: string;
}

/** What a client's data must look like: a CSV read as the dataset node reads it, or IDX images. */
export type WireDataSchema = WireCsvSchema | WireIdxSchema;

/** IDX images and labels (the MNIST format): the image size and the classes, labels 0 … k−1. */
export interface WireIdxSchema {
  source: 'idx';
  /** [rows, columns, 1]. */
  featureShape: number[];
  numFeatures: number;
  classNames: string[];
}

/** A CSV: the dataset node's reading settings and what its file holds. */
export interface WireCsvSchema {
  source: 'csv';
  header: 'names' | 'none' | 'sklearn';
  delimiter: 'auto' | ',' | ';' | 'tab';
  labelColumn: string;
  clientColumn?: string;
  missing: 'error' | 'drop' | 'mean';
  standardize: boolean;
  /** The feature columns' names in order, where the file has a header; else null (only their count counts). */
  featureNames: string[] | null;
  numFeatures: number;
  /** Every class, in the federation's order: label k of a client is `classNames[k]`. */
  classNames: string[];
  /** The server data set's feature scaling, so every client's features are on the test set's scale. */
  standardization?: { mean: number[]; scale: number[] };
}

/** What a client says its data holds, for the server's check at join (no row of it). */
export interface WireDataDescription {
  featureNames: string[] | null;
  numFeatures: number;
  /** Its label column (CSV); empty for IDX. */
  labelColumn: string;
  /** The distinct labels of its rows. */
  labels: string[];
  examples: number;
}

/** Server → client, at once on connecting: the federation and the data it expects. */
export interface WireSchemaMessage {
  type: 'schema';
  version: typeof PROTOCOL_VERSION;
  pipeline: string;
  data: WireDataSchema;
}

/** Client → server: who it is and what its data holds; `clientToken` takes back its place after a reconnect. */
export interface WireHello {
  type: 'hello';
  version: typeof PROTOCOL_VERSION;
  name: string;
  clientToken?: string;
  data: WireDataDescription;
  /** Rows it keeps back as its local hold-out, beside the `data.examples` it trains on; absent or 0: none, so it is not evaluated. */
  holdout?: number;
}

/**
 * Server → client: accepted, as client `clientId` of group `groupNodeId`. The model and client params are
 * the document's (a model spec: layer sizes, never weights of anyone's data).
 */
export interface WireWelcome {
  type: 'welcome';
  version: typeof PROTOCOL_VERSION;
  clientId: number;
  clientToken: string;
  groupNodeId: string;
  /** The model's spec as the document gives it (engine/model/modelSpec.ts), JSON. */
  model: unknown;
  /** The client group's params (engine/format/params.ts ClientParams), JSON. */
  params: unknown;
  /** The backend the server trains and scores on; a client that trains on the same one gives the same numbers. */
  backend: string;
  /** Milliseconds the client has to answer each round before it counts as `timeout`. */
  roundTimeoutMs: number;
}

/** Server → client: not accepted (or no longer), and why; the server closes the connection after it. */
export interface WireRefused {
  type: 'refused';
  version: typeof PROTOCOL_VERSION;
  message: string;
}

/** Server → client: a FitIns. */
export interface WireFitIns {
  type: 'fit';
  version: typeof PROTOCOL_VERSION;
  round: number;
  config: FitConfig;
  weights?: WireVector;
  encodedWeights?: WireEncodedVector;
  tensors?: Record<string, WireVector>;
}

/** A FitRes on the wire. */
export interface WireFitRes {
  status: 'ok';
  numExamples: number;
  metrics: FitMetrics;
  weights?: WireVector;
  update?: WireEncodedVector;
  tensors?: Record<string, WireVector>;
}

/** Client → server: the answer to the round's FitIns. */
export interface WireFitOutcome {
  type: 'fit-res';
  version: typeof PROTOCOL_VERSION;
  round: number;
  outcome: WireFitRes | ClientFailure;
}

/** Server → client: an EvaluateIns — score this global model on the local hold-out. */
export interface WireEvaluateIns {
  type: 'evaluate';
  version: typeof PROTOCOL_VERSION;
  round: number;
  weights: WireVector;
}

/** An EvaluateRes on the wire; numbers JSON cannot carry (NaN) arrive as null. */
export interface WireEvaluateRes {
  status: 'ok';
  numExamples: number;
  loss: number | null;
  accuracy: number | null;
}

/** Client → server: the answer to the round's EvaluateIns. */
export interface WireEvaluateOutcome {
  type: 'evaluate-res';
  version: typeof PROTOCOL_VERSION;
  round: number;
  outcome: WireEvaluateRes | ClientFailure;
}

/** Server → client: the federation is over (finished, failed or stopped); the client may leave. */
export interface WireDone {
  type: 'done';
  version: typeof PROTOCOL_VERSION;
  message: string;
}

/** Everything a server sends. */
export type WireServerMessage = WireSchemaMessage | WireWelcome | WireRefused | WireFitIns | WireEvaluateIns | WireDone;

/** The TensorFlow.js backends a client may say it trains on: the engine's, and a browser's WebGL. */
export const CLIENT_BACKENDS = ['wasm', 'cpu', 'webgl', 'webgpu', 'node', 'node-gpu'] as const;

/** A backend a client trains on. */
export type ClientBackend = (typeof CLIENT_BACKENDS)[number];

/**
 * Client → server, once after each welcome, when its backend has started: which backend it trains on, so
 * the server (and the workbench's Federation panel) can show it. It asks nothing of the server.
 */
export interface WireReady {
  type: 'ready';
  version: typeof PROTOCOL_VERSION;
  backend: ClientBackend;
}

/** Everything a client sends. */
export type WireClientMessage = WireHello | WireFitOutcome | WireEvaluateOutcome | WireReady;
