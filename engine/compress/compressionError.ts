/**
 * The one error every compressor throws: bad settings, a vector it cannot encode, or bytes that are not
 * a valid encoding. Decoders read bytes a remote client sent, so every fault in them ends here with a
 * sentence, never in a crash or a huge allocation.
 */

/** Which part was wrong: the settings' bits or fraction, the vector to encode, or the encoded vector's fields. */
export type CompressionField = 'bits' | 'fraction' | 'name' | 'vector' | 'codec' | 'length' | 'data';

/** A compressor fault, with the field it concerns (the caller adds the node or client it came from). */
export class CompressionError extends Error {
  override readonly name = 'CompressionError';

  constructor(
    /** The field at fault. */
    readonly field: CompressionField,
    message: string,
  ) {
    super(message);
  }
}
