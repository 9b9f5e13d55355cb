/** The report's privacy statement: for each federation with differential privacy, what was done and what ε it spent. */
import type { PipelineDocument } from '../format/pipeline.js';
import { aggregatorParams } from '../format/params.js';
import type { FederationSummary } from '../run/events.js';
import { escapeHtml as esc } from './reportMarkdown.js';

const MECHANISMS: Record<string, string> = {
  'server-fixed': 'central DP, the server clips each update to a fixed norm and adds Gaussian noise to the average',
  'server-adaptive': 'central DP, the server clips each update to an adaptive norm (Andrew et al. 2021) and adds Gaussian noise to the average',
  'client-fixed': 'central DP, each client clips its own update to a fixed norm and the server adds Gaussian noise to the average',
  'client-adaptive': 'central DP, each client clips its own update to an adaptive norm and the server adds Gaussian noise to the average',
  local: 'local DP, each client clips its own update and adds its own Gaussian noise before sending it',
};

/** The "Privacy" section's HTML lines; empty where no federation has differential privacy. */
export function privacySection(doc: PipelineDocument, feds: readonly FederationSummary[]): string[] {
  const out: string[] = [];
  for (const f of feds) {
    const node = doc.nodes.find((n) => n.id === f.aggregatorId);
    const parsed = node ? aggregatorParams.safeParse(node.params) : undefined;
    if (!parsed?.success || parsed.data.privacy === 'none') continue;
    const p = parsed.data;
    const rounds = f.history.filter((r) => r.epsilon !== undefined);
    const last = rounds.at(-1);
    const qs = [...new Set(rounds.map((r) => r.samplingRate?.toFixed(4)))].filter((q) => q !== undefined);
    const eps = last?.epsilon;
    const epsText = eps === undefined ? 'no round was aggregated' : Number.isFinite(eps) ? `ε = ${eps.toFixed(3)}` : 'ε = ∞ (no noise, no privacy)';
    const adaptive = p.privacy === 'server-adaptive' || p.privacy === 'client-adaptive';
    out.push(
      `<p><b>${esc(f.label)}</b>: ${esc(MECHANISMS[p.privacy])}. Clip norm ${adaptive ? `starting at ${p.clipNorm}, target quantile ${p.targetQuantile}, learning rate ${p.clipLearningRate}${last?.clipNorm !== undefined ? `, last ${last.clipNorm.toPrecision(4)}` : ''}` : p.clipNorm}; noise multiplier σ = ${p.noiseMultiplier}; sampling rate q = ${qs.join(', ') || '—'}${p.privacy === 'local' ? ' (accounted as 1: the server sees who sent)' : ''}; ${rounds.length} round${rounds.length === 1 ? '' : 's'}. Accountant: Rényi DP of the subsampled Gaussian mechanism (Mironov et al. 2019, as Opacus), converted as Balle et al. 2020. After the last round: <b>${epsText}</b> at δ = ${p.delta}.${f.budgetStoppedAt !== undefined ? ` Stopped before round ${f.budgetStoppedAt} by the ε budget of ${p.epsilonBudget}.` : ''}</p>`,
    );
  }
  if (out.length === 0) return [];
  return [
    '<h2>Privacy</h2>',
    ...out,
    '<p class="muted">Differential privacy bounds what the released models reveal about any one client’s data, at client level (one client’s whole update). It does not hide the updates from the server: that is secure aggregation’s job. ε is an upper bound from the accountant, not a measured leak.</p>',
  ];
}
