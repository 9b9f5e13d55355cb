/**
 * Validation: every problem of a document at once, each with its node id and field path. Nothing here
 * throws on bad input; checks that need the data set loaded (e.g. a CSV's size) happen when a run is planned.
 */
import type { z } from 'zod';
import { ClientOwners, parseClientRanges } from './clientSelection.js';
import { findCycle, firstTargetOfKind, nodeById, nodeName, sourceOf, sourcesOf, targetsOf } from './graph.js';
import { describeIssue, issuePath } from './issueMessages.js';
import { findTooDeep, MAX_JSON_DEPTH } from './jsonDepth.js';
import { migrate } from './migrate.js';
import { assertNever } from './nodeKinds.js';
import { PARAMS_SCHEMAS } from './params.js';
import { pipelineDocument, type PipelineDocument, type PipelineNode } from './pipeline.js';
import { PORTS, PORT_TYPES, inputPort, outputPort } from './ports.js';
import { hasErrors, type Problem } from './problems.js';
import { documentLimitProblems } from './documentWorkload.js';
import { isKind, resolveParams } from './resolveParams.js';
import { aggregatorCompressionProblems, clientCompressionProblems } from './checkCompression.js';
import { aggregatorPrivacyProblems } from './checkPrivacy.js';
import { clientCounts } from './clientCounts.js';
import { secureAggregationProblems } from './checkSecureAggregation.js';
import { inversionAttackProblems } from './checkInversionAttack.js';
import { bulyanMinClients } from '../strategy/bulyan.js';

export interface ParseResult {
  /** The document, when its overall shape could be read (it may still have problems). */
  doc?: PipelineDocument;
  problems: Problem[];
}

const error = (message: string, where: Omit<Problem, 'severity' | 'message'> = {}): Problem => ({
  severity: 'error',
  message,
  ...where,
});
const warning = (message: string, where: Omit<Problem, 'severity' | 'message'> = {}): Problem => ({
  severity: 'warning',
  message,
  ...where,
});

/** Reads a parsed JSON value as a pipeline document (migrating older versions), then validates it. */
export function parsePipeline(raw: unknown): ParseResult {
  const deep = findTooDeep(raw);
  if (deep) return { problems: [tooDeepProblem(raw, deep.path)] };
  const migrated = migrate(raw);
  if (!migrated.ok) return { problems: [migrated.problem] };
  const parsed = pipelineDocument.safeParse(migrated.doc);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const [top, index] = issue.path;
        const nodes = (migrated.doc as { nodes?: unknown }).nodes;
        const nodeId =
          top === 'nodes' && typeof index === 'number' && Array.isArray(nodes)
            ? (nodes[index] as { id?: unknown } | undefined)?.id
            : undefined;
        return error(`${issuePath('', issue) || 'The document'} ${describeIssue(issue, migrated.doc)}.`, {
          field: issuePath('', issue),
          ...(typeof nodeId === 'string' ? { nodeId } : {}),
        });
      }),
    };
  }
  return { doc: parsed.data, problems: validatePipeline(parsed.data) };
}

/**
 * The problem for a document nested too deeply to read: its field is the part of the document holding the
 * nesting (`nodes.0.position`), its message shows where the nesting starts.
 */
function tooDeepProblem(raw: unknown, path: (string | number)[]): Problem {
  // The field a user would look for: a node's or edge's own field, a setting, or a top-level field.
  const list = (path[0] === 'nodes' || path[0] === 'edges') && typeof path[1] === 'number';
  const field = path.slice(0, list ? 3 : path[0] === 'settings' ? 2 : 1).join('.');
  const shown = path.length > 8 ? `${path.slice(0, 8).join('.')}…` : path.join('.');
  const nodes = (raw as { nodes?: unknown }).nodes;
  const nodeId = path[0] === 'nodes' && typeof path[1] === 'number' && Array.isArray(nodes) ? (nodes[path[1]] as { id?: unknown } | null)?.id : undefined;
  return error(
    `${field} nests lists or objects more than ${MAX_JSON_DEPTH} levels deep (at ${shown}); a pipeline needs only a few levels, so this file cannot be read.`,
    { field, ...(typeof nodeId === 'string' ? { nodeId } : {}) },
  );
}

/** Reads pipeline JSON text; a syntax error is reported with its line. */
export function parsePipelineText(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // V8 quotes the text in some messages (`Unexpected token ',', "…" is not valid JSON`); keep one line.
    const message = (e as Error).message.replace(/, ".*" is not valid JSON$/s, '').replace(/\s+/g, ' ');
    const pos = /position (\d+)/.exec((e as Error).message);
    const offset = pos ? Number(pos[1]) : syntaxErrorOffset(text);
    const line = offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
    return {
      problems: [error(`This file is not valid JSON: ${message}.`, line === undefined ? {} : { line })],
    };
  }
  return parsePipeline(raw);
}

const JSON_STRING = /"(?:[^"\\]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const JSON_SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/**
 * Where JSON text first goes wrong, for the errors whose message gives no position (Node 20's
 * `Unexpected token`); undefined where the scan finds nothing (or the nesting is too deep to scan).
 */
function syntaxErrorOffset(text: string): number | undefined {
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const expect = (char: string) => {
    space();
    if (text[i] !== char) throw i;
    i++;
  };
  const token = (re: RegExp) => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw i;
    i += m[0].length;
  };
  const list = (close: string, item: () => void) => {
    space();
    if (text[i] !== close) {
      for (;;) {
        item();
        space();
        if (text[i] !== ',') break;
        i++;
      }
    }
    if (text[i] !== close) throw i;
    i++;
  };
  const value = (): void => {
    space();
    if (text[i] === '{') {
      i++;
      list('}', () => {
        space();
        token(JSON_STRING);
        expect(':');
        value();
      });
    } else if (text[i] === '[') {
      i++;
      list(']', value);
    } else if (text[i] === '"') token(JSON_STRING);
    else token(JSON_SCALAR);
  };
  try {
    value();
    space();
    return i < text.length ? i : undefined;
  } catch (at) {
    return typeof at === 'number' ? at : undefined;
  }
}

/** Every problem of a well-formed document: params, ports, connections and the federation's structure. */
export function validatePipeline(doc: PipelineDocument): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set<string>();
  for (const n of doc.nodes) {
    if (ids.has(n.id)) problems.push(error(`Two nodes share the id '${n.id}'; ids must be unique.`, { nodeId: n.id }));
    ids.add(n.id);
  }
  const paramsOk = new Set<string>();
  for (const n of doc.nodes) {
    const found = checkParams(n);
    problems.push(...found);
    if (!found.some((p) => p.severity === 'error')) paramsOk.add(n.id);
  }
  problems.push(...checkEdges(doc));
  if (problems.some((p) => p.edgeId && p.severity === 'error')) return problems;
  problems.push(...checkInputs(doc));
  const cycle = findCycle(doc);
  if (cycle.length > 0) {
    problems.push(error(`These nodes form a cycle: ${cycle.join(' → ')}. A pipeline must flow one way.`, { nodeId: cycle[0] }));
    return problems;
  }
  problems.push(...checkFederations(doc, paramsOk), ...checkClientSelections(doc));
  // What the run would cost, once the federations are sound enough to be read.
  if (!hasErrors(problems)) problems.push(...documentLimitProblems(doc, (n): n is PipelineNode => n !== undefined && paramsOk.has(n.id)));
  return problems;
}

function checkParams(node: PipelineNode): Problem[] {
  const schema: z.ZodType = PARAMS_SCHEMAS[node.kind];
  const result = schema.safeParse(node.params);
  if (!result.success) {
    return result.error.issues.map((issue) =>
      error(`${nodeName(node)}: ${issuePath('', issue) || 'params'} ${describeIssue(issue, node.params)}.`, {
        nodeId: node.id,
        field: issuePath('params', issue),
      }),
    );
  }
  const known = new Set(Object.keys(result.data as object));
  return Object.keys(node.params)
    .filter((k) => !known.has(k))
    .map((k) =>
      warning(`${nodeName(node)}: '${k}' is not a setting of this node and is ignored.`, {
        nodeId: node.id,
        field: `params.${k}`,
      }),
    );
}

function checkEdges(doc: PipelineDocument): Problem[] {
  const problems: Problem[] = [];
  const edgeIds = new Set<string>();
  for (const e of doc.edges) {
    if (edgeIds.has(e.id)) problems.push(error(`Two edges share the id '${e.id}'.`, { edgeId: e.id }));
    edgeIds.add(e.id);
    const source = nodeById(doc, e.source);
    const target = nodeById(doc, e.target);
    if (!source || !target) {
      problems.push(
        error(`Edge '${e.id}' connects to a node that does not exist ('${!source ? e.source : e.target}').`, { edgeId: e.id }),
      );
      continue;
    }
    const out = outputPort(source.kind, e.sourceHandle);
    const inp = inputPort(target.kind, e.targetHandle);
    if (!out || !inp) {
      const [kind, handle] = !out ? [source.kind, e.sourceHandle] : [target.kind, e.targetHandle];
      problems.push(error(`Edge '${e.id}': a ${kind} node has no port '${handle ?? ''}'.`, { edgeId: e.id }));
      continue;
    }
    if (out.type !== inp.type) {
      problems.push(
        error(
          `${nodeName(source)} sends a ${PORT_TYPES[out.type].label.toLowerCase()}, but the ${inp.label} input of ${nodeName(target)} takes a ${PORT_TYPES[inp.type].label.toLowerCase()}.`,
          { edgeId: e.id, nodeId: target.id },
        ),
      );
    }
  }
  return problems;
}

function checkInputs(doc: PipelineDocument): Problem[] {
  const problems: Problem[] = [];
  for (const n of doc.nodes) {
    for (const port of PORTS[n.kind].inputs) {
      const count = sourcesOf(doc, n.id, port.id).length;
      if (port.required && count === 0) {
        problems.push(
          error(`${nodeName(n)} needs a ${PORT_TYPES[port.type].label.toLowerCase()} on its ${port.label} input.`, {
            nodeId: n.id,
            field: `inputs.${port.id}`,
          }),
        );
      }
      if (!port.multiple && count > 1) {
        problems.push(
          error(`The ${port.label} input of ${nodeName(n)} takes one connection but has ${count}.`, {
            nodeId: n.id,
            field: `inputs.${port.id}`,
          }),
        );
      }
    }
  }
  return problems;
}

/** Checks that need the graph and the params together; nodes whose params are invalid are skipped. */
function checkFederations(doc: PipelineDocument, paramsOk: Set<string>): Problem[] {
  const problems: Problem[] = [];
  const ok = (n: PipelineNode | undefined): n is PipelineNode => n !== undefined && paramsOk.has(n.id);
  if (!doc.nodes.some((n) => n.kind === 'aggregator')) {
    problems.push(error('Nothing to run: add an aggregator fed by at least one client node.'));
  }
  const holdouts = new Map<string, boolean>();
  for (const n of doc.nodes) {
    switch (n.kind) {
      case 'note':
        break;
      case 'dataset':
      case 'model':
      case 'split':
      case 'client':
        if (targetsOf(doc, n.id).length === 0) {
          problems.push(warning(`${nodeName(n)} is not connected to anything downstream and will not be used.`, { nodeId: n.id }));
        }
        if (ok(n) && isKind(n, 'client')) problems.push(...clientCompressionProblems(n, resolveParams(n)));
        break;
      case 'aggregator':
        problems.push(...checkAggregator(doc, n, ok));
        break;
      case 'evaluate':
        problems.push(...checkEvaluate(doc, n, ok, holdouts));
        break;
      default:
        assertNever(n.kind, 'node kind');
    }
  }
  for (const n of doc.nodes) {
    if (isKind(n, 'split') && ok(n)) problems.push(...checkSplit(doc, n, ok));
    if (isKind(n, 'model') && ok(n)) problems.push(...checkModel(doc, n, ok));
  }
  return problems;
}

function checkSplit(doc: PipelineDocument, split: PipelineNode & { kind: 'split' }, ok: (n?: PipelineNode) => n is PipelineNode): Problem[] {
  const dataset = sourceOf(doc, split.id, 'data', 'dataset');
  if (!ok(dataset) || !isKind(dataset, 'dataset')) return [];
  const sp = resolveParams(split);
  const ds = resolveParams(dataset);
  if (sp.method === 'natural' && (ds.source === 'mnist' || ds.source === 'idx' || (ds.source === 'csv' && !ds.clientColumn))) {
    return [
      error(`${nodeName(split)}: the natural split needs a data set with a client column (a CSV with clientColumn, or synthetic devices).`, {
        nodeId: split.id,
        field: 'params.method',
      }),
    ];
  }
  if (sp.method !== 'natural' && ds.source === 'mnist' && sp.numClients > ds.trainSize) {
    return [
      error(`${nodeName(split)} asks for ${sp.numClients} clients but the data set has only ${ds.trainSize} training examples.`, {
        nodeId: split.id,
        field: 'params.numClients',
      }),
    ];
  }
  return [];
}

function checkModel(doc: PipelineDocument, model: PipelineNode & { kind: 'model' }, ok: (n?: PipelineNode) => n is PipelineNode): Problem[] {
  if (resolveParams(model).arch !== 'cnn') return [];
  const problems: Problem[] = [];
  for (const client of targetsOf(doc, model.id)) {
    const split = sourceOf(doc, client.id, 'clients', 'split');
    const dataset = split && sourceOf(doc, split.id, 'data', 'dataset');
    if (!ok(dataset) || !isKind(dataset, 'dataset')) continue;
    const source = resolveParams(dataset).source;
    if (source === 'csv' || source === 'synthetic') {
      problems.push(
        error(`${nodeName(model)} is a CNN, which needs images, but ${nodeName(dataset)} gives rows of numbers; use an MLP or logistic model.`, {
          nodeId: model.id,
          field: 'params.arch',
        }),
      );
    }
  }
  return problems;
}

function checkAggregator(doc: PipelineDocument, agg: PipelineNode, ok: (n?: PipelineNode) => n is PipelineNode): Problem[] {
  const problems: Problem[] = [];
  const clients = sourcesOf(doc, agg.id, 'updates');
  const models = new Set(clients.map((c) => sourceOf(doc, c.id, 'model', 'model')?.id).filter(Boolean));
  if (models.size > 1) {
    problems.push(
      error(`${nodeName(agg)} merges client groups that train different models; every group feeding one aggregator must use the same model node.`, {
        nodeId: agg.id,
        field: 'inputs.updates',
      }),
    );
  }
  const datasets = new Set(
    clients.map((c) => {
      const split = sourceOf(doc, c.id, 'clients', 'split');
      return split ? sourceOf(doc, split.id, 'data', 'dataset')?.id : undefined;
    }).filter(Boolean),
  );
  if (datasets.size > 1) {
    problems.push(
      error(`${nodeName(agg)} merges client groups drawn from different data sets; they must share one data set (its test set scores the model).`, {
        nodeId: agg.id,
        field: 'inputs.updates',
      }),
    );
  }
  // Groups that share a split must take different clients of it.
  const taken = new Map<string, ClientOwners<PipelineNode>>();
  for (const c of clients) {
    const split = sourceOf(doc, c.id, 'clients', 'split');
    if (!ok(c) || !ok(split) || !isKind(split, 'split') || !isKind(c, 'client')) continue;
    const sp = resolveParams(split);
    if (sp.method === 'natural') continue;
    const sel = parseClientRanges(resolveParams(c).clients, sp.numClients);
    if (!sel.ok) continue;
    const owners = taken.get(split.id) ?? new ClientOwners<PipelineNode>();
    taken.set(split.id, owners);
    const clash = owners.claim(sel.ranges, c);
    if (clash !== undefined) {
      problems.push(
        error(`${nodeName(c)} takes client ${clash.client}, which ${nodeName(clash.owner)} already takes for the same aggregator; give each group its own clients.`, {
          nodeId: c.id,
          field: 'params.clients',
        }),
      );
    }
  }
  if (ok(agg) && isKind(agg, 'aggregator')) problems.push(...checkStrategyNeeds(doc, agg, clients, ok));
  return problems;
}

/** What a strategy needs of the clients feeding it, where the document already says enough to tell. */
function checkStrategyNeeds(
  doc: PipelineDocument,
  agg: PipelineNode & { kind: 'aggregator' },
  clients: PipelineNode[],
  ok: (n?: PipelineNode) => n is PipelineNode,
): Problem[] {
  const problems: Problem[] = [];
  const params = resolveParams(agg);
  const groups = clients.filter((c): c is PipelineNode & { kind: 'client' } => ok(c) && isKind(c, 'client')).map((c) => ({ node: c, params: resolveParams(c) }));
  if (params.strategy === 'SCAFFOLD') {
    for (const g of groups.filter((g) => g.params.optimizer !== 'sgd')) {
      problems.push(
        warning(`${nodeName(g.node)} trains with ${g.params.optimizer}; SCAFFOLD's control variates (option II) assume plain SGD, so its correction is only approximate. Use optimizer sgd.`, {
          nodeId: g.node.id,
          field: 'params.optimizer',
        }),
      );
    }
  }
  if (!params.acceptFailures) {
    for (const g of groups.filter((g) => g.params.dropout > 0)) {
      problems.push(
        warning(`${nodeName(agg)} does not accept failures, and ${nodeName(g.node)} drops clients out (dropout ${g.params.dropout}): the first dropout stops the run.`, {
          nodeId: agg.id,
          field: 'params.acceptFailures',
        }),
      );
    }
  }
  // Time-based settings mean nothing without a simulated clock.
  if (params.deadline > 0 && groups.length > 0 && groups.every((g) => g.params.devices === 'none')) {
    problems.push(
      warning(`${nodeName(agg)} has a ${params.deadline} s deadline, but none of its client groups simulates devices, so no client takes simulated time and the deadline never applies. Set devices on a client node.`, {
        nodeId: agg.id,
        field: 'params.deadline',
      }),
    );
  }
  // Said once per client node, by the first aggregator it feeds.
  const firstFed = (c: PipelineNode) => firstTargetOfKind(doc, c.id, 'aggregator')?.id === agg.id;
  for (const g of groups.filter((g) => g.params.devices === 'none' && firstFed(g.node))) {
    for (const [field, on] of [['overSelection', g.params.overSelection > 0], ['availability', g.params.availability !== undefined]] as const) {
      if (!on) continue;
      problems.push(
        warning(`${nodeName(g.node)}: ${field} follows the simulated clock, which runs only with simulated devices; set devices (lognormal or phones).`, {
          nodeId: g.node.id,
          field: `params.${field}`,
        }),
      );
    }
  }
  problems.push(...aggregatorCompressionProblems(agg, params, groups));
  problems.push(...aggregatorPrivacyProblems(agg, params, clientCounts(doc, groups, ok)));
  problems.push(...secureAggregationProblems(doc, agg, params, groups, ok));
  problems.push(...inversionAttackProblems(doc, agg, params, groups, ok));
  if (params.strategy === 'Bulyan') {
    const sampled = clientCounts(doc, groups, ok)?.sampled;
    const needed = bulyanMinClients(params.numMalicious);
    if (sampled !== undefined && sampled < needed) {
      problems.push(
        error(`${nodeName(agg)}: Bulyan with numMalicious ${params.numMalicious} needs at least ${needed} updates a round (4f + 3), but only ${sampled} clients are sampled a round. Sample more clients or lower numMalicious.`, {
          nodeId: agg.id,
          field: 'params.numMalicious',
        }),
      );
    }
  }
  return problems;
}


function checkEvaluate(
  doc: PipelineDocument,
  ev: PipelineNode,
  ok: (n?: PipelineNode) => n is PipelineNode,
  holdouts: Map<string, boolean>,
): Problem[] {
  if (!ok(ev) || !isKind(ev, 'evaluate')) return [];
  const params = resolveParams(ev);
  const agg = sourceOf(doc, ev.id, 'global', 'aggregator');
  if (!agg || !params.federated) return [];
  // Asked once per aggregator, however many evaluate nodes read it.
  let anyHoldout = holdouts.get(agg.id);
  if (anyHoldout === undefined) {
    anyHoldout = sourcesOf(doc, agg.id, 'updates').some((c) => {
      const split = sourceOf(doc, c.id, 'clients', 'split');
      if (!ok(split) || !isKind(split, 'split')) return false;
      const sp = resolveParams(split);
      // A remote client keeps the hold-out it chooses at join (fedflow join --holdout).
      return sp.holdoutFraction > 0 || sp.method === 'remote';
    });
    holdouts.set(agg.id, anyHoldout);
  }
  return anyHoldout
    ? []
    : [
        warning(`${nodeName(ev)}: federated evaluation needs local hold-outs; set holdoutFraction on the split, or it is skipped.`, {
          nodeId: ev.id,
          field: 'params.federated',
        }),
      ];
}

/** Client-node checks that need the split's size: a selection naming clients the split does not make. */
function checkClientSelections(doc: PipelineDocument): Problem[] {
  const problems: Problem[] = [];
  for (const c of doc.nodes) {
    if (!isKind(c, 'client')) continue;
    const split = sourceOf(doc, c.id, 'clients', 'split');
    if (!split || !isKind(split, 'split')) continue;
    const sp = PARAMS_SCHEMAS.split.safeParse(split.params);
    const cp = PARAMS_SCHEMAS.client.safeParse(c.params);
    if (!sp.success || !cp.success || sp.data.method === 'natural') continue;
    const sel = parseClientRanges(cp.data.clients, sp.data.numClients);
    if (!sel.ok) problems.push(error(`${nodeName(c)}: ${sel.message}`, { nodeId: c.id, field: 'params.clients' }));
  }
  return problems;
}
