/** The bench's command line: `--backend wasm|cpu|webgpu`, `--quick`, `--only name,...`, `--out dir`. */

export const BENCH_NAMES = ['centralized', 'federationOverhead', 'workerScaling', 'manyClients', 'pytorch', 'convolutions', 'backends', 'clientDrift', 'simulatedClock', 'validation', 'compression', 'secureAggregation', 'runStoreListing', 'poisoning', 'queue'] as const;
export type BenchName = (typeof BENCH_NAMES)[number];
export type BenchBackend = 'wasm' | 'cpu' | 'webgpu';

export interface BenchArgs {
  backend: BenchBackend;
  quick: boolean;
  /** The measurements to take, in BENCH_NAMES order. */
  only: BenchName[];
  /** Folder for the JSON results (default: bench-results/ at the repository root). */
  out: string | null;
}

export const USAGE = `Usage: node dist/bench/main.js [--backend wasm|cpu|webgpu] [--quick] [--only ${BENCH_NAMES.join(',')}] [--redis] [--out DIR]`;

/** Parses the flags; throws with a readable message on anything unknown. */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { backend: 'wasm', quick: false, only: [...BENCH_NAMES], out: null };
  let only = false;
  let redis = false;
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
        if (b !== 'wasm' && b !== 'cpu' && b !== 'webgpu') throw new Error(`--backend must be wasm, cpu or webgpu (got ${b}).`);
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
        only = true;
        break;
      }
      case '--out':
        args.out = value();
        break;
      case '--redis':
        // The queue through Redis (bench/queueOverhead.ts); it needs redis-server, so it runs only when asked.
        redis = true;
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`Unknown flag ${argv[i]}.\n${USAGE}`);
    }
  }
  if (redis) {
    args.only = only ? [...new Set([...args.only, 'queue' as const])] : ['queue'];
    only = true;
  }
  // `backends` (wasm beside webgpu, bench/backendComparison.ts) runs with --backend webgpu, and is all it
  // runs: the other measurements train in this thread, which webgpu's asynchronous reads do not allow.
  if (args.backend === 'webgpu') {
    if (only && args.only.some((n) => n !== 'backends')) throw new Error('--backend webgpu measures only `backends` (wasm beside webgpu).');
    args.only = ['backends'];
  } else if (!only) {
    // clientDrift and poisoning are learning measurements of minutes (strategies compared over seeds): asked for by name only.
    args.only = args.only.filter((n) => n !== 'backends' && n !== 'clientDrift' && n !== 'poisoning' && n !== 'queue');
  }
  return args;
}
