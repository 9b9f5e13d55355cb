/** Problems found in a pipeline: values with a node id and a field path, never strings thrown from deep inside. */

export interface Problem {
  severity: 'error' | 'warning';
  /** A sentence a student understands. */
  message: string;
  /** The node at fault, where there is one. */
  nodeId?: string;
  /** The edge at fault, where there is one. */
  edgeId?: string;
  /** Dotted path of the field at fault, e.g. `params.alpha`. */
  field?: string;
  /** 1-based line in the file, for problems found while reading it. */
  line?: number;
}

/** Whether any problem is an error (warnings do not stop a run). */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** One line per problem, as the CLI prints them: `error node split-1 params.alpha: …`. */
export function formatProblem(p: Problem, file?: string): string {
  const where = [
    file && p.line ? `${file}:${p.line}` : file,
    p.nodeId ? `node ${p.nodeId}` : undefined,
    p.edgeId ? `edge ${p.edgeId}` : undefined,
    p.field,
  ]
    .filter(Boolean)
    .join(' ');
  return `${p.severity} ${where ? `${where}: ` : ''}${p.message}`;
}

/** Thrown where a run cannot go on because of a problem in the document (bad file, impossible split). */
export class PipelineError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => formatProblem(p)).join('\n'));
    this.name = 'PipelineError';
  }
}
