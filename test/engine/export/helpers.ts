/** Shared by the export tests: the repository root, spawning node, evaluating an exported pipeline, comparing documents. */
import { mkdirSync, mkdtempSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inputPort, outputPort } from '../../../engine/format/ports.js';
import type { PipelineDocument, PipelineNode } from '../../../engine/format/pipeline.js';
import { PipelineBuilder } from '../../../engine/format/pipelineBuilder.js';

import { ROOT } from '../../helpers/spawnNode.js';

export { ROOT };

/**
 * A fresh folder inside the repository (git-ignored `.tmp-export-test/`), so that an exported script's
 * `import … from 'fedflow-studio'` resolves to this package by its own name, through package.json's
 * "exports", as it resolves in a project that installed fedflow-studio.
 */
export function repoTempDir(prefix: string): string {
  const parent = join(ROOT, '.tmp-export-test');
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, `${prefix}-`));
}

/** Removes a folder made by repoTempDir, and `.tmp-export-test/` too once nothing else is in it. */
export function removeRepoTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  try {
    rmdirSync(dirname(dir));
  } catch {
    // Another test's folder is still there.
  }
}

export { fedflow, node, type Spawned } from '../../helpers/spawnNode.js';

/**
 * Runs the exported script's `buildPipeline` body in this process. The body is plain JavaScript (consts,
 * object literals, builder calls), so it runs as a strict-mode function given the builder class.
 */
export function buildFromScript(script: string): PipelineDocument {
  const start = script.indexOf('function buildPipeline(): PipelineDocument {\n');
  const end = script.indexOf('\n}\n', start);
  if (start < 0 || end < 0) throw new Error('No buildPipeline function in the script.');
  const body = script.slice(script.indexOf('\n', start) + 1, end);
  return new Function('PipelineBuilder', `'use strict';\n${body}`)(PipelineBuilder) as PipelineDocument;
}

type Ends = [source: string, sourceHandle: string, target: string, targetHandle: string];

/**
 * A document as a run sees it: the header, the nodes by id, the edges by their ends with resolved handles
 * (ids dropped), and for each node's input the sources in edge order (which orders client groups).
 */
export function runView(doc: PipelineDocument) {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const ends = (e: PipelineDocument['edges'][number]): Ends => {
    const s = byId.get(e.source)!;
    const t = byId.get(e.target)!;
    return [e.source, outputPort(s.kind, e.sourceHandle)!.id, e.target, inputPort(t.kind, e.targetHandle)!.id];
  };
  const inputs: Record<string, string[]> = {};
  for (const e of doc.edges) (inputs[`${e.target}.${ends(e)[3]}`] ??= []).push(e.source);
  const nodes: Record<string, PipelineNode> = {};
  for (const n of [...doc.nodes].sort((a, b) => a.id.localeCompare(b.id))) nodes[n.id] = n;
  return {
    header: { format: doc.format, name: doc.name, description: doc.description, seed: doc.seed, settings: doc.settings },
    nodes,
    edges: doc.edges.map(ends).sort((a, b) => a.join('\0').localeCompare(b.join('\0'))),
    inputs,
  };
}
