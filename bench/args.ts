/** The bench's command line: `--backend wasm|cpu`, `--quick`, `--only name,...`. */

export const BENCH_NAMES = ['centralized', 'federationOverhead', 'workerScaling', 'manyClients', 'pytorch'] as const;
export type BenchName = (typeof BENCH_NAMES)[number];
export type BenchBackend = 'wasm' | 'cpu';

export interface BenchArgs {
  backend: BenchBackend;
  quick: boolean;
  /** The measurements to take, in BENCH_NAMES order. */
  only: BenchName[];
}

export const USAGE = `Usage: node dist/bench/main.js [--backend wasm|cpu] [--quick] [--only ${BENCH_NAMES.join(',')}]`;

/** Parses the flags; throws with a readable message on anything unknown. */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { backend: 'wasm', quick: false, only: [...BENCH_NAMES] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value.\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--backend': {
        const b = value();
        if (b !== 'wasm' && b !== 'cpu') throw new Error(`--backend must be wasm or cpu (got ${b}).`);
        args.backend = b;
        break;
      }
      case '--quick':
        args.quick = true;
        break;
      case '--only': {
        const names = value().split(',').map((s) => s.trim()).filter(Boolean);
        for (const n of names) {
          if (!(BENCH_NAMES as readonly string[]).includes(n)) throw new Error(`Unknown measurement "${n}"; choose from ${BENCH_NAMES.join(', ')}.`);
        }
        args.only = BENCH_NAMES.filter((n) => names.includes(n));
        break;
      }
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`Unknown flag ${argv[i]}.\n${USAGE}`);
    }
  }
  return args;
}
