/** The CLI's help text: the whole of it, and each command's part for `fedflow <command> --help`. */

/** The commands, in the order the help lists them. */
export const COMMANDS = ['run', 'validate', 'sweep', 'runs', 'serve', 'join', 'worker', 'studio', 'start', 'export', 'script', 'help'] as const;
export type Command = (typeof COMMANDS)[number];

interface CommandHelp {
  /** The command line, as in `Usage:`. */
  synopsis: string;
  /** What it does, wrapped, each line after the first indented to line up under it. */
  text: string;
}

const BACKEND_CHOICES = 'auto|wasm|cpu|webgpu|node|node-gpu';

const HELP: Readonly<Record<Command, CommandHelp>> = {
  run: {
    synopsis: `fedflow run <file> [--rounds N] [--seed S] [--workers W] [--backend ${BACKEND_CHOICES}] [--cohort auto|off] [--out DIR] [--runs-dir DIR] [--redis URL [--worker-timeout S]] [--json]`,
    text: `Runs a *.fedflow.json pipeline: a progress bar on stderr, a table of rounds on stdout, and the
final models (TensorFlow.js format) and metrics (JSON, CSV) in DIR (default: a new run folder
runs/<name>-<time>-<id> in the run store, see fedflow runs). --json prints one JSON object per
event instead, the final summary last. --redis URL (or FEDFLOW_REDIS) trains the clients on
fedflow worker processes through Redis, with the same numbers; it waits up to S seconds
(default 60) for a worker. --cohort off trains each client alone instead of a round's clients
of a dense model in cohorts, one per worker (the same numbers either way).`,
  },
  worker: {
    synopsis: 'fedflow worker --redis URL [--concurrency N] [--backend wasm|cpu|webgpu|node] [--name NAME] [--lock-ms MS]',
    text: `Takes client-training jobs of its backend (default wasm) from the Redis at URL (redis:// or
rediss://, a password in the URL) and trains N at a time (default 1) on this machine, for any
run started with fedflow run --redis URL. Registers itself (name, backend, jobs done) while it
runs; a job it dies in moves to another worker after about MS (default 30000). Until Ctrl+C.`,
  },
  sweep: {
    synopsis: `fedflow sweep <file> --set NODE.PARAM=V1,V2,... [--set ...] [--seeds N] [--seed S] [--rounds N] [--workers W] [--backend B] [--runs-dir DIR] [--out DIR] [--redis URL [--parallel N]] [--json]`,
    text: `Runs the pipeline once for every combination of the --set values (NODE is a node id, or a
node kind when one node has it) and each of N seeds (S, S+1, ...; default the document's),
one run after another, each stored in the run store. Every grid point is validated first.
Prints final accuracy per grid point (mean ± standard deviation over seeds) and writes it
as sweep.csv and sweep.json (default runs/sweeps/<sweep id>/). --redis URL trains each run's
clients on fedflow worker processes, as fedflow run --redis does; --parallel N then runs N of the
sweep's runs at once, so they spread over the workers (the table is the same).`,
  },
  runs: {
    synopsis: 'fedflow runs list|show <id>|compare <id> <id>...|export <id>... [--csv]|delete <id>... [--runs-dir DIR] [--json]',
    text: `The run store (default $FEDFLOW_RUNS_DIR, else runs/). list: name, start, status, rounds, final
accuracy, ε, duration (--status S, --name TEXT, --sweep ID, --sort started|accuracy|duration|name,
--limit N). show: one run. compare: final figures and the settings that differ. export: the
runs' rounds as CSV (stdout, or -o FILE). delete: removes run folders. An id may be shortened
to a prefix that fits one run.`,
  },
  validate: {
    synopsis: 'fedflow validate <file> [--json]',
    text: 'Prints every problem of a pipeline (node, field and reason); loads its data to check sizes.',
  },
  serve: {
    synopsis: 'fedflow serve <file> [--port P] [--host H] [--tls-cert F --tls-key F] [--min-clients N] [--wait S] [--rounds N] [--seed S] [--backend B] [--out DIR] [--runs-dir DIR] [--json]',
    text: `Serves a pipeline whose split is \`remote\` to clients on other machines: prints a join URL with
the federation's token, waits for N clients (default: the split's numClients) for up to S
seconds (default 300), then runs the rounds as fedflow run does and writes the same results.
Listens on 127.0.0.1 unless --host; serves wss:// with --tls-cert and --tls-key.`,
  },
  join: {
    synopsis: 'fedflow join <url> --data FILE [--labels FILE] [--label-column C] [--name N] [--backend B] [--ca CERT] [--holdout F]',
    text: `Joins a served federation with your own data — a CSV, or IDX images with --labels — which
never leaves this machine: trains each round with the server's settings and sends back only
the model update and its metrics. Reconnects after a dropped connection. --ca trusts a
self-signed server certificate. --holdout F (0 to 0.5) keeps a seeded draw of that fraction of
the rows out of training and scores the global model on them when the server asks (federated
evaluation); only the scores are sent.`,
  },
  studio: {
    synopsis: 'fedflow studio [--port P] [--dir WORKSPACE] [--redis URL [--worker-timeout S]]',
    text: `Serves the workbench to your browser on 127.0.0.1 (a random port unless --port) and prints its
address with a one-time token; opens and saves *.fedflow.json files under WORKSPACE (default:
the current folder). With --redis, its runs and sweeps train their clients on fedflow workers,
which the status bar lists. Runs until Ctrl+C.`,
  },
  start: {
    synopsis: 'fedflow start [--port P] [--dir WORKSPACE] [--retry-download]',
    text: `Opens the desktop app (Electron) where its binary is installed, else does what studio does.
Electron's binary is fetched on the first start; after a failed try, again only a day later
or with --retry-download.`,
  },
  export: {
    synopsis: 'fedflow export <file> [-o script.ts]',
    text: `Writes the pipeline as a standalone TypeScript script (to stdout, or to -o FILE) that rebuilds it
in code and runs it, giving the numbers fedflow run gives.`,
  },
  script: {
    synopsis: 'fedflow script <script.ts> [its flags, e.g. --rounds N --seed S --workers W --backend B --out DIR]',
    text: `Runs a TypeScript script (one that export wrote, or your own) with this installation's tsx, its
import of 'fedflow-studio' resolved to this installation: from any folder, nothing to install.`,
  },
  help: {
    synopsis: 'fedflow help [<command>]',
    text: 'Prints this help, or one command\'s.',
  },
};

const EXIT_CODES = 'Exit codes: 0 success, 2 invalid document or argument, 1 failure while running, 130 interrupted.';
const DEBUG = 'Add --debug (or set FEDFLOW_DEBUG=1) to see the stack trace of an unexpected error.';

const indent = (text: string, by: number) => text.split('\n').map((line, i) => (i === 0 ? line : `${' '.repeat(by)}${line}`)).join('\n');

/** The whole help. */
export const USAGE = `FedFlow Studio — design, run and teach federated learning.

Usage:
${COMMANDS.map((c) => `  ${HELP[c].synopsis}`).join('\n')}

${COMMANDS.filter((c) => c !== 'help')
  .map((c) => `${c.padEnd(10)}${indent(HELP[c].text, 10)}`)
  .join('\n')}

${EXIT_CODES}
${DEBUG}`;

/** One command's help, for `fedflow <command> --help` and `fedflow help <command>`. */
export function commandUsage(command: Command): string {
  if (command === 'help') return USAGE;
  return `Usage: ${HELP[command].synopsis}\n\n${HELP[command].text}\n\n${EXIT_CODES}\n${DEBUG}`;
}

/** The one line printed after a usage error, pointing to the help instead of printing it. */
export function usageHint(command?: Command): string {
  return `Run fedflow ${command && command !== 'help' ? `${command} ` : ''}--help for usage.`;
}
