/**
 * The one error every dataset loader throws for a problem the user can fix: it names the params field at
 * fault and, where it can, the file and line, so the workbench can point at the node and its field.
 */

/** Where a dataset problem lies. */
export interface DatasetErrorLocation {
  /** The dataset params field at fault, e.g. `path`, `labelColumn`, `testSize`. */
  field: string;
  /** The file the problem is in, as the user wrote it (or resolved, where the file could not be found). */
  file?: string;
  /** The 1-based line of `file` the problem is on. */
  line?: number;
  /** The underlying error, e.g. from the file system or zlib. */
  cause?: unknown;
}

/** A dataset that cannot be loaded as configured, e.g. `hospitals.csv line 17: column 'age' is 'n/a', not a number`. */
export class DatasetError extends Error {
  readonly field: string;
  readonly file?: string;
  readonly line?: number;
  /** The message without the file and line in front. */
  readonly detail: string;

  constructor(detail: string, location: DatasetErrorLocation) {
    const where =
      location.file === undefined
        ? ''
        : location.line === undefined
          ? `${location.file}: `
          : `${location.file} line ${location.line}: `;
    super(where + detail, location.cause === undefined ? undefined : { cause: location.cause });
    this.name = 'DatasetError';
    this.field = location.field;
    this.detail = detail;
    if (location.file !== undefined) this.file = location.file;
    if (location.line !== undefined) this.line = location.line;
  }
}
