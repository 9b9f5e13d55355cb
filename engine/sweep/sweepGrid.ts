/**
 * A sweep's grid: every combination of the settings' values (the first setting varies slowest), each
 * written into a copy of the document and validated as a whole before anything runs, so a bad value or a
 * combination the pipeline refuses (FedProx's mu on FedAvg) is reported with its node and field up front.
 */
import type { PipelineDocument, PipelineNode } from '../format/pipeline.js';
import type { Problem } from '../format/problems.js';
import { validatePipeline } from '../format/validate.js';
import { PARAMS_SCHEMAS } from '../format/params.js';
import { closest } from '../text/closest.js';
import type { SweepSetting } from './sweepSettings.js';

/** The largest grid a sweep runs (points × seeds): past it, a typo in a value list is more likely than intent. */
export const MAX_SWEEP_RUNS = 10000;

/** One point of the grid. */
export interface GridPoint {
  /** The swept values, by target. */
  point: Record<string, unknown>;
  /** The document with them written in. */
  doc: PipelineDocument;
}

/** `split.alpha=0.1, aggregator.strategy=FedAvg`. */
export function pointLabel(point: Record<string, unknown>): string {
  return Object.entries(point)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

function setPath(params: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return { ...params, [head]: value };
  const inner = params[head];
  return { ...params, [head]: setPath(typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {}, rest.join('.'), value) };
}

function withValues(doc: PipelineDocument, settings: readonly SweepSetting[], values: readonly unknown[]): PipelineDocument {
  const copy = structuredClone(doc);
  settings.forEach((s, i) => {
    const node = copy.nodes.find((n) => n.id === s.nodeId) as PipelineNode;
    node.params = setPath(node.params, s.param, values[i]);
  });
  return copy;
}

const at = (s: SweepSetting, problems: readonly Problem[]) => problems.find((p) => p.nodeId === s.nodeId && p.field === `params.${s.param}`);

/** `'alhpa' is not a setting of split (did you mean alpha?)`, from the params the node's kind knows. */
function unknownParam(doc: PipelineDocument, s: SweepSetting): string {
  const node = doc.nodes.find((n) => n.id === s.nodeId) as PipelineNode;
  const parsed = PARAMS_SCHEMAS[node.kind].safeParse(node.params);
  const known = parsed.success ? Object.keys(parsed.data as object) : [];
  const guess = closest(s.param, known);
  return `'${s.param}' is not a setting of ${node.kind} node '${node.id}'${guess ? ` (did you mean ${guess}?)` : known.length > 0 ? `; its settings are ${known.join(', ')}` : ''}.`;
}

/** Every combination of values, in order. */
function combinations(settings: readonly SweepSetting[]): number[][] {
  let out: number[][] = [[]];
  for (const s of settings) out = out.flatMap((c) => s.values.map((_, i) => [...c, i]));
  return out;
}

/** The grid, or every problem of it (deduplicated: a bad value is reported once, not once per point). */
export function sweepGrid(doc: PipelineDocument, settings: readonly SweepSetting[], seeds = 1): { points: GridPoint[]; problems: Problem[] } {
  const size = settings.reduce((n, s) => n * s.values.length, 1);
  if (size * seeds > MAX_SWEEP_RUNS) {
    return { points: [], problems: [{ severity: 'error', message: `The sweep would start ${size * seeds} runs (${size} grid points × ${seeds} seeds); at most ${MAX_SWEEP_RUNS} are allowed.` }] };
  }
  const points: GridPoint[] = [];
  const problems = new Map<string, Problem>();
  for (const combo of combinations(settings)) {
    const values = combo.map((v, i) => settings[i].values[v]);
    let pointDoc = withValues(doc, settings, values);
    let found = validatePipeline(pointDoc);
    // A number-looking word for a text param (a file named 2024): try the value as written.
    settings.forEach((s, i) => {
      const p = at(s, found);
      const raw = s.raw[combo[i]];
      if (p?.severity === 'error' && typeof values[i] !== 'string') {
        const retry = [...values];
        retry[i] = raw;
        const retryDoc = withValues(doc, settings, retry);
        const retryFound = validatePipeline(retryDoc);
        if (!at(s, retryFound)) {
          values[i] = raw;
          pointDoc = retryDoc;
          found = retryFound;
        }
      }
    });
    const point = Object.fromEntries(settings.map((s, i) => [s.target, values[i]]));
    const label = pointLabel(point);
    for (const p of found) {
      // A swept param the node does not have is a typo here, not a setting to ignore.
      const swept = settings.find((s) => at(s, [p]));
      if (p.severity === 'warning' && !swept) continue;
      const text = swept && p.severity === 'warning' ? unknownParam(pointDoc, swept) : p.message;
      const message = swept ? `--set ${swept.target}: ${text}` : `at ${label}: ${text}`;
      if (!problems.has(message)) problems.set(message, { ...p, severity: 'error', message });
    }
    points.push({ point, doc: pointDoc });
  }
  return { points: problems.size > 0 ? [] : points, problems: [...problems.values()] };
}
