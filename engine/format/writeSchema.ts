/**
 * Writes `schema/pipeline.schema.json`, the JSON Schema of the pipeline format, for editors and other
 * tools. Run by `npm run build`; the document schema and every node kind's params schema come from zod.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { NODE_KINDS } from './nodeKinds.js';
import { PARAMS_SCHEMAS } from './params.js';
import { FORMAT_TAG, pipelineDocument } from './pipeline.js';

/** The JSON Schema of the pipeline document, with each node kind's params under `$defs`. */
export function pipelineJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(pipelineDocument, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const defs: Record<string, unknown> = {};
  for (const kind of NODE_KINDS) {
    defs[`${kind}Params`] = z.toJSONSchema(PARAMS_SCHEMAS[kind], { io: 'input', unrepresentable: 'any' });
  }
  return { ...schema, title: `FedFlow pipeline (${FORMAT_TAG})`, $defs: defs };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const out = join(root, 'schema', 'pipeline.schema.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`);
}
