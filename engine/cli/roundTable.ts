/** The per-round table the CLI prints as a run goes. */
import type { RoundRecord } from '../run/events.js';

const pct = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(2)}%`);
const num = (v: number | null | undefined) =>
  v === undefined || v === null ? '-' : Math.abs(v) >= 1e5 || !Number.isFinite(v) ? v.toExponential(2) : v.toFixed(4);

export const TABLE_HEADER = ['federation', 'round', 'clients', 'train loss', 'test loss', 'test acc', 'fed acc', 'time'];
/** The column added when devices are simulated: the simulated clock at the end of the round. */
export const SIMULATED_COLUMN = 'sim clock';
const WIDTHS = [16, 6, 8, 11, 10, 9, 9, 8, 10];

const pad = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(WIDTHS[i]) : c.padStart(WIDTHS[i]))).join(' ');

/** The header line of the round table; `simulated` adds the simulated clock's column. */
export function tableHeader(simulated = false): string {
  return pad(simulated ? [...TABLE_HEADER, SIMULATED_COLUMN] : TABLE_HEADER);
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

/** One round as a table line; `simulated` adds the simulated clock at the round's end. */
export function tableRow(label: string, r: RoundRecord, simulated = false): string {
  const name = label.length > WIDTHS[0] ? `${label.slice(0, WIDTHS[0] - 1)}…` : label;
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
  return pad(simulated ? [...cells, r.clock === undefined ? '-' : simulatedDuration(r.clock)] : cells);
}
