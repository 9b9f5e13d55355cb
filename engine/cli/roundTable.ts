/** The per-round table the CLI prints as a run goes. */
import type { RoundRecord } from '../run/events.js';
import { fitLabels } from './fitLabels.js';

const pct = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(2)}%`);
const num = (v: number | null | undefined) =>
  v === undefined || v === null ? '-' : Math.abs(v) >= 1e5 || !Number.isFinite(v) ? v.toExponential(2) : v.toFixed(4);

export const TABLE_HEADER = ['federation', 'round', 'clients', 'train loss', 'test loss', 'test acc', 'fed acc', 'time'];
/** The column added when devices are simulated: the simulated clock at the end of the round. */
export const SIMULATED_COLUMN = 'sim clock';
/** The columns' widths after the federation's; the federation's own width depends on the labels and the terminal. */
const WIDTHS = [6, 8, 11, 10, 9, 9, 8, 10];
/** The federation column's width where nothing else is known, and its least ('federation' itself). */
export const LABEL_WIDTH = 16;
const MIN_LABEL_WIDTH = TABLE_HEADER[0].length;
/** The terminal width assumed where the output is not a terminal. */
export const FALLBACK_COLUMNS = 100;

const pad = (cells: string[], labelWidth: number) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(labelWidth) : c.padStart(WIDTHS[i - 1]))).join(' ');

/** The header line of the round table; `simulated` adds the simulated clock's column. */
export function tableHeader(simulated = false, labelWidth = LABEL_WIDTH): string {
  return pad(simulated ? [...TABLE_HEADER, SIMULATED_COLUMN] : TABLE_HEADER, labelWidth);
}

/**
 * The federation column's width: the longest label, as far as the terminal's `columns` leave room beside
 * the other columns (never less than the header's word).
 */
export function labelWidth(labels: readonly string[], columns: number, simulated = false): number {
  const others = WIDTHS.slice(0, simulated ? WIDTHS.length : WIDTHS.length - 1).reduce((sum, w) => sum + w + 1, 0);
  const longest = Math.max(MIN_LABEL_WIDTH, ...labels.map((l) => l.length));
  return Math.max(MIN_LABEL_WIDTH, Math.min(longest, columns - others));
}

/** Simulated seconds as a short duration: 42.1s, 12m03s, 3h05m. */
export function simulatedDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Clients that answered, then `+N✗` for those that dropped out and `+N!` for those that failed. */
function clientsCell(r: RoundRecord): string {
  const failed = r.failures?.length ?? 0;
  return `${r.participants}${r.dropped > 0 ? `+${r.dropped}✗` : ''}${failed > 0 ? `+${failed}!` : ''}`;
}

/** One round as a table line; `simulated` adds the simulated clock at the round's end. A label too long for the column is cut. */
export function tableRow(label: string, r: RoundRecord, simulated = false, width = LABEL_WIDTH): string {
  const [name] = fitLabels([label], width);
  const cells = [
    name,
    String(r.round),
    clientsCell(r),
    num(r.trainLoss),
    num(r.test?.loss),
    pct(r.test?.accuracy),
    pct(r.federated?.accuracy),
    `${(r.ms / 1000).toFixed(2)}s`,
  ];
  return pad(simulated ? [...cells, r.clock === undefined ? '-' : simulatedDuration(r.clock)] : cells, width);
}

/**
 * The table for one run: its federations' labels fitted together to the terminal's width, so that where
 * they must be shortened each keeps what tells it apart from the others.
 */
export class RoundTable {
  private readonly width: number;
  private readonly names: Map<string, string>;

  constructor(
    /** Each federation's aggregator id and label. */
    federations: readonly { aggregatorId: string; label: string }[],
    private readonly simulated = false,
    /** The terminal's width: process.stdout.columns where stdout is one. */
    columns = FALLBACK_COLUMNS,
  ) {
    const labels = federations.map((f) => f.label);
    this.width = labelWidth(labels, columns, simulated);
    const fitted = fitLabels(labels, this.width);
    this.names = new Map(federations.map((f, i) => [f.aggregatorId, fitted[i]]));
  }

  /** The header line. */
  header(): string {
    return tableHeader(this.simulated, this.width);
  }

  /** One round of a federation as a line. */
  row(aggregatorId: string, r: RoundRecord): string {
    return tableRow(this.names.get(aggregatorId) ?? aggregatorId, r, this.simulated, this.width);
  }
}
