/**
 * Writing values as TypeScript source: object and array literals as a person would type them (single
 * quotes, bare keys), on one line where they fit and one entry per line where they do not.
 */

/** The column past which a literal is broken over several lines. */
export const LINE_WIDTH = 110;

const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;

/** A string as a single-quoted literal; control characters and lone surrogates are escaped, the rest kept. */
export function stringLiteral(text: string): string {
  let out = "'";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const code = text.charCodeAt(i);
    if (c === "'" || c === '\\') out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      out += c + text[i + 1];
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16)}`;
    else out += c;
  }
  return `${out}'`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** An object key: bare where it is an identifier (or a plain index), quoted otherwise. */
export function propertyKey(key: string): string {
  // A literal `__proto__` key (even quoted) sets the prototype; a computed key makes an own property.
  if (key === '__proto__') return `[${stringLiteral(key)}]`;
  return IDENTIFIER.test(key) || /^(0|[1-9]\d*)$/.test(key) ? key : stringLiteral(key);
}

function numberLiteral(n: number): string {
  if (Object.is(n, -0)) return '-0';
  return String(n);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value on one line: `{ method: 'iid', numClients: 10 }`. */
export function compactLiteral(value: unknown): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'boolean' || value === null) return String(value);
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(compactLiteral).join(', ')}]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${compactLiteral(v)}`).join(', ')} }`;
  }
  throw new Error(`Cannot write ${typeof value} as a literal.`);
}

/**
 * A value starting at `column` of a line indented by `indent`: on one line where it fits before
 * LINE_WIDTH (leaving room for `tail` characters after it), else one entry per line.
 */
export function literal(value: unknown, column = 0, indent = '', tail = 1): string {
  const compact = compactLiteral(value);
  if (column + compact.length + tail <= LINE_WIDTH) return compact;
  const inner = `${indent}  `;
  if (Array.isArray(value) && value.length > 0) {
    return `[\n${value.map((v) => `${inner}${literal(v, inner.length, inner, 1)},`).join('\n')}\n${indent}]`;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([k, v]) => {
      const key = `${propertyKey(k)}: `;
      return `${inner}${key}${literal(v, inner.length + key.length, inner, 1)},`;
    });
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
  return compact;
}

/** Text as `//` comment lines at `indent`, wrapped at LINE_WIDTH; blank lines are kept. */
export function commentLines(text: string, indent = '', prefix = '// '): string[] {
  const lead = `${indent}${prefix}`;
  const out: string[] = [];
  // Every line terminator of JavaScript ends a `//` comment, so each becomes a new comment line.
  for (const line of text.split(/\r\n|[\r\n\u2028\u2029]/)) {
    if (line.trim() === '') {
      out.push(lead.trimEnd());
      continue;
    }
    const start = /^\s*/.exec(line)![0];
    let current = '';
    for (const word of line.trim().split(/\s+/)) {
      if (current && lead.length + start.length + current.length + 1 + word.length > LINE_WIDTH) {
        out.push(`${lead}${start}${current}`);
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    out.push(`${lead}${start}${current}`);
  }
  return out;
}
