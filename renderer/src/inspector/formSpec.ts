/**
 * Inspector forms derived from the params schemas: each kind's zod schema is turned into JSON Schema
 * (z.toJSONSchema) and read into a list of fields, so a new param appears in the form with no UI change.
 * A discriminated union (dataset source, split method, model arch, strategy) becomes a select whose
 * value picks the fields shown.
 */
import { z } from 'zod';
import type { NodeKind } from '../../../engine/format/nodeKinds.js';
import { PARAMS_SCHEMAS } from '../../../engine/format/params.js';

interface NumberBounds {
  integer: boolean;
  min?: number;
  max?: number;
  /** The bound itself is not allowed (`positive`: > 0). */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
}

interface FieldBase {
  name: string;
  required: boolean;
  default?: unknown;
  /** What the param does, from its schema's description (params.ts): shown under the field and on hover. */
  help?: string;
}

export type FieldSpec =
  | (FieldBase & { type: 'number' } & NumberBounds)
  | (FieldBase & { type: 'enum'; options: string[] })
  | (FieldBase & { type: 'boolean' })
  | (FieldBase & { type: 'string'; multiline: boolean; minLength?: number })
  | (FieldBase & { type: 'numberList'; item: NumberBounds })
  | (FieldBase & { type: 'numberOrLiteral'; literal: string } & NumberBounds)
  | (FieldBase & { type: 'unknown' });

export interface FormSpec {
  /** The field whose value picks the variant, e.g. `method`; null for a plain object. */
  discriminator: { name: string; options: string[]; variants: Record<string, FieldSpec[]> } | null;
  /** The fields of a plain object (empty when there is a discriminator). */
  fields: FieldSpec[];
}

type JsonSchema = {
  type?: string | string[];
  description?: string;
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
};

/** Bounds beyond this are "no bound" (zod's `int()` gives ±MAX_SAFE_INTEGER). */
const NO_BOUND = 1e15;

function bounds(s: JsonSchema): NumberBounds {
  const b: NumberBounds = { integer: s.type === 'integer' };
  if (s.minimum !== undefined && Math.abs(s.minimum) < NO_BOUND) b.min = s.minimum;
  if (s.exclusiveMinimum !== undefined) {
    b.min = s.exclusiveMinimum;
    b.exclusiveMin = true;
  }
  if (s.maximum !== undefined && Math.abs(s.maximum) < NO_BOUND) b.max = s.maximum;
  if (s.exclusiveMaximum !== undefined) {
    b.max = s.exclusiveMaximum;
    b.exclusiveMax = true;
  }
  return b;
}

const isNumeric = (s: JsonSchema | undefined) => s?.type === 'number' || s?.type === 'integer';

function fieldOf(name: string, s: JsonSchema, required: boolean, multilineStrings: boolean): FieldSpec {
  const base = { name, required, ...(s.default !== undefined ? { default: s.default } : {}), ...(s.description ? { help: s.description } : {}) };
  if (s.enum && s.enum.every((v) => typeof v === 'string')) return { ...base, type: 'enum', options: s.enum as string[] };
  if (isNumeric(s)) return { ...base, type: 'number', ...bounds(s) };
  if (s.type === 'boolean') return { ...base, type: 'boolean' };
  if (s.type === 'string') return { ...base, type: 'string', multiline: multilineStrings, ...(s.minLength ? { minLength: s.minLength } : {}) };
  if (s.type === 'array' && isNumeric(s.items)) return { ...base, type: 'numberList', item: bounds(s.items!) };
  const options = s.anyOf ?? s.oneOf;
  if (options && options.length === 2) {
    const num = options.find(isNumeric);
    const lit = options.find((o) => typeof o.const === 'string');
    if (num && lit) return { ...base, type: 'numberOrLiteral', literal: lit.const as string, ...bounds(num) };
  }
  return { ...base, type: 'unknown' };
}

function fieldsOf(s: JsonSchema, skip: string | null, multilineStrings: boolean): FieldSpec[] {
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {})
    .filter(([name]) => name !== skip)
    .map(([name, prop]) => fieldOf(name, prop, required.has(name), multilineStrings));
}

/** Reads a JSON Schema (as z.toJSONSchema writes it) into a form. */
export function formFromJsonSchema(schema: JsonSchema, options: { multilineStrings?: boolean } = {}): FormSpec {
  const multiline = options.multilineStrings ?? false;
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants && variants.every((v) => v.properties)) {
    const first = variants[0].properties!;
    const name = Object.keys(first).find((k) => variants.every((v) => v.properties?.[k]?.const !== undefined));
    if (name) {
      const options = variants.map((v) => String(v.properties![name].const));
      const byOption: Record<string, FieldSpec[]> = {};
      variants.forEach((v, i) => (byOption[options[i]] = fieldsOf(v, name, multiline)));
      return { discriminator: { name, options, variants: byOption }, fields: [] };
    }
  }
  return { discriminator: null, fields: fieldsOf(schema, null, multiline) };
}

const cache = new Map<NodeKind, FormSpec>();

/** The inspector form of a node kind (computed once per kind). */
export function formSpecOf(kind: NodeKind): FormSpec {
  let spec = cache.get(kind);
  if (!spec) {
    const json = z.toJSONSchema(PARAMS_SCHEMAS[kind], { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    spec = formFromJsonSchema(json, { multilineStrings: kind === 'note' });
    cache.set(kind, spec);
  }
  return spec;
}

/** The fields shown for params: the chosen variant's, or the object's. */
export function visibleFields(spec: FormSpec, params: Record<string, unknown>): FieldSpec[] {
  if (!spec.discriminator) return spec.fields;
  const value = String(params[spec.discriminator.name] ?? '');
  return spec.discriminator.variants[value] ?? [];
}

/**
 * Params after the discriminator changes: the new value, plus the fields the new variant shares with
 * the old one (say numClients when IID becomes Dirichlet); fields the new variant lacks are dropped.
 */
export function switchVariant(spec: FormSpec, params: Record<string, unknown>, value: string): Record<string, unknown> {
  const d = spec.discriminator;
  if (!d) return params;
  const keep = new Set((d.variants[value] ?? []).map((f) => f.name));
  const next: Record<string, unknown> = { [d.name]: value };
  for (const [k, v] of Object.entries(params)) if (keep.has(k)) next[k] = v;
  return next;
}

export { fieldLabel } from '../../../engine/format/fieldLabel.js';

/** The allowed range of a number as text, e.g. `1 – 10000` or `> 0`. */
export function rangeText(b: NumberBounds): string {
  const lo = b.min === undefined ? undefined : `${b.exclusiveMin ? '>' : '≥'} ${b.min}`;
  const hi = b.max === undefined ? undefined : `${b.exclusiveMax ? '<' : '≤'} ${b.max}`;
  if (b.min !== undefined && b.max !== undefined && !b.exclusiveMin && !b.exclusiveMax) return `${b.min} – ${b.max}`;
  return [lo, hi].filter(Boolean).join(', ');
}
