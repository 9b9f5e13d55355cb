/** The report's "Defences" section: the defence table (engine/export/defenceTable.ts) as HTML. */
import type { PipelineDocument } from '../format/pipeline.js';
import type { RunSummary } from '../run/events.js';
import { attackersText, defenceTable, gapText } from './defenceTable.js';
import { escapeHtml as esc } from './reportMarkdown.js';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);

/** The "Defences" section's HTML lines; empty where no federation faces an attacker. */
export function defenceSection(doc: PipelineDocument, summary: RunSummary): string[] {
  const table = defenceTable(doc, summary);
  if (!table) return [];
  const out = ['<h2>Defences</h2>'];
  out.push('<table class="defences"><tr><th>Federation</th><th>Defence</th><th>Attackers</th><th>Final test accuracy</th><th>Best test accuracy</th><th>Gap to honest</th></tr>');
  for (const r of table.rows) {
    const gap = r.reference ? 'reference' : r.gap === null ? '—' : gapText(r.gap);
    const final = `${pct(r.final)}${r.divergedAt !== undefined ? ` <span class="muted">diverged in round ${r.divergedAt}</span>` : ''}`;
    out.push(
      `<tr><td>${esc(r.label)} <span class="muted">${esc(r.aggregatorId)}</span></td><td title="${esc(r.defence.how)}">${esc(r.defence.name)}</td><td>${esc(attackersText(r))}</td><td>${final}</td><td>${pct(r.best)}</td><td>${esc(gap)}</td></tr>`,
    );
  }
  out.push('</table>');
  const reference = table.rows.find((r) => r.reference);
  out.push(
    `<p class="muted">${
      reference
        ? `Gap: final test accuracy minus that of ${esc(reference.label)}, fed by honest clients only, in percentage points.`
        : 'No federation here is fed by honest clients only, so there is no honest reference to measure gaps from: add one (an aggregator fed by the honest group alone) to see what each defence costs.'
    } Robust rules bound what a minority of clients can do to each round’s aggregate; none of them stops an attack whose updates look like honest ones, and each pays some accuracy when no one attacks. Hover a defence for what it does.</p>`,
  );
  return out;
}
