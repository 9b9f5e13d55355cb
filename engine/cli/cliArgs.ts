/** Parsing the CLI's arguments into typed options, with messages that name the bad argument and suggest the right one. */
import { parseArgs } from 'node:util';
import { BACKENDS, type BackendName } from '../format/pipeline.js';
import { RECORDED_STATUSES, type RunStatus } from '../records/manifest.js';
import { RUN_SORTS, type RunSort } from '../records/runStore.js';
import { backendHint, closest } from './suggest.js';
import { COMMANDS, type Command } from './usage.js';

/** A mistake in the command line: exit code 2, the message and one line pointing to the command's help. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose help the hint points to, when one was named. */
    readonly command?: Command,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliOptions {
  command: Command;
  /** `help`, or any command's --help: the command whose help to print. */
  helpFor?: Command;
  file?: string;
  rounds?: number;
  seed?: number;
  workers?: number;
  backend?: BackendName;
  /** `run`: 'off' sends each client to a worker alone instead of in cohorts. */
  cohort?: 'auto' | 'off';
  out?: string;
  json: boolean;
  /** `studio`/`start`: the web host's port (0 picks a free one). */
  port?: number;
  /** `studio`/`start`: the workspace folder (default: the current folder). */
  dir?: string;
  /** `start`: try to fetch Electron's binary even though the last try failed less than a day ago. */
  retryDownload: boolean;
  /** `script`: the arguments after the script's file, passed to it untouched. */
  scriptArgs: string[];
  /** Print stack traces of unexpected errors (also FEDFLOW_DEBUG=1). */
  debug: boolean;
  /** `run`/`sweep`/`runs`: the run store's folder (default $FEDFLOW_RUNS_DIR, else runs/). */
  runsDir?: string;
  /** `join`: the federation's URL. */
  url?: string;
  /** `serve`: the interface to bind. */
  host?: string;
  /** `serve`: PEM certificate and key files for TLS. */
  tlsCert?: string;
  tlsKey?: string;
  /** `serve`: clients that must join before round 1. */
  minClients?: number;
  /** `serve`: seconds to wait for them. */
  wait?: number;
  /** `join`: the client's data file (and IDX labels file), its label column, and a certificate to trust. */
  data?: string;
  labels?: string;
  labelColumn?: string;
  ca?: string;
  /** `join`: fraction of its rows kept back as a local hold-out for federated evaluation (0 … 0.5). */
  holdout?: number;
  /** `runs`: the words after the command (`show <id>`…). */
  args?: string[];
  /** `sweep`: each --set, as written (`split.alpha=0.1,1,10`). */
  set?: string[];
  /** `sweep`: how many seeds each grid point runs with. */
  seeds?: number;
  /** `runs export`: CSV (the only format, and the default). */
  csv?: boolean;
  /** `runs list` filters and order. */
  status?: RunStatus;
  sort?: RunSort;
  name?: string;
  limit?: number;
  sweep?: string;
  /** `run`/`worker`: the Redis URL of the training queue (see "Scaling out" in the README). */
  redis?: string;
  /** `worker`: jobs at once. */
  concurrency?: number;
  /** `sweep` with `--redis`: runs at once. */
  parallel?: number;
  /** `run`: seconds to wait for a worker before the run fails. */
  workerTimeout?: number;
  /** `worker`: the job lock, in milliseconds (a dead worker's job moves on after about this long). */
  lockMs?: number;
}

interface OptionSpec {
  type: 'string' | 'boolean';
  /** May be given more than once (`--set`). */
  multiple?: boolean;
  short?: string;
  /** An example value, for "needs a value, e.g. --rounds 10". */
  example?: string;
  /** The commands that take it; every command takes --help and --debug. */
  commands: readonly Command[];
}

const OPTIONS: Readonly<Record<string, OptionSpec>> = {
  rounds: { type: 'string', example: '10', commands: ['run', 'sweep', 'serve'] },
  seed: { type: 'string', example: '42', commands: ['run', 'sweep', 'serve'] },
  workers: { type: 'string', example: '2', commands: ['run', 'sweep', 'serve'] },
  cohort: { type: 'string', example: 'off', commands: ['run'] },
  backend: { type: 'string', example: 'wasm', commands: ['run', 'sweep', 'worker', 'serve', 'join'] },
  out: { type: 'string', short: 'o', example: 'DIR', commands: ['run', 'export', 'sweep', 'runs', 'serve'] },
  json: { type: 'boolean', commands: ['run', 'validate', 'sweep', 'runs', 'serve'] },
  'runs-dir': { type: 'string', example: 'DIR', commands: ['run', 'sweep', 'runs', 'serve'] },
  host: { type: 'string', example: '0.0.0.0', commands: ['serve'] },
  'tls-cert': { type: 'string', example: 'cert.pem', commands: ['serve'] },
  'tls-key': { type: 'string', example: 'key.pem', commands: ['serve'] },
  'min-clients': { type: 'string', example: '3', commands: ['serve'] },
  wait: { type: 'string', example: '300', commands: ['serve'] },
  data: { type: 'string', example: 'my-data.csv', commands: ['join'] },
  labels: { type: 'string', example: 'train-labels.idx', commands: ['join'] },
  'label-column': { type: 'string', example: 'diagnosis', commands: ['join'] },
  ca: { type: 'string', example: 'cert.pem', commands: ['join'] },
  holdout: { type: 'string', example: '0.2', commands: ['join'] },
  set: { type: 'string', multiple: true, example: 'split.alpha=0.1,1,10', commands: ['sweep'] },
  seeds: { type: 'string', example: '3', commands: ['sweep'] },
  csv: { type: 'boolean', commands: ['runs'] },
  status: { type: 'string', example: 'finished', commands: ['runs'] },
  sort: { type: 'string', example: 'accuracy', commands: ['runs'] },
  name: { type: 'string', example: 'mnist', commands: ['runs', 'worker', 'join'] },
  redis: { type: 'string', example: 'redis://host:6379', commands: ['run', 'sweep', 'worker', 'studio'] },
  concurrency: { type: 'string', example: '2', commands: ['worker'] },
  parallel: { type: 'string', example: '4', commands: ['sweep'] },
  'worker-timeout': { type: 'string', example: '60', commands: ['run', 'sweep', 'studio'] },
  'lock-ms': { type: 'string', example: '30000', commands: ['worker'] },
  limit: { type: 'string', example: '20', commands: ['runs'] },
  sweep: { type: 'string', example: 'SWEEP_ID', commands: ['runs'] },
  port: { type: 'string', example: '8080', commands: ['studio', 'start', 'serve'] },
  dir: { type: 'string', example: 'WORKSPACE', commands: ['studio', 'start'] },
  'retry-download': { type: 'boolean', commands: ['start'] },
  help: { type: 'boolean', short: 'h', commands: COMMANDS },
  debug: { type: 'boolean', commands: COMMANDS },
};

/** The commands that read a pipeline (or script) file as their one positional argument. */
const TAKES_FILE: readonly Command[] = ['run', 'validate', 'export', 'script', 'sweep', 'serve'];

function integer(name: string, value: string | undefined, min: number, max: number, command: Command): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got '${value}').`, command);
  }
  return n;
}

/** A fraction from 0 to `max`, such as a hold-out. */
function fraction(name: string, value: string, max: number, command: Command): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > max) throw new UsageError(`--${name} must be a number from 0 to ${max} (got '${value}').`, command);
  return n;
}

const isCommand = (word: string | undefined): word is Command => (COMMANDS as readonly string[]).includes(word ?? '');

/** The command named by the first word that is not an option, if it is one. */
function commandOf(argv: readonly string[]): Command | undefined {
  const first = argv.find((a) => !a.startsWith('-'));
  return isCommand(first) ? first : undefined;
}

/**
 * `fedflow script [--debug] FILE.ts args…`: what comes after the script's file belongs to the script (its
 * own --rounds, --out…), so only what comes before it is fedflow's to parse.
 */
function splitScriptArgs(argv: string[]): { own: string[]; scriptArgs: string[] } {
  const at = argv.indexOf('script');
  const file = argv.findIndex((a, i) => i > at && !a.startsWith('-'));
  return file < 0 ? { own: argv, scriptArgs: [] } : { own: argv.slice(0, file + 1), scriptArgs: argv.slice(file + 1) };
}

/**
 * What is wrong with an option parseArgs refused, in our words: an unknown option with the nearest known
 * one, a missing value with an example, a value given to a switch. Read from parseArgs' tokens (not its
 * message, whose wording changes between Node versions).
 */
function explainRefusal(argv: string[], command: Command | undefined, fallback: string): string {
  const { tokens } = parseArgs({ args: argv, allowPositionals: true, strict: false, tokens: true });
  const byShort = new Map(Object.entries(OPTIONS).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const name = t.rawName.startsWith('--') ? t.name : byShort.get(t.name);
    const spec = name === undefined ? undefined : OPTIONS[name];
    if (!spec) {
      const names = Object.keys(OPTIONS).filter((o) => !command || OPTIONS[o].commands.includes(command));
      const guess = t.rawName.startsWith('--') ? closest(t.name, names) : undefined;
      return `Unknown option ${t.rawName}${guess ? ` (did you mean --${guess}?)` : ''}.`;
    }
    if (spec.type === 'string' && (t.value === undefined || (!t.inlineValue && t.value.startsWith('-')))) {
      return `${t.rawName} needs a value, e.g. ${t.rawName} ${spec.example ?? 'VALUE'}.`;
    }
    if (spec.type === 'boolean' && t.value !== undefined) return `${t.rawName} takes no value (got '${t.value}').`;
  }
  return fallback;
}

/** Parses argv (without node and the script) into options; throws UsageError on bad input. */
export function parseCliArgs(argv: string[]): CliOptions {
  const named = commandOf(argv);
  const { own, scriptArgs } = named === 'script' ? splitScriptArgs(argv) : { own: argv, scriptArgs: [] };
  const options = Object.fromEntries(
    Object.entries(OPTIONS).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: own, allowPositionals: true, options });
  } catch (e) {
    throw new UsageError(explainRefusal(own, named, (e as Error).message), named);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const { positionals } = parsed;
  const word = positionals[0];
  if (word !== undefined && !isCommand(word)) {
    const guess = closest(word, COMMANDS);
    throw new UsageError(`Unknown command '${word}'${guess ? ` (did you mean ${guess}?)` : ''}.`);
  }
  const given: Command = word ?? 'help';
  // An option that exists, but for another command: say whose it is rather than ignore it.
  for (const name of Object.keys(values)) {
    if (values[name] === undefined || values[name] === false || OPTIONS[name].commands.includes(given)) continue;
    const named = OPTIONS[name].commands.map((c) => `fedflow ${c}`);
    const owners = named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named[0];
    throw new UsageError(`fedflow ${given} does not take --${name} (it is an option of ${owners}).`, given);
  }
  const string = (name: string) => values[name] as string | undefined;
  const backend = string('backend');
  if (backend !== undefined && !(BACKENDS as readonly string[]).includes(backend)) {
    throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')} (got '${backend}').${backendHint(backend, BACKENDS)}`, given);
  }
  const maxPositionals = given === 'runs' ? Infinity : TAKES_FILE.includes(given) || given === 'help' || given === 'join' ? 2 : 1;
  if (positionals.length > maxPositionals) throw new UsageError(`Unexpected argument '${positionals[maxPositionals]}'.`, given);
  if (given === 'help' && positionals[1] !== undefined && !isCommand(positionals[1])) {
    throw new UsageError(`There is no command '${positionals[1]}' to explain.`);
  }
  const status = oneOf('status', string('status'), [...RECORDED_STATUSES, 'interrupted'], given) as RunStatus | undefined;
  const sort = oneOf('sort', string('sort'), RUN_SORTS, given) as RunSort | undefined;
  const help = values.help === true || given === 'help';
  return {
    command: help ? 'help' : given,
    ...(help ? { helpFor: given === 'help' ? ((positionals[1] as Command | undefined) ?? 'help') : given } : {}),
    ...(TAKES_FILE.includes(given) && positionals[1] !== undefined ? { file: positionals[1] } : {}),
    rounds: integer('rounds', string('rounds'), 1, 100000, given),
    seed: integer('seed', string('seed'), 0, 2 ** 32 - 1, given),
    workers: integer('workers', string('workers'), 1, 256, given),
    backend: backend as BackendName | undefined,
    ...(string('cohort') !== undefined ? { cohort: oneOf('cohort', string('cohort'), ['auto', 'off'], given) as 'auto' | 'off' } : {}),
    out: string('out'),
    json: values.json === true,
    port: integer('port', string('port'), 0, 65535, given),
    dir: string('dir'),
    retryDownload: values['retry-download'] === true,
    scriptArgs,
    debug: values.debug === true || debugFromEnvironment(),
    ...(string('runs-dir') !== undefined ? { runsDir: string('runs-dir') } : {}),
    args: given === 'runs' ? positionals.slice(1) : [],
    set: (values.set as unknown as string[] | undefined) ?? [],
    seeds: integer('seeds', string('seeds'), 1, 1000, given),
    csv: values.csv === true,
    status,
    sort,
    name: string('name'),
    limit: integer('limit', string('limit'), 1, 1e9, given),
    sweep: string('sweep'),
    ...(string('redis') !== undefined ? { redis: string('redis') } : {}),
    concurrency: integer('concurrency', string('concurrency'), 1, 256, given),
    parallel: integer('parallel', string('parallel'), 1, 64, given),
    workerTimeout: integer('worker-timeout', string('worker-timeout'), 1, 86400, given),
    lockMs: integer('lock-ms', string('lock-ms'), 100, 3_600_000, given),
    ...(given === 'join' && positionals[1] !== undefined ? { url: positionals[1] } : {}),
    ...(string('host') !== undefined ? { host: string('host') } : {}),
    ...(string('tls-cert') !== undefined ? { tlsCert: string('tls-cert') } : {}),
    ...(string('tls-key') !== undefined ? { tlsKey: string('tls-key') } : {}),
    ...(string('min-clients') !== undefined ? { minClients: integer('min-clients', string('min-clients'), 1, 10_000, given) } : {}),
    ...(string('wait') !== undefined ? { wait: integer('wait', string('wait'), 1, 86_400, given) } : {}),
    ...(string('data') !== undefined ? { data: string('data') } : {}),
    ...(string('labels') !== undefined ? { labels: string('labels') } : {}),
    ...(string('label-column') !== undefined ? { labelColumn: string('label-column') } : {}),
    ...(string('ca') !== undefined ? { ca: string('ca') } : {}),
    ...(string('holdout') !== undefined ? { holdout: fraction('holdout', string('holdout')!, 0.5, given) } : {}),
  };
}

/** A value that must be one of a few words, with the nearest one suggested. */
function oneOf(name: string, value: string | undefined, allowed: readonly string[], command: Command): string | undefined {
  if (value === undefined || allowed.includes(value)) return value;
  const guess = closest(value, allowed);
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${value}')${guess ? `; did you mean ${guess}?` : '.'}`, command);
}

/** FEDFLOW_DEBUG=1 (or true) asks for stack traces as --debug does. */
export function debugFromEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.FEDFLOW_DEBUG === '1' || env.FEDFLOW_DEBUG?.toLowerCase() === 'true';
}
