/**
 * Reading a sweep's `--set NODE.PARAM=V1,V2,…`: which node (by id, or by kind where one node has that
 * kind), which param, and the values. A value is read as JSON where it is JSON (`0.1`, `true`, `[32,16]`),
 * else as the text written (`FedProx`); commas inside brackets or quotes do not split values. Whether the
 * values suit the param's schema is checked per grid point (sweepGrid.ts), where every setting is applied.
 */
import { NODE_KINDS } from '../format/nodeKinds.js';
import type { PipelineDocument } from '../format/pipeline.js';
import type { Problem } from '../format/problems.js';
import { closest } from '../text/closest.js';

/** One swept setting. */
export interface SweepSetting {
  /** As written before `=`: the key of this setting in every grid point (`split.alpha`). */
  target: string;
  nodeId: string;
  /** The param's path inside the node's params (`alpha`). */
  param: string;
  /** The values, each read as JSON where it is JSON. */
  values: unknown[];
  /** The values as written, for a string param given a number-looking word. */
  raw: string[];
}

/** Splits `a,[1,2],"x,y"` at the commas outside brackets and quotes. */
export function splitValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((v) => v.trim());
}

function readValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const problem = (message: string, where: { nodeId?: string; field?: string } = {}): Problem => ({ severity: 'error', message, ...where });

/** The node a target's first part names: an id, else the one node of that kind; or the problem. */
function findNode(doc: PipelineDocument, target: string): { nodeId: string; param: string } | Problem {
  for (let dot = target.indexOf('.'); dot > 0; dot = target.indexOf('.', dot + 1)) {
    const ref = target.slice(0, dot);
    if (doc.nodes.some((n) => n.id === ref)) return { nodeId: ref, param: target.slice(dot + 1) };
  }
  const dot = target.indexOf('.');
  if (dot <= 0 || dot === target.length - 1) return problem(`--set ${target}: name a node and one of its params, e.g. split.alpha=0.1,1,10.`);
  const ref = target.slice(0, dot);
  const param = target.slice(dot + 1);
  if ((NODE_KINDS as readonly string[]).includes(ref)) {
    const ofKind = doc.nodes.filter((n) => n.kind === ref);
    if (ofKind.length === 1) return { nodeId: ofKind[0].id, param };
    if (ofKind.length > 1) return problem(`--set ${target}: ${ofKind.length} nodes are ${ref} nodes (${ofKind.map((n) => n.id).join(', ')}); name one by its id, e.g. ${ofKind[0].id}.${param}.`);
  }
  const guess = closest(ref, [...doc.nodes.map((n) => n.id), ...doc.nodes.map((n) => n.kind)]);
  return problem(`--set ${target}: the pipeline has no node '${ref}'${guess ? ` (did you mean ${guess}?)` : ''}; its nodes are ${doc.nodes.map((n) => n.id).join(', ')}.`);
}

/** Reads every `--set`; returns the settings, or every problem found (none are run then). */
export function parseSweepSettings(doc: PipelineDocument, sets: readonly string[]): { settings: SweepSetting[]; problems: Problem[] } {
  const settings: SweepSetting[] = [];
  const problems: Problem[] = [];
  if (sets.length === 0) problems.push(problem('A sweep needs at least one --set NODE.PARAM=V1,V2 (e.g. --set split.alpha=0.1,1,10).'));
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq < 0) {
      problems.push(problem(`--set ${set}: write NODE.PARAM=V1,V2,… (no '=' found).`));
      continue;
    }
    const target = set.slice(0, eq).trim();
    const found = findNode(doc, target);
    if ('severity' in found) {
      problems.push(found);
      continue;
    }
    const field = `params.${found.param}`;
    const raw = splitValues(set.slice(eq + 1));
    if (raw.some((v) => v === '')) {
      problems.push(problem(`--set ${target}: a value is empty (got '${set.slice(eq + 1)}').`, { nodeId: found.nodeId, field }));
      continue;
    }
    if (settings.some((s) => s.nodeId === found.nodeId && s.param === found.param)) {
      problems.push(problem(`--set ${target}: ${found.nodeId} ${field} is swept twice; give all its values in one --set.`, { nodeId: found.nodeId, field }));
      continue;
    }
    settings.push({ target, ...found, values: raw.map(readValue), raw });
  }
  return { settings, problems };
}
