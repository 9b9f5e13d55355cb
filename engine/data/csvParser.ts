/**
 * A small RFC 4180 CSV parser: comma-separated fields, double-quoted fields that may hold commas, quotes
 * (doubled) and line breaks, LF or CRLF line ends, an optional byte-order mark. Blank lines are skipped, so a
 * trailing newline or an empty last line is harmless. Each record keeps the line it starts on, for errors.
 */
import { DatasetError } from './datasetError.js';

/** One row of a CSV file. */
export interface CsvRecord {
  /** The fields, unquoted, in column order. */
  fields: string[];
  /** The 1-based line the record starts on. */
  line: number;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Counts the line breaks (LF, CRLF or a lone CR) in `text[from, to)`. */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

/** Parses CSV text into records; `file` names the file in errors, which are on the `path` field. */
export function parseCsv(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        let value = '';
        let start = ++i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            throw new DatasetError('a quoted field starts here but its closing quote is missing', {
              field: 'path',
              file,
              line: openLine,
            });
          }
          line += countLineBreaks(text, i, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            // A doubled quote inside quotes stands for one quote.
            value += text.slice(start, q + 1);
            i = start = q + 2;
            continue;
          }
          value += text.slice(start, q);
          i = q + 1;
          break;
        }
        const next = text.charCodeAt(i);
        if (i < n && next !== COMMA && next !== LF && next !== CR) {
          throw new DatasetError(`unexpected text after the closing quote of "${value}"`, { field: 'path', file, line });
        }
        fields.push(value);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      if (i < n && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      if (i < n) {
        // End of the record: step over LF, CRLF or a lone CR.
        if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i++;
        i++;
        line++;
      }
      break;
    }
    // A line holding nothing (or only spaces) is no record: trailing newlines and blank lines are common.
    if (fields.length > 1 || fields[0].trim() !== '') records.push({ fields, line: startLine });
  }
  return records;
}
