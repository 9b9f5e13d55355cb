/**
 * The defence table: for a run whose federations face poisoning clients, one row per federation with its
 * defence (strategy and key params, norm clipping), the attackers it faced, its final and best test accuracy,
 * and its gap to an honest reference (a federation fed by honest clients only) where the run has one.
 * Pure, from the document and the run's summary, so the HTML report, the CLI and the workbench read the same
 * rows; what each strategy counts as a defence is decided here once (`defenceOf`).
 */
import { clientCounts } from '../format/clientCounts.js';
import { sourcesOf } from '../format/graph.js';
import { assertNever } from '../format/nodeKinds.js';
import { aggregatorParams, clientParams, PARAMS_SCHEMAS, type AggregatorParams, type ClientBehaviour, type ClientParams } from '../format/params.js';
import type { PipelineDocument, PipelineNode } from '../format/pipeline.js';
import type { FederationSummary, RunSummary } from '../run/events.js';

/** What a federation's server does against poisoned updates. */
export interface Defence {
  /** Short, with its key params: `Krum f=2`, `FedAvg + norm clipping C=0.5`. */
  name: string;
  /** Whether anything in it bounds what one client can do to the average (false for a plain weighted mean). */
  robust: boolean;
  /** One sentence: what it does with the updates. */
  how: string;
}

/** A group of attacking clients feeding a federation. */
export interface AttackerGroup {
  clientNodeId: string;
  behaviour: Exclude<ClientBehaviour, 'honest'>;
  /** The attack with its strength: `sign-flip ×4`, `gaussian-noise σ=1`, `label-flip`. */
  attack: string;
  /** The group's clients, where the document says (not for a natural split). */
  clients: number | null;
}

/** One federation's row of the defence table. */
export interface DefenceRow {
  aggregatorId: string;
  label: string;
  defence: Defence;
  attackers: AttackerGroup[];
  /** Attacking clients and all clients feeding it, where the document says. */
  attackerClients: number | null;
  clients: number | null;
  /** Test accuracy after the last round run, and the best of any round; null where no test set was scored. */
  final: number | null;
  best: number | null;
  /** The round it diverged in, if it did. */
  divergedAt?: number;
  /** This row is the honest reference the gaps are measured from. */
  reference: boolean;
  /** final − the reference's final (accuracy as a fraction); null without a reference or a score. */
  gap: number | null;
}

/** The table: its rows in the summary's order, and the honest reference's id where the run has one. */
export interface DefenceTable {
  rows: DefenceRow[];
  referenceId?: string;
}

const fmt = (v: number): string => String(Number(v.toPrecision(3)));

/** The aggregation rule's part of a defence: what counts as one, and its key params, for every strategy. */
function ruleOf(p: AggregatorParams): Defence {
  switch (p.strategy) {
    case 'FedAvg':
      return { name: 'FedAvg', robust: false, how: 'weighted mean of the updates: one large update moves it as far as it likes' };
    case 'FedAvgM':
      return { name: `FedAvgM β=${fmt(p.serverMomentum)}`, robust: false, how: 'weighted mean with server momentum: no bound on one update' };
    case 'FedAdam':
    case 'FedYogi':
    case 'FedAdagrad':
      return { name: `${p.strategy} η=${fmt(p.eta)}`, robust: false, how: 'adaptive server step on the weighted mean: per-coordinate scaling, no bound on one update' };
    case 'QFedAvg':
      return { name: `QFedAvg q=${fmt(p.q)}`, robust: false, how: 'weights clients with high loss more: an attacker with a high loss gains weight' };
    case 'SCAFFOLD':
      return { name: 'SCAFFOLD', robust: false, how: 'weighted mean with control variates: corrects drift, not attacks' };
    case 'FedMedian':
      return { name: 'FedMedian', robust: true, how: 'coordinate-wise median: a minority cannot move any weight outside the range of the honest values' };
    case 'FedTrimmedAvg':
      return { name: `FedTrimmedAvg β=${fmt(p.beta)}`, robust: true, how: `coordinate-wise mean after cutting ${fmt(p.beta * 100)}% of the values from each end` };
    case 'Krum':
      return { name: `Krum f=${p.numMalicious}`, robust: true, how: `keeps the one update with the least summed squared distance to its n − f − 2 nearest neighbours, expecting ${p.numMalicious} attackers` };
    case 'MultiKrum':
      return { name: `MultiKrum f=${p.numMalicious}, m=${p.numToKeep}`, robust: true, how: `averages the ${p.numToKeep} updates with the best Krum scores, expecting ${p.numMalicious} attackers` };
    case 'Bulyan':
      return { name: `Bulyan f=${p.numMalicious}`, robust: true, how: `Krum selections, then a trimmed mean around the median, expecting ${p.numMalicious} attackers` };
    default:
      return assertNever(p, 'strategy');
  }
}

/** What the privacy mechanism adds to a defence: clipping bounds each update's norm, noise does nothing for robustness. */
function clippingOf(p: AggregatorParams): { name: string; how: string } | undefined {
  const noise = p.noiseMultiplier > 0 ? ` and DP noise σ=${fmt(p.noiseMultiplier)}` : '';
  switch (p.privacy) {
    case 'none':
      return undefined;
    case 'server-fixed':
      return { name: `norm clipping C=${fmt(p.clipNorm)}${noise}`, how: `the server first scales each update to L2 norm at most ${fmt(p.clipNorm)}` };
    case 'server-adaptive':
      return { name: `adaptive clipping from C=${fmt(p.clipNorm)}${noise}`, how: `the server first clips each update to the ${fmt(p.targetQuantile)} quantile of the norms` };
    case 'client-fixed':
    case 'client-adaptive':
      return { name: `client-side clipping C=${fmt(p.clipNorm)}${noise}`, how: 'each client clips its own update, which a real attacker would not do (the simulation clips attackers too)' };
    case 'local':
      return { name: `local DP C=${fmt(p.clipNorm)}${noise}`, how: 'each client clips and noises its own update, which a real attacker would not do (the simulation clips attackers too)' };
    default:
      return assertNever(p.privacy, 'privacy mechanism');
  }
}

/** A federation's defence: its rule, with clipping where its privacy mechanism clips. */
export function defenceOf(p: AggregatorParams): Defence {
  const rule = ruleOf(p);
  const clip = clippingOf(p);
  if (!clip) return rule;
  // Server-side clipping bounds what one update does to the mean; client-side clipping only where clients obey.
  const robust = rule.robust || p.privacy === 'server-fixed' || p.privacy === 'server-adaptive';
  return { name: `${rule.name} + ${clip.name}`, robust, how: `${clip.how}; then ${rule.how}` };
}

/** An attack with its strength, as a cell: `sign-flip ×4`, `scaled ×10`, `gaussian-noise σ=1`, `label-flip`. */
export function attackName(p: Pick<ClientParams, 'behaviour' | 'attackScale' | 'noiseStd'>): string {
  switch (p.behaviour) {
    case 'honest':
      return 'none';
    case 'sign-flip':
    case 'scaled':
      return `${p.behaviour} ×${fmt(p.attackScale)}`;
    case 'gaussian-noise':
      return `gaussian-noise σ=${fmt(p.noiseStd)}`;
    case 'label-flip':
      return 'label-flip';
    default:
      return assertNever(p.behaviour, 'behaviour');
  }
}

/** A node clientCounts may read: there, with params that parse (a report is never the place to throw on a bad split). */
const readable = (n?: PipelineNode): n is PipelineNode => n !== undefined && PARAMS_SCHEMAS[n.kind].safeParse(n.params).success;

/** The client groups feeding an aggregator, with their parsed params (groups whose params do not parse are left out). */
function groupsOf(doc: PipelineDocument, aggregatorId: string): { node: PipelineNode; params: ClientParams }[] {
  return sourcesOf(doc, aggregatorId, 'updates').flatMap((node) => {
    if (node.kind !== 'client') return [];
    const parsed = clientParams.safeParse(node.params);
    return parsed.success ? [{ node, params: parsed.data }] : [];
  });
}

/** The best test accuracy of any round of a federation; null where none was scored. */
function bestAccuracy(f: FederationSummary): number | null {
  let best: number | null = null;
  for (const r of f.history) if (r.test && Number.isFinite(r.test.accuracy) && (best === null || r.test.accuracy > best)) best = r.test.accuracy;
  return best;
}

/**
 * The defence table of a run, or undefined where no federation faces an attacker (nothing to defend
 * against). The honest reference is a federation fed by honest clients only: a plain FedAvg one where there
 * are several, else the first.
 */
export function defenceTable(doc: PipelineDocument, summary: RunSummary): DefenceTable | undefined {
  const rows: Omit<DefenceRow, 'reference' | 'gap'>[] = [];
  const plainMean: string[] = [];
  for (const f of summary.federations) {
    const node = doc.nodes.find((n) => n.id === f.aggregatorId && n.kind === 'aggregator');
    const parsed = node ? aggregatorParams.safeParse(node.params) : undefined;
    if (!parsed?.success) continue;
    const groups = groupsOf(doc, f.aggregatorId);
    const countOf = (g: (typeof groups)[number]) => clientCounts(doc, [g], readable)?.total ?? null;
    const attackers: AttackerGroup[] = groups.flatMap((g) =>
      g.params.behaviour === 'honest' ? [] : [{ clientNodeId: g.node.id, behaviour: g.params.behaviour, attack: attackName(g.params), clients: countOf(g) }],
    );
    const all = clientCounts(doc, groups, readable)?.total ?? null;
    const counts = attackers.map((a) => a.clients);
    const attackerClients = counts.every((c) => c !== null) ? counts.reduce<number>((s, c) => s + c!, 0) : null;
    const defence = defenceOf(parsed.data);
    if (attackers.length === 0 && parsed.data.strategy === 'FedAvg' && parsed.data.privacy === 'none') plainMean.push(f.aggregatorId);
    rows.push({
      aggregatorId: f.aggregatorId,
      label: f.label,
      defence,
      attackers,
      attackerClients,
      clients: all,
      final: f.final.accuracy,
      best: bestAccuracy(f),
      ...(f.divergedAt !== undefined ? { divergedAt: f.divergedAt } : {}),
    });
  }
  if (!rows.some((r) => r.attackers.length > 0)) return undefined;
  const reference = rows.find((r) => r.aggregatorId === plainMean[0]) ?? rows.find((r) => r.attackers.length === 0);
  const refFinal = reference?.final ?? null;
  return {
    rows: rows.map((r) => ({
      ...r,
      reference: r === reference,
      gap: reference && r !== reference && r.final !== null && refFinal !== null ? r.final - refFinal : null,
    })),
    ...(reference ? { referenceId: reference.aggregatorId } : {}),
  };
}

/** A row's attackers as one cell: `sign-flip ×4: 2 of 10 clients`, `none (8 honest clients)`. */
export function attackersText(r: DefenceRow): string {
  const of = r.clients !== null ? ` of ${r.clients}` : '';
  if (r.attackers.length === 0) return r.clients !== null ? `none (${r.clients} honest clients)` : 'none';
  // Without counts (a natural split), the group's node says which clients.
  return r.attackers.map((a) => (a.clients === null ? `${a.attack} (${a.clientNodeId})` : `${a.attack}: ${a.clients}${of} client${a.clients === 1 && of === '' ? '' : 's'}`)).join('; ');
}

/** An accuracy gap in percentage points, signed: `−62.3 pts`, `+0.4 pts`. */
export function gapText(gap: number): string {
  const pts = gap * 100;
  return `${pts < 0 ? '−' : '+'}${Math.abs(pts).toFixed(1)} pts`;
}
