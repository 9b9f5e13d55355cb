/**
 * The files a pipeline's run reads, and the hosts' one rule for them: each must lie (links followed) in one
 * of the folders the host allows. The web host allows its workspace and the templates; the desktop app the
 * folder of the pipeline file the user chose, and the templates. Listed per node kind with exhaustive
 * switches, so a new kind or data source that reads a file cannot slip past the check unnoticed.
 */
import { resolve } from 'node:path';
import { assertNever } from '../format/nodeKinds.js';
import type { ClientParams, CsvDatasetParams, DatasetParams, IdxDatasetParams } from '../format/params.js';
import { datasetParams } from '../format/params.js';
import type { PipelineDocument } from '../format/pipeline.js';
import type { Problem } from '../format/problems.js';
import { resolveInside } from './safePath.js';

/** A file a run would read: the node and field naming it, and the path as written (relative to the pipeline). */
export interface DataFileRef {
  nodeId: string;
  field: string;
  path: string;
}

const CSV_FILES = ['path'] as const satisfies readonly (keyof CsvDatasetParams)[];
const IDX_FILES = ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const satisfies readonly (keyof IdxDatasetParams)[];

/** The file fields of a data set's params, by source. */
function datasetFileFields(p: DatasetParams): readonly string[] {
  switch (p.source) {
    case 'mnist':
    case 'synthetic':
      return [];
    case 'csv':
      return CSV_FILES;
    case 'idx':
      return IDX_FILES;
    default:
      return assertNever(p, 'data set source');
  }
}

/** The client group param naming an availability trace file. */
const TRACE_FIELD: keyof ClientParams = 'availability';

/** Every file a run of `doc` would read, in node order. */
export function dataFiles(doc: PipelineDocument): DataFileRef[] {
  const refs: DataFileRef[] = [];
  for (const node of doc.nodes) {
    const params = node.params as Record<string, unknown>;
    const fields: string[] = [];
    switch (node.kind) {
      case 'dataset': {
        const parsed = datasetParams.safeParse(params);
        // An invalid data set never runs (validation refuses it); its string fields are checked anyway.
        fields.push(...(parsed.success ? datasetFileFields(parsed.data) : [...CSV_FILES, ...IDX_FILES]));
        break;
      }
      case 'client':
        fields.push(TRACE_FIELD);
        break;
      case 'split':
      case 'model':
      case 'aggregator':
      case 'evaluate':
      case 'note':
        break;
      default:
        assertNever(node.kind, 'node kind');
    }
    for (const field of fields) {
      const value = params[field];
      if (typeof value === 'string') refs.push({ nodeId: node.id, field: `params.${field}`, path: value });
    }
  }
  return refs;
}

/**
 * One error problem per file of `doc` that lies outside every folder of `allowed` (paths resolve against
 * `baseDir`), worded by `outside` (which names the allowed folders for the user).
 */
export async function dataPathProblems(
  doc: PipelineDocument,
  baseDir: string,
  allowed: readonly string[],
  outside: (path: string) => string,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const ref of dataFiles(doc)) {
    const full = resolve(baseDir, ref.path);
    let inside = false;
    for (const dir of allowed) if (!inside && (await resolveInside(dir, full))) inside = true;
    if (!inside) problems.push({ severity: 'error', nodeId: ref.nodeId, field: ref.field, message: outside(ref.path) });
  }
  return problems;
}
