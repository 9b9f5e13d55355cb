/**
 * The examples the page holds: drawn digits, rows from a local file, or rows a test injects. They stay in
 * the page; the server hears only their description (how many, which labels). Rows are checked against
 * the federation's schema as they are added, and CSV rows are put on the server's feature scale. A CSV
 * file can be read only against the schema (its settings say how), so one picked before joining waits
 * for it, and is read when the page connects.
 */
import type { WireDataDescription, WireDataSchema } from '../../engine/protocol/messages.js';
import type { TableRef } from '../../engine/run/messages.js';
import { readCsvFile } from './csvFile.js';

/** A label as given: the class's index or its name. */
export type GivenLabel = number | string;

/** The page's training rows, in the order they were added. */
export class PageExamples {
  private rows: Float32Array[] = [];
  private labels: number[] = [];
  private schema: WireDataSchema | null = null;
  /** Rows given before the schema arrived, checked once it does. */
  private pending: { row: ArrayLike<number>; label: GivenLabel }[] = [];
  /** CSV files picked before the schema arrived, read once it does. */
  private pendingFiles: { name: string; text: string }[] = [];

  /** How many rows it holds (and waits to check). */
  get count(): number {
    return this.rows.length + this.pending.length;
  }

  /** The CSV files that wait for the federation's schema to be read. */
  get waitingFiles(): string[] {
    return this.pendingFiles.map((f) => f.name);
  }

  /** Rows per class name, for the page's list. */
  counts(): Map<string, number> {
    const out = new Map<string, number>();
    const names = this.schema?.classNames;
    for (const k of this.labels) {
      const name = names?.[k] ?? String(k);
      out.set(name, (out.get(name) ?? 0) + 1);
    }
    for (const p of this.pending) out.set(String(p.label), (out.get(String(p.label)) ?? 0) + 1);
    return out;
  }

  /** Sets the federation's schema; rows given before it are checked now. Returns the first problem, if any. */
  useSchema(schema: WireDataSchema): string | undefined {
    this.schema = schema;
    const waiting = this.pending;
    this.pending = [];
    for (const p of waiting) {
      const problem = this.add(p.row, p.label);
      if (problem) return problem;
    }
    const files = this.pendingFiles;
    this.pendingFiles = [];
    for (const f of files) {
      const problem = this.addCsv(f.name, f.text);
      if (problem) return problem;
    }
    return undefined;
  }

  /** Adds every row of a CSV file, read as the schema says (or kept until it arrives); returns why it cannot. */
  addCsv(name: string, text: string): string | undefined {
    const schema = this.schema;
    if (!schema) {
      this.pendingFiles.push({ name, text });
      return undefined;
    }
    const read = readCsvFile(name, text, schema);
    if (typeof read === 'string') return read;
    // The reader already put the rows on the federation's scale, as `fedflow join` has them.
    for (let i = 0; i < read.y.length; i++) {
      this.rows.push(read.x.slice(i * read.numFeatures, (i + 1) * read.numFeatures));
      this.labels.push(read.y[i]);
    }
    return undefined;
  }

  /** Adds one row; returns why it cannot be added (wrong length, unknown label, not a number). */
  add(row: ArrayLike<number>, label: GivenLabel): string | undefined {
    const schema = this.schema;
    if (!schema) {
      this.pending.push({ row: Array.from(row), label });
      return undefined;
    }
    if (row.length !== schema.numFeatures) return `a row has ${row.length} values, and the federation's data has ${schema.numFeatures} features`;
    const k = typeof label === 'number' ? label : schema.classNames.indexOf(label);
    if (!Number.isInteger(k) || k < 0 || k >= schema.classNames.length) return `label ${String(label)} is not among the federation's classes (${schema.classNames.join(', ')})`;
    const x = new Float32Array(row.length);
    const scale = schema.source === 'csv' ? schema.standardization : undefined;
    for (let j = 0; j < row.length; j++) {
      const v = Number(row[j]);
      if (!Number.isFinite(v)) return `value ${j + 1} of a row is not a number`;
      // The dataset node's scaling, x' = (x − mean)·scale in float64, then float32 as the reader stores it.
      x[j] = scale ? (v - scale.mean[j]) * scale.scale[j] : v;
    }
    this.rows.push(x);
    this.labels.push(k);
    return undefined;
  }

  /** What the server hears of the data at join: never a row. */
  describe(): WireDataDescription {
    const schema = this.schema!;
    const seen = [...new Set(this.labels)].sort((a, b) => a - b);
    return {
      featureNames: schema.source === 'csv' ? schema.featureNames : null,
      numFeatures: schema.numFeatures,
      labelColumn: schema.source === 'csv' ? schema.labelColumn : '',
      labels: seen.map((k) => schema.classNames[k]),
      examples: this.rows.length,
    };
  }

  /** All rows as one table for the trainer. */
  table(): TableRef {
    const schema = this.schema!;
    const n = this.rows.length;
    const x = new Float32Array(n * schema.numFeatures);
    this.rows.forEach((r, i) => x.set(r, i * schema.numFeatures));
    const featureShape = schema.source === 'idx' ? schema.featureShape : [schema.numFeatures];
    return { x, y: Int32Array.from(this.labels), featureShape, numClasses: schema.classNames.length };
  }
}
