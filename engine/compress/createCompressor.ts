/**
 * From a node's compression settings to a compressor, its exact size on the wire, and decoding any
 * received vector by the codec it names.
 */
import { assertNever } from '../format/nodeKinds.js';
import { COMPRESSOR_NAMES, type Compressor, type CompressorName, type CompressorSettings, type EncodedVector } from './compressor.js';
import { CompressionError } from './compressionError.js';
import { noneBytes, noneCompressor } from './none.js';
import { checkBits, quantizeBytes, quantizeCompressor } from './quantize.js';
import { randomkBytes, randomkCompressor } from './randomk.js';
import { signBytes, signCompressor } from './sign.js';
import { checkFraction, topkBytes, topkCompressor } from './topk.js';

/** What a compressor uses where its settings leave bits or fraction out. */
export const COMPRESSOR_DEFAULTS = { bits: 8, fraction: 0.1 } as const;

function checkName(name: unknown): asserts name is CompressorName {
  if (!(COMPRESSOR_NAMES as readonly unknown[]).includes(name)) {
    throw new CompressionError('name', `Unknown compressor ${JSON.stringify(name)}; choose from ${COMPRESSOR_NAMES.join(', ')}.`);
  }
}

/** The compressor the settings describe; throws a CompressionError on an unknown name, bits or fraction. */
export function createCompressor(settings: CompressorSettings): Compressor {
  checkName(settings.name);
  switch (settings.name) {
    case 'none':
      return noneCompressor;
    case 'quantize':
      return quantizeCompressor(settings.bits ?? COMPRESSOR_DEFAULTS.bits);
    case 'topk':
      return topkCompressor(settings.fraction ?? COMPRESSOR_DEFAULTS.fraction);
    case 'randomk':
      return randomkCompressor(settings.fraction ?? COMPRESSOR_DEFAULTS.fraction);
    case 'sign':
      return signCompressor;
    default:
      return assertNever(settings.name, 'compressor');
  }
}

/** The exact bytes (`data.byteLength`) the compressor the settings describe sends for n coordinates. */
export function encodedBytes(settings: CompressorSettings, n: number): number {
  checkName(settings.name);
  switch (settings.name) {
    case 'none':
      return noneBytes(n);
    case 'quantize': {
      const bits = settings.bits ?? COMPRESSOR_DEFAULTS.bits;
      checkBits(bits);
      return quantizeBytes(n, bits);
    }
    case 'topk': {
      const fraction = settings.fraction ?? COMPRESSOR_DEFAULTS.fraction;
      checkFraction(fraction, 'topk');
      return topkBytes(n, fraction);
    }
    case 'randomk': {
      const fraction = settings.fraction ?? COMPRESSOR_DEFAULTS.fraction;
      checkFraction(fraction, 'randomk');
      return randomkBytes(n, fraction);
    }
    case 'sign':
      return signBytes(n);
    default:
      return assertNever(settings.name, 'compressor');
  }
}

/**
 * Decodes a received vector by the codec it names (every header says its own bits or k, so the receiver
 * needs no settings). Hostile-input safe: any malformed vector throws a CompressionError; pass the
 * model's length as `expectedLength` wherever it is known.
 */
export function decodeVector(encoded: EncodedVector, expectedLength?: number): Float32Array {
  if (typeof encoded !== 'object' || encoded === null) throw new CompressionError('codec', 'The encoded vector is not an object.');
  const codec: unknown = encoded.codec;
  if (!(COMPRESSOR_NAMES as readonly unknown[]).includes(codec)) {
    throw new CompressionError('codec', `Unknown codec ${JSON.stringify(codec)}; expected one of ${COMPRESSOR_NAMES.join(', ')}.`);
  }
  // The codec's own decoder reads its parameters from the header; the settings' values do not matter.
  return createCompressor({ name: codec as CompressorName }).decode(encoded, expectedLength);
}
