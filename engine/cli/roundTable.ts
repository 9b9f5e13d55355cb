/** The per-round table the CLI prints as a run goes. */
import type { RoundRecord } from '../run/events.js';
import { formatBytes } from '../text/bytes.js';
import { fitLabels } from './fitLabels.js';

const pct = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(2)}%`);
const num = (v: number | null | undefined) =>
  v === undefined || v === null ? '-' : Math.abs(v) >= 1e5 || !Number.isFinite(v) ? v.toExponential(2) : v.toFixed(4);

export const TABLE_HEADER = ['federation', 'round', 'clients', 'train loss', 'test loss', 'test acc', 'fed acc', 'time'];
/** The column added when devices are simulated: the simulated clock at the end of the round. */
export const SIMULATED_COLUMN = 'sim clock';
/**
 * The column added where the terminal has room: the bytes the federation's clients have sent so far
 * (cumulative uplink), so a row reads "this accuracy after this much upload". Uplink, as it is the costly
 * direction on real links and the one compression works on; the report and the workbench give downlink too.
 */
export const UPLINK_COLUMN = '↑ total';
/** The column added, last, when any federation has differential privacy: ε at δ after the round. */
export const EPSILON_COLUMN = 'ε';
const EPSILON_WIDTH = 8;
/** ε as a table cell: '-' where the federation has no DP, ∞ where it adds no noise. */
export const epsilonCell = (e: number | undefined): string => (e === undefined ? '-' : Number.isFinite(e) ? e.toFixed(3) : '∞');
/** Widths of the columns after the federation's, before `time`. */
const BASE_WIDTHS = [6, 8, 11, 10, 9, 9];
/** formatBytes writes at most seven characters ("12.3 MB"), plus a space. */
const UPLINK_WIDTH = 8;
const TIME_WIDTH = 8;
const SIMULATED_WIDTH = 10;
/** The federation column's width where nothing else is known, and its least ('federation' itself). */
export const LABEL_WIDTH = 16;
const MIN_LABEL_WIDTH = TABLE_HEADER[0].length;
/** The terminal width assumed where the output is not a terminal. */
export const FALLBACK_COLUMNS = 100;

/** The widths of the columns after the federation's, for the columns shown. */
function widths(simulated: boolean, uplink: boolean): number[] {
  return [...BASE_WIDTHS, ...(uplink ? [UPLINK_WIDTH] : []), TIME_WIDTH, ...(simulated ? [SIMULATED_WIDTH] : [])];
}

/** Characters the columns after the federation's take, each with the space before it. */
const othersWidth = (simulated: boolean, uplink: boolean) => widths(simulated, uplink).reduce((sum, w) => sum + w + 1, 0);

const pad = (cells: string[], labelWidth: number, simulated: boolean, uplink: boolean) => {
  const w = widths(simulated, uplink);
  return cells.map((c, i) => (i === 0 ? c.padEnd(labelWidth) : c.padStart(w[i - 1]))).join(' ');
};

/** The header line of the round table; `simulated` adds the simulated clock's column, `uplink` the uplink's. */
export function tableHeader(simulated = false, labelWidth = LABEL_WIDTH, uplink = false): string {
  const [label, ...scores] = TABLE_HEADER;
  const time = scores.pop()!;
  return pad([label, ...scores, ...(uplink ? [UPLINK_COLUMN] : []), time, ...(simulated ? [SIMULATED_COLUMN] : [])], labelWidth, simulated, uplink);
}

/**
 * The federation column's width: the longest label, as far as the terminal's `columns` leave room beside
 * the other columns (never less than the header's word).
 */
export function labelWidth(labels: readonly string[], columns: number, simulated = false, uplink = false): number {
  const longest = Math.max(MIN_LABEL_WIDTH, ...labels.map((l) => l.length));
  return Math.max(MIN_LABEL_WIDTH, Math.min(longest, columns - othersWidth(simulated, uplink)));
}

/**
 * Whether the uplink column fits: only where the labels keep, beside it, their whole length or
 * LABEL_WIDTH characters, whichever is less; on a narrow terminal telling federations apart comes first.
 */
export function uplinkFits(labels: readonly string[], columns: number, simulated = false): boolean {
  const longest = Math.max(MIN_LABEL_WIDTH, ...labels.map((l) => l.length));
  return columns - othersWidth(simulated, true) >= Math.min(longest, LABEL_WIDTH);
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

/**
 * One round as a table line; `simulated` adds the simulated clock at the round's end, and `uplinkSoFar`
 * (the bytes the federation's clients sent up to and including this round) the uplink column. A label
 * too long for the column is cut.
 */
export function tableRow(label: string, r: RoundRecord, simulated = false, width = LABEL_WIDTH, uplinkSoFar?: number): string {
  const [name] = fitLabels([label], width);
  const uplink = uplinkSoFar !== undefined;
  const cells = [
    name,
    String(r.round),
    clientsCell(r),
    num(r.trainLoss),
    num(r.test?.loss),
    pct(r.test?.accuracy),
    pct(r.federated?.accuracy),
    ...(uplink ? [formatBytes(uplinkSoFar)] : []),
    `${(r.ms / 1000).toFixed(2)}s`,
    ...(simulated ? [r.clock === undefined ? '-' : simulatedDuration(r.clock)] : []),
  ];
  return pad(cells, width, simulated, uplink);
}

/**
 * The table for one run: its federations' labels fitted together to the terminal's width, so that where
 * they must be shortened each keeps what tells it apart from the others; and, where there is room, each
 * federation's uplink so far, summed over the rows it has printed.
 */
export class RoundTable {
  private readonly width: number;
  private readonly names: Map<string, string>;
  /** Whether the uplink column is shown (see uplinkFits). */
  readonly uplink: boolean;
  /** Each federation's uplink bytes over the rounds printed so far. */
  private readonly sent = new Map<string, number>();

  constructor(
    /** Each federation's aggregator id and label. */
    federations: readonly { aggregatorId: string; label: string }[],
    private readonly simulated = false,
    /** The terminal's width: process.stdout.columns where stdout is one. */
    columns = FALLBACK_COLUMNS,
    /** Whether any federation has differential privacy: adds the ε column at the end. */
    private readonly privacy = false,
  ) {
    if (privacy) columns -= EPSILON_WIDTH + 1;
    const labels = federations.map((f) => f.label);
    this.uplink = uplinkFits(labels, columns, simulated);
    this.width = labelWidth(labels, columns, simulated, this.uplink);
    const fitted = fitLabels(labels, this.width);
    this.names = new Map(federations.map((f, i) => [f.aggregatorId, fitted[i]]));
  }

  /** The header line. */
  header(): string {
    const line = tableHeader(this.simulated, this.width, this.uplink);
    return this.privacy ? `${line} ${EPSILON_COLUMN.padStart(EPSILON_WIDTH)}` : line;
  }

  /** One round of a federation as a line; rounds are printed once each, in order, as `evaluated` events come. */
  row(aggregatorId: string, r: RoundRecord): string {
    const sent = (this.sent.get(aggregatorId) ?? 0) + r.bytesUp;
    this.sent.set(aggregatorId, sent);
    const line = tableRow(this.names.get(aggregatorId) ?? aggregatorId, r, this.simulated, this.width, this.uplink ? sent : undefined);
    return this.privacy ? `${line} ${epsilonCell(r.epsilon).padStart(EPSILON_WIDTH)}` : line;
  }
}
