/**
 * "Export as a TypeScript script": one readable, standalone `.ts` file that rebuilds a pipeline in code
 * with the PipelineBuilder (one call per node, params as object literals exactly as the document has them),
 * runs it as a real federation with the engine's public API, prints every evaluated round and saves the
 * final models and metrics. Run with `fedflow script script.ts`, it gives the same numbers as `fedflow run` on
 * the document with the same seed and rounds (tested).
 */
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { sourcesOf, targetsOf } from '../format/graph.js';
import type { PipelineDocument, PipelineNode } from '../format/pipeline.js';
import { PipelineError } from '../format/problems.js';
import { validatePipeline } from '../format/validate.js';
import { nodeSpec, type ExportInputs } from '../nodes/index.js';
import { nodeIdentifier } from './identifiers.js';
import { commentLines, compactLiteral, LINE_WIDTH, literal, stringLiteral } from './literal.js';

/** The prefix of the exported script's last line, the run's summary as JSON, so a program can read it. */
export const SCRIPT_SUMMARY_PREFIX = 'FEDFLOW_SUMMARY ';

export interface ExportOptions {
  /** The pipeline's file name, e.g. `mnist-fedavg.fedflow.json`: named in the header; its stem names the default output folder. */
  fileName?: string;
  /** The module the script imports the engine from (default `fedflow-studio`). */
  importFrom?: string;
  /**
   * The folder the pipeline's relative data paths are read from: the pipeline file's folder. The script
   * finds it relative to its own location. Without it, the script reads them from its own folder.
   */
  baseDir?: string;
  /** Where the script will be saved, to write `baseDir` relative to it (default: a file in the current folder). */
  scriptPath?: string;
}

/** A statement's argument: a value written as a literal, or code (a variable, a list of them). */
type Arg = { value: unknown } | { code: string };

/** Writes a valid pipeline document as a TypeScript script; throws PipelineError with the errors of an invalid one. */
export function exportScript(doc: PipelineDocument, options: ExportOptions = {}): string {
  const errors = validatePipeline(doc).filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new PipelineError(errors);
  const importFrom = options.importFrom ?? 'fedflow-studio';
  const stem = options.fileName ? basename(options.fileName).replace(/\.fedflow\.json$|\.json$/, '') : slug(doc.name);
  // The name goes into a comment and a template literal: no line breaks, no template syntax.
  const scriptName = (options.scriptPath ? basename(options.scriptPath) : `${stem}.ts`).replace(/[\r\n\u2028\u2029`$\\]/g, '_');

  const lines: string[] = [
    ...commentLines(`${doc.name} — a FedFlow pipeline as a TypeScript script.`),
    '//',
    ...commentLines(
      `${options.fileName ? `Exported by \`fedflow export\` from ${basename(options.fileName)}.` : 'Exported by FedFlow.'} It rebuilds the pipeline in code with FedFlow's PipelineBuilder, one call per node, runs it as a real federation (worker threads training the clients, the coordinator merging their updates), prints every evaluated round and saves the final models and metrics. With the same seed and rounds it gives the same numbers as \`fedflow run\` on the pipeline file.`,
    ),
    '//',
    ...commentLines(
      "Run it from any folder with FedFlow's `fedflow script`, which runs it with FedFlow's own tsx and finds fedflow-studio in that installation (`fedflow export -o` prints the exact command for this machine):",
    ),
    '//',
    `//   fedflow script ${scriptName} [--rounds N] [--seed S] [--workers W] [--backend auto|wasm|cpu|...] [--out DIR]`,
    '//',
    '// or with tsx in a project where fedflow-studio is installed: npx tsx <this script> [flags].',
    '//',
    '// Each flag overrides the pipeline\'s own setting, as with `fedflow run`.',
  ];
  if (doc.description.trim() !== '') lines.push('//', '// About this pipeline:', ...commentLines(doc.description, '', '//   '));
  lines.push(
    '',
    // `resolve` only where the base folder is a path relative to the script (unused imports fail strict configs).
    `import { ${options.baseDir ? 'dirname, resolve' : 'dirname'} } from 'node:path';`,
    "import { fileURLToPath } from 'node:url';",
    "import { parseArgs } from 'node:util';",
    'import {',
    '  BACKENDS,',
    '  PipelineBuilder,',
    '  PipelineError,',
    '  RunCancelled,',
    '  createRunFolder,',
    '  formatProblem,',
    '  startRun,',
    '  type BackendName,',
    '  type PipelineDocument,',
    '  type RoundRecord,',
    `} from ${stringLiteral(importFrom)};`,
    '',
    ...baseDirLines(doc, options),
    '',
    '/** Without --out, each run gets a new folder of its own in this run store. */',
    `const RUNS_DIR = 'runs';`,
    `const RUN_STEM = ${stringLiteral(stem)};`,
    '',
    `/** The last line printed: the run's summary as one line of JSON after this prefix. */`,
    `const SUMMARY_PREFIX = ${stringLiteral(SCRIPT_SUMMARY_PREFIX)};`,
    '',
    '// ── The pipeline ─────────────────────────────────────────────────────────────────────────────────────',
    '',
    '/** The pipeline, node by node; `build()` validates it and throws a PipelineError listing every problem. */',
    'function buildPipeline(): PipelineDocument {',
    ...pipelineLines(doc),
    '  return p.build();',
    '}',
    '',
    RUN_SECTION.replace('<this script>', scriptName),
  );
  return `${lines.join('\n')}\n`;
}

/** The statements that build the document: the builder, then one call per node in a topological order. */
function pipelineLines(doc: PipelineDocument): string[] {
  const header = { name: doc.name, description: doc.description, seed: doc.seed, settings: doc.settings };
  const lines = [`  const p = new PipelineBuilder(${literal(header, '  const p = new PipelineBuilder('.length, '  ', 2)});`];
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const node of topologicalOrder(doc)) {
    const name = nodeIdentifier(node.id, node.kind, taken);
    names.set(node.id, name);
    const call = nodeSpec(node.kind).exportCall;
    const { params, dropped } = knownParams(node);
    const layout = layoutOf(node);
    const text = call.params === 'text' ? params.text : undefined;
    const args: Arg[] = [{ value: node.id }];
    if (call.params === 'object') args.push({ value: params });
    else if (text !== undefined || layout) args.push({ value: text });
    args.push(...inputArgs(doc, node, call.inputs, names));
    if (layout) args.push({ value: layout });
    lines.push('');
    const title = call.untitledTitle !== undefined && !node.label ? call.untitledTitle : `${node.label ?? node.id} (${node.kind})`;
    lines.push(...commentLines(`${title}: ${call.role}${text ? ':' : '.'}`, '  '));
    if (typeof text === 'string' && text.trim() !== '') {
      lines.push('  //', ...commentLines(text, '  ', '//   '));
    }
    for (const key of dropped) {
      lines.push(`  // Left out: '${key}' is not a setting of a ${node.kind} node (the engine ignores it).`);
    }
    // A node whose output nothing reads needs no variable.
    const used = targetsOf(doc, node.id).length > 0;
    lines.push(callStatement(used ? `  const ${name} = ` : '  ', `p.${call.method}`, args));
  }
  return lines;
}

/** The call's arguments for what the node reads: the variables of the nodes on its inputs. */
function inputArgs(doc: PipelineDocument, node: PipelineNode, inputs: ExportInputs, names: ReadonlyMap<string, string>): Arg[] {
  // A valid document has exactly one node on each single input, and it comes earlier in the order.
  const ref = (port: string) => names.get(sourcesOf(doc, node.id, port)[0].id)!;
  switch (inputs.shape) {
    case 'none':
      return [];
    case 'ref':
      return [{ code: ref(inputs.port) }];
    case 'refs':
      return [{ code: `{ ${inputs.ports.map((port) => `${port}: ${ref(port)}`).join(', ')} }` }];
    case 'list':
      return [{ code: `[${sourcesOf(doc, node.id, inputs.port).map((c) => names.get(c.id)!).join(', ')}]` }];
  }
}

/** `const x = p.call(a, b);` on one line where it fits, else one argument per line. */
function callStatement(lead: string, callee: string, args: Arg[]): string {
  const compact = args.map((a) => ('code' in a ? a.code : compactLiteral(a.value)));
  const oneLine = `${lead}${callee}(${compact.join(', ')});`;
  if (oneLine.length <= LINE_WIDTH) return oneLine;
  const indent = `${/^ */.exec(lead)![0]}  `;
  const lines = args.map((a) => `${indent}${'code' in a ? a.code : literal(a.value, indent.length, indent, 1)},`);
  return `${lead}${callee}(\n${lines.join('\n')}\n${indent.slice(2)});`;
}

/** The node's label and position, where it has them (a position of 0, 0 is the default). */
function layoutOf(node: PipelineNode): { label?: string; position?: { x: number; y: number } } | undefined {
  const layout = {
    ...(node.label !== undefined ? { label: node.label } : {}),
    ...(node.position.x !== 0 || node.position.y !== 0 ? { position: { x: node.position.x, y: node.position.y } } : {}),
  };
  return Object.keys(layout).length > 0 ? layout : undefined;
}

/** The params as written, less keys the kind does not know (validation warns of them; the run ignores them). */
function knownParams(node: PipelineNode): { params: Record<string, unknown>; dropped: string[] } {
  const parsed = nodeSpec(node.kind).params.parse(node.params) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(node.params)) {
    if (Object.hasOwn(parsed, key)) params[key] = value;
    else dropped.push(key);
  }
  return { params, dropped };
}

/**
 * The nodes in an order where every node comes after the nodes it reads from; among the nodes that are
 * ready, the one earliest in the document goes first, so a document already in that order keeps it.
 */
export function topologicalOrder(doc: PipelineDocument): PipelineNode[] {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const waiting = new Map(doc.nodes.map((n) => [n.id, new Set(doc.edges.filter((e) => e.target === n.id && ids.has(e.source)).map((e) => e.source))]));
  const order: PipelineNode[] = [];
  const done = new Set<string>();
  while (order.length < doc.nodes.length) {
    const next = doc.nodes.find((n) => !done.has(n.id) && [...waiting.get(n.id)!].every((s) => done.has(s)));
    if (!next) throw new Error('The pipeline has a cycle.');
    done.add(next.id);
    order.push(next);
  }
  return order;
}

/** Whether any node reads files whose paths are relative to the pipeline file. */
function readsFiles(doc: PipelineDocument): boolean {
  return doc.nodes.some((n) => {
    const spec = nodeSpec(n.kind);
    return spec.exportCall.readsFiles?.(spec.params.parse(n.params)) ?? false;
  });
}

/** The `baseDir` lines: the pipeline file's folder at export time, found relative to the script itself. */
function baseDirLines(doc: PipelineDocument, options: ExportOptions): string[] {
  const here = 'dirname(fileURLToPath(import.meta.url))';
  if (!options.baseDir) {
    return [
      ...commentLines(
        `The folder relative data paths (a CSV's \`path\`, IDX files) are read from: this script's own folder, found from import.meta.url so the script runs from any working folder.${readsFiles(doc) ? '' : ' This pipeline reads no data files, so it does not matter here.'}`,
      ),
      `const baseDir = ${here};`,
    ];
  }
  const scriptDir = dirname(resolve(options.scriptPath ?? 'script.ts'));
  const rel = relative(scriptDir, resolve(options.baseDir)).split(sep).join('/') || '.';
  const from = options.scriptPath ? 'this script' : 'the folder the export ran in, where this script was to be saved';
  const text = readsFiles(doc)
    ? `Relative data paths (a CSV's \`path\`, IDX files) are read from the pipeline file's folder, as \`fedflow run\` reads them: that folder as it was at export time, ${stringLiteral(rel)} from ${from}. It is found from the script's own location (import.meta.url), so the script runs from any working folder; if you move the script or the data, change this line.`
    : `The folder relative data paths would be read from: the pipeline file's folder at export time, ${stringLiteral(rel)} from ${from}, found from the script's own location (import.meta.url). This pipeline reads no data files (MNIST and synthetic data come with the engine), so it does not matter here.`;
  return [...commentLines(text), `const baseDir = resolve(${here}, ${stringLiteral(rel)});`];
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'pipeline'
  );
}

/** The part of every script after the pipeline: flags, the run, the printed rounds and the summary. */
const RUN_SECTION = `// ── Running it ───────────────────────────────────────────────────────────────────────────────────────

const USAGE = \`Usage: fedflow script <this script> [--rounds N] [--seed S] [--workers W] [--backend \${BACKENDS.join('|')}] [--out DIR]\`;

/** What the command line may change; anything left out keeps the pipeline's own setting. */
interface Flags {
  rounds?: number;
  seed?: number;
  workers?: number;
  backend?: BackendName;
  out?: string;
}

/** Reads the flags as \`fedflow run\` takes them; throws with a message naming a bad one. */
function readFlags(argv: string[]): Flags {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string', short: 'o' },
    },
  });
  const whole = (name: string, text: string | undefined, min: number, max: number): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(\`--\${name} must be a whole number from \${min} to \${max} (got '\${text}').\`);
    return n;
  };
  return {
    rounds: whole('rounds', values.rounds, 1, 100000),
    seed: whole('seed', values.seed, 0, 2 ** 32 - 1),
    workers: whole('workers', values.workers, 1, 256),
    backend: values.backend === undefined ? undefined : backendNamed(values.backend),
    out: values.out,
  };
}

function backendNamed(name: string): BackendName {
  const backend = BACKENDS.find((b) => b === name);
  if (!backend) throw new Error(\`--backend must be one of \${BACKENDS.join(', ')} (got '\${name}').\`);
  return backend;
}

/** One evaluated round: the federation, the round, the training loss Σ(n_i/n)·L_i and the test accuracy. */
function roundLine(federation: string, r: RoundRecord): string {
  const trainLoss = r.trainLoss === null ? '-' : r.trainLoss.toFixed(4);
  const accuracy = r.test ? \`\${(r.test.accuracy * 100).toFixed(2)}%\` : '-';
  return \`\${federation}  round \${r.round}  train loss \${trainLoss}  test accuracy \${accuracy}\`;
}

async function main(): Promise<number> {
  let flags: Flags;
  try {
    flags = readFlags(process.argv.slice(2));
  } catch (e) {
    console.error(\`\${(e as Error).message}\\n\${USAGE}\`);
    return 2;
  }
  const outDir = flags.out ?? (await createRunFolder(RUNS_DIR, RUN_STEM)).dir;
  const labels = new Map<string, string>();
  let cancel = (): void => undefined;
  process.once('SIGINT', () => cancel());
  try {
    const pipeline = buildPipeline();
    // The run: validates, loads and splits the data, starts the worker threads, then goes round by round.
    const run = startRun(pipeline, {
      baseDir,
      outDir,
      seed: flags.seed ?? pipeline.seed,
      backend: flags.backend ?? pipeline.settings.backend,
      workers: flags.workers ?? pipeline.settings.workers,
      rounds: flags.rounds, // undefined keeps each aggregator's own rounds
    });
    cancel = () => run.cancel(); // Ctrl+C stops the run cleanly
    run.on((event) => {
      switch (event.type) {
        case 'run-started':
          for (const f of event.federations) labels.set(f.aggregatorId, f.label);
          console.log(\`\${event.pipeline} · backend \${event.backend} · \${event.workers} worker\${event.workers === 1 ? '' : 's'} · seed \${event.seed}\`);
          break;
        case 'evaluated':
          console.log(roundLine(labels.get(event.aggregatorId) ?? event.aggregatorId, event.record));
          break;
        default:
          break;
      }
    });
    const summary = await run.done;
    for (const f of summary.federations) {
      const accuracy = f.final.accuracy === null ? 'no test set scored' : \`test accuracy \${(f.final.accuracy * 100).toFixed(2)}%\`;
      console.log(\`\${f.label}: \${accuracy} after \${f.rounds} rounds\`);
    }
    console.log(\`Models and metrics in \${outDir}\`);
    console.log(\`\${SUMMARY_PREFIX}\${JSON.stringify(summary)}\`);
    return 0;
  } catch (e) {
    if (e instanceof RunCancelled) {
      console.error('Run cancelled.');
      return 130;
    }
    if (e instanceof PipelineError) {
      for (const problem of e.problems) console.error(formatProblem(problem));
      return 2;
    }
    console.error(\`Run failed: \${(e as Error).message ?? String(e)}\`);
    return 1;
  }
}

main().then((code) => {
  process.exitCode = code;
});`;
