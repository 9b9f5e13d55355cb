/** A request to the run store that cannot be met, as a value the CLI and the hosts turn into one sentence. */

/** Why: no such run, a prefix that fits several, a run still going, a folder that is not a run. */
export type RunStoreErrorCode = 'not-found' | 'ambiguous' | 'running' | 'not-a-run' | 'bad-id';

/** Raised by the run store; `message` is a sentence for the user, naming the run. */
export class RunStoreError extends Error {
  constructor(
    readonly code: RunStoreErrorCode,
    message: string,
    /** The id as the user gave it. */
    readonly id: string,
  ) {
    super(message);
    this.name = 'RunStoreError';
  }
}
