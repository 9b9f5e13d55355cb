/**
 * The one error secure aggregation reports: bad settings, a hostile or malformed message, or a round that
 * cannot finish (too few survivors to reconstruct a secret). A round that fails says so with a sentence;
 * it never returns a wrong sum.
 */

/** Which part was wrong. */
export type SecAggField =
  | 'settings'
  | 'vector'
  | 'shares'
  | 'threshold'
  | 'message'
  | 'survivors'
  | 'graph';

/** A secure-aggregation fault, naming the field and (when known) the client it concerns. */
export class SecAggError extends Error {
  override readonly name = 'SecAggError';

  constructor(
    /** The field at fault. */
    readonly field: SecAggField,
    message: string,
    /** The client the fault concerns, when there is one. */
    readonly clientId?: number,
  ) {
    super(message);
  }
}
