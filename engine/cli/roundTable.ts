/** The per-round table the CLI prints as a run goes. */
import type { RoundRecord } from '../run/events.js';

const pct = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(2)}%`);
const num = (v: number | null | undefined) =>
  v === undefined || v === null ? '-' : Math.abs(v) >= 1e5 || !Number.isFinite(v) ? v.toExponential(2) : v.toFixed(4);

export const TABLE_HEADER = ['federation', 'round', 'clients', 'train loss', 'test loss', 'test acc', 'fed acc', 'time'];
const WIDTHS = [16, 6, 8, 11, 10, 9, 9, 8];

const pad = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(WIDTHS[i]) : c.padStart(WIDTHS[i]))).join(' ');

/** The header line of the round table. */
export function tableHeader(): string {
  return pad(TABLE_HEADER);
}

/** Clients that answered, then `+N✗` for those that dropped out and `+N!` for those that failed. */
function clientsCell(r: RoundRecord): string {
  const failed = r.failures?.length ?? 0;
  return `${r.participants}${r.dropped > 0 ? `+${r.dropped}✗` : ''}${failed > 0 ? `+${failed}!` : ''}`;
}

/** One round as a table line. */
export function tableRow(label: string, r: RoundRecord): string {
  const name = label.length > WIDTHS[0] ? `${label.slice(0, WIDTHS[0] - 1)}…` : label;
  return pad([
    name,
    String(r.round),
    clientsCell(r),
    num(r.trainLoss),
    num(r.test?.loss),
    pct(r.test?.accuracy),
    pct(r.federated?.accuracy),
    `${(r.ms / 1000).toFixed(2)}s`,
  ]);
}
