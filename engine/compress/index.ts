/** Update compression: codecs, their sizes, decoding received vectors, and the client's error feedback. */
export { COMPRESSOR_NAMES, type Compressor, type CompressorName, type CompressorSettings, type EncodedVector } from './compressor.js';
export { CompressionError, type CompressionField } from './compressionError.js';
export { COMPRESSOR_DEFAULTS, createCompressor, decodeVector, encodedBytes } from './createCompressor.js';
export { ErrorFeedback, type FeedbackResult } from './errorFeedback.js';
export { noneBytes, noneCompressor } from './none.js';
export { QUANTIZE_BLOCK, quantizeBytes, quantizeCompressor } from './quantize.js';
export { randomkBytes, randomkCompressor, randomkIndices } from './randomk.js';
export { signBytes, signCompressor, signsOf, type Signs } from './sign.js';
export { keptCount, topkBytes, topkCompressor, topkIndices } from './topk.js';
export { MAX_VECTOR_LENGTH } from './wire.js';
