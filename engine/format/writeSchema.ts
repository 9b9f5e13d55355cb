/**
 * Writes `schema/pipeline.schema.json`, the JSON Schema of the pipeline format, for editors and other
 * tools. Run by `npm run build`; the document schema and every node kind's params schema come from zod
 * (the kinds' specs in engine/nodes), so the schema checks a node's params as the validator does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { NODE_SPECS } from '../nodes/index.js';
import { NODE_KINDS } from './nodeKinds.js';
import { FORMAT_TAG, pipelineDocument } from './pipeline.js';

type Json = Record<string, unknown>;

/** A zod schema as JSON Schema, as a file takes it (`z.input`: fields with defaults may be left out). */
const toJson = (schema: z.ZodType): Json => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;

/**
 * The JSON Schema of the pipeline document, with each node kind's params under `$defs` (`<kind>Params`)
 * and each node's `params` checked against the definition its `kind` names. A node may leave its params
 * out (they default to `{}`) only where `{}` is valid params for its kind, as the validator has it.
 *
 * The params objects are not strict: a key a kind does not know is allowed here, as the validator only
 * warns of it (and the run ignores it).
 */
export function pipelineJsonSchema(): Json {
  const schema = toJson(pipelineDocument);
  const defs: Json = {};
  const byKind: Json[] = [];
  for (const kind of NODE_KINDS) {
    const { params } = NODE_SPECS[kind];
    // A definition is a subschema of this document, not a document of its own: no `$schema` of its own.
    const definition = toJson(params);
    delete definition.$schema;
    defs[`${kind}Params`] = definition;
    const paramsRequired = !params.safeParse({}).success;
    byKind.push({
      if: { properties: { kind: { const: kind } }, required: ['kind'] },
      then: {
        properties: { params: { $ref: `#/$defs/${kind}Params` } },
        ...(paramsRequired ? { required: ['params'] } : {}),
      },
    });
  }
  const properties = schema.properties as Json;
  const nodes = properties.nodes as Json;
  const node = nodes.items as Json;
  return {
    ...schema,
    properties: { ...properties, nodes: { ...nodes, items: { ...node, allOf: byKind } } },
    title: `FedFlow pipeline (${FORMAT_TAG})`,
    $defs: defs,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const out = join(root, 'schema', 'pipeline.schema.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(pipelineJsonSchema(), null, 2)}\n`);
}
