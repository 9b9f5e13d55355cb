/** Variable names for nodes in an exported script: valid, unique JavaScript identifiers derived from node ids. */
import type { NodeKind } from '../format/nodeKinds.js';

/**
 * Names a binding may not take in a module (strict mode): reserved words, `eval` and `arguments`, the
 * global values a declaration would shadow confusingly, and the names the exported script itself uses
 * where node variables are declared.
 */
const RESERVED = new Set([
  // ECMAScript reserved words, strict-mode and module reserved words, literals.
  ...'await break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public'.split(' '),
  // Not reserved, but no binding may take these in strict code, or TypeScript refuses them.
  'eval', 'arguments', 'undefined', 'NaN', 'Infinity', 'globalThis',
  // Names the script uses in the scope where node variables are declared.
  'p', 'PipelineBuilder', 'buildPipeline',
]);

/** Whether a name is a valid identifier that an exported script may declare. */
export function isSafeIdentifier(name: string): boolean {
  return /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u.test(name) && !RESERVED.has(name);
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A readable identifier for a node id: separators become camelCase (`split-1` → `split1`, `my split` →
 * `mySplit`), a name that would start with a digit gets the kind in front (`2` → `dataset2`), a reserved
 * name gets `Node` after it (`eval` → `evalNode`), and a name already taken gets a number (`split2`).
 */
export function nodeIdentifier(id: string, kind: NodeKind, taken: Set<string>): string {
  const parts = id.split(/[^\p{ID_Continue}$\u200c\u200d]+/u).filter(Boolean);
  let name = parts.map((part, i) => (i === 0 ? part : capitalize(part))).join('');
  if (name === '') name = kind;
  if (!/^[\p{ID_Start}$_]/u.test(name)) name = `${kind}${capitalize(name)}`;
  if (RESERVED.has(name)) name = `${name}Node`;
  let unique = name;
  for (let n = 2; taken.has(unique) || RESERVED.has(unique); n++) unique = `${name}${n}`;
  taken.add(unique);
  return unique;
}
