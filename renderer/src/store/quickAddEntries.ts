/**
 * What quick add offers: each node kind, and each value of its params' choices ("fedadam" finds an
 * aggregator with strategy FedAdam, "dirichlet" a split by Dirichlet), ranked for a typed query. Pure: the
 * entries come from the same params schemas as the inspector's forms, so a new strategy or split method
 * is found with no change here.
 */
import type { NodeKind } from '../../../engine/format/nodeKinds.js';
import { NODE_SPEC_LIST } from '../../../engine/nodes/index.js';
import { fieldLabel, formSpecOf, switchVariant } from '../inspector/formSpec.js';
import { defaultParams } from './newNode.js';

/** One line of quick add: a kind, with the params the new node starts with. */
export interface QuickAddEntry {
  /** Unique among the entries, e.g. `aggregator` or `aggregator:strategy=FedAdam`. */
  readonly id: string;
  readonly kind: NodeKind;
  readonly title: string;
  readonly detail: string;
  readonly params: Record<string, unknown>;
  /** The choice this entry sets (lower case), matched before the rest of its text. */
  readonly value?: string;
}

/** The most lines quick add shows for a query. */
export const QUICK_ADD_LIMIT = 12;

let all: QuickAddEntry[] | null = null;

/** Every entry: the kinds first (their palette defaults), then each choice of each kind's params. */
export function quickAddEntries(): readonly QuickAddEntry[] {
  if (all) return all;
  const kinds: QuickAddEntry[] = [];
  const choices: QuickAddEntry[] = [];
  for (const spec of NODE_SPEC_LIST) {
    const base = defaultParams(spec.kind);
    kinds.push({ id: spec.kind, kind: spec.kind, title: spec.title, detail: spec.description, params: base });
    const form = formSpecOf(spec.kind);
    const d = form.discriminator;
    if (d) {
      for (const option of d.options) {
        if (option === base[d.name]) continue;
        choices.push(choice(spec.kind, spec.title, d.name, option, switchVariant(form, base, option)));
      }
    }
    // Plain choices (privacy, behaviour, optimizer…) of the fields a new node shows.
    const fields = d ? (d.variants[String(base[d.name])] ?? []) : form.fields;
    for (const f of fields) {
      if (f.type !== 'enum') continue;
      for (const option of f.options) {
        if (option === (base[f.name] ?? f.default)) continue;
        choices.push(choice(spec.kind, spec.title, f.name, option, { ...base, [f.name]: option }));
      }
    }
  }
  all = [...kinds, ...choices];
  return all;
}

function choice(kind: NodeKind, title: string, field: string, option: string, params: Record<string, unknown>): QuickAddEntry {
  return { id: `${kind}:${field}=${option}`, kind, title: `${title} · ${option}`, detail: `${fieldLabel(field)}: ${option}`, params, value: option.toLowerCase() };
}

/**
 * The entries for a query, best first: with no query, the kinds; else every entry whose text holds every
 * word of it, a kind or a choice named by the query itself ahead of those that only mention it.
 */
export function matchQuickAdd(query: string, entries: readonly QuickAddEntry[] = quickAddEntries()): QuickAddEntry[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return entries.filter((e) => e.value === undefined);
  const q = words.join(' ');
  const scored: { e: QuickAddEntry; score: number; at: number }[] = [];
  entries.forEach((e, at) => {
    const name = (e.value ?? e.kind).toLowerCase();
    const text = `${e.kind} ${e.title} ${e.detail}`.toLowerCase();
    if (!words.every((w) => text.includes(w))) return;
    const score = name === q ? 0 : name.startsWith(q) ? 1 : e.title.toLowerCase().includes(q) ? 2 : 3;
    scored.push({ e, score, at });
  });
  return scored
    .sort((a, b) => a.score - b.score || a.at - b.at)
    .slice(0, QUICK_ADD_LIMIT)
    .map((s) => s.e);
}
