/** Parsing the CLI's arguments into typed options, with messages that name the bad argument. */
import { parseArgs } from 'node:util';
import { BACKENDS, type BackendName } from '../format/pipeline.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliOptions {
  command: string;
  file?: string;
  rounds?: number;
  seed?: number;
  workers?: number;
  backend?: BackendName;
  out?: string;
  json: boolean;
  /** `studio`/`start`: the web host's port (0 picks a free one). */
  port?: number;
  /** `studio`/`start`: the workspace folder (default: the current folder). */
  dir?: string;
}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got '${value}').`);
  }
  return n;
}

/** Parses argv (without node and the script) into options; throws UsageError on bad input. */
export function parseCliArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        rounds: { type: 'string' },
        seed: { type: 'string' },
        workers: { type: 'string' },
        backend: { type: 'string' },
        out: { type: 'string', short: 'o' },
        port: { type: 'string' },
        dir: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const command = values.help ? 'help' : (positionals[0] ?? 'help');
  const backend = values.backend;
  if (backend !== undefined && !(BACKENDS as readonly string[]).includes(backend)) {
    throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')} (got '${backend}').`);
  }
  if (positionals.length > 2) throw new UsageError(`Unexpected argument '${positionals[2]}'.`);
  return {
    command,
    file: positionals[1],
    rounds: integer('rounds', values.rounds, 1, 100000),
    seed: integer('seed', values.seed, 0, 2 ** 32 - 1),
    workers: integer('workers', values.workers, 1, 256),
    backend: backend as BackendName | undefined,
    out: values.out,
    json: values.json ?? false,
    port: integer('port', values.port, 0, 65535),
    dir: values.dir,
  };
}
