/** Turns zod's issues into sentences a student understands, with the value they gave. */
import type { z } from 'zod';

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON.stringify writes Infinity as null, which would tell the user they wrote null.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** What zod expected, as a student would say it: `a whole number`, `an array`, `an object`. */
function expectedType(expected: string): string {
  if (expected === 'int') return 'a whole number';
  const noun = expected === 'record' ? 'object' : expected;
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** A readable sentence for one zod issue, e.g. `must be at least 1 (got 0)`. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  const got = ` (got ${show(value)})`;
  // JSON has no infinity: a number JSON.parse read as ±Infinity was written too large (1e400).
  if (typeof value === 'number' && (value === Infinity || value === -Infinity)) {
    return `is a number too large to read (${value > 0 ? 'above' : 'below'} ${value > 0 ? '' : '-'}1.8e308, so it reads as ${value > 0 ? '' : '-'}infinity)`;
  }
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'string') {
        return issue.minimum === 1 ? 'must not be empty' : `needs at least ${issue.minimum} items`;
      }
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${issue.minimum}${got}`;
    case 'too_big':
      if (issue.origin === 'array') {
        const length = Array.isArray(value) ? ` (got ${value.length})` : '';
        return `may have at most ${issue.maximum} items${length}`;
      }
      if (issue.origin === 'string') return `may be at most ${issue.maximum} characters long`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}${got}`;
    case 'invalid_type':
      if (value === undefined) return 'is required';
      return `must be ${expectedType(issue.expected)}${got}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options) return `must be one of ${options.map((v) => JSON.stringify(v)).join(', ')}${got}`;
      return `is not valid${got}`;
    }
    default:
      return `${issue.message}${got}`;
  }
}

/** Dotted path of an issue, e.g. `params.hidden.0`. */
export function issuePath(prefix: string, issue: z.core.$ZodIssue): string {
  return [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
}
