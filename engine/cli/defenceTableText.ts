/** The defence table (engine/export/defenceTable.ts) as the lines the CLI prints at the end of a run. */
import { attackersText, defenceTable, gapText, type DefenceTable } from '../export/defenceTable.js';
import type { PipelineDocument } from '../format/pipeline.js';
import type { RunSummary } from '../run/events.js';

const pct = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(2)}%`);

/** The table as aligned text lines: a title, a header and one line per federation. */
export function defenceTableLines(table: DefenceTable): string[] {
  const header = ['federation', 'defence', 'attackers', 'final acc', 'best acc', 'gap'];
  const body = table.rows.map((r) => [
    r.label,
    r.defence.name,
    attackersText(r),
    `${pct(r.final)}${r.divergedAt !== undefined ? ` (diverged r${r.divergedAt})` : ''}`,
    pct(r.best),
    r.reference ? 'reference' : r.gap === null ? '-' : gapText(r.gap),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  // Text columns left, figures right.
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const reference = table.rows.find((r) => r.reference);
  return [
    `Defences${reference ? ` (gap: final test accuracy minus that of ${reference.label}, whose clients are all honest)` : ' (no federation with honest clients only, so no gaps)'}:`,
    line(header),
    ...body.map(line),
  ];
}

/** The defence table's lines for a finished run; none where no federation faces an attacker. */
export function defenceSummaryLines(doc: PipelineDocument, summary: RunSummary): string[] {
  const table = defenceTable(doc, summary);
  return table ? defenceTableLines(table) : [];
}
