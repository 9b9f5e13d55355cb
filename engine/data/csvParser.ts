/**
 * A small RFC 4180 CSV parser: fields separated by one delimiter (a comma unless told otherwise), double-quoted fields that may hold commas, quotes
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
const SEMICOLON = 0x3b;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/** The field delimiters a CSV file may use: comma, semicolon (European spreadsheets) or tab. */
export type CsvDelimiter = ',' | ';' | '\t';

/** Counts the line breaks (LF, CRLF or a lone CR) in `text[from, to)`. */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

/**
 * The delimiter of a file whose delimiter is not given: a comma wherever the first record has one outside
 * quotes (so every file that parsed before still parses the same), else a semicolon, else a tab.
 */
export function sniffDelimiter(text: string): CsvDelimiter {
  let quoted = false;
  let content = false;
  let semicolon = false;
  let tab = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === COMMA) return ',';
    else if (c === SEMICOLON) semicolon = true;
    else if (c === TAB) tab = true;
    // The first record ends at its first line break outside quotes; blank lines before it do not count.
    else if (c === LF || c === CR) {
      if (content || semicolon || tab) break;
      continue;
    } else if (c === 0x20 || c === 0xfeff) continue;
    content = true;
  }
  return semicolon ? ';' : tab ? '\t' : ',';
}

/** Parses CSV text into records; `file` names the file in errors, which are on the `path` field. */
export function parseCsv(text: string, file: string, delimiter: CsvDelimiter = ','): CsvRecord[] {
  return [...csvRecords(text, file, delimiter)];
}

/** The records of CSV text one at a time, so a loader can convert each row without holding them all. */
export function* csvRecords(text: string, file: string, delimiter: CsvDelimiter = ','): Generator<CsvRecord> {
  const SEP = delimiter.charCodeAt(0);
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
        if (i < n && next !== SEP && next !== LF && next !== CR) {
          throw new DatasetError(`unexpected text after the closing quote of "${value}"`, { field: 'path', file, line });
        }
        fields.push(value);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === SEP || c === LF || c === CR) break;
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      if (i < n && text.charCodeAt(i) === SEP) {
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
    if (fields.length > 1 || fields[0].trim() !== '') yield { fields, line: startLine };
  }
}
