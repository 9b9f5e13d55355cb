/** The `fedflow` command line. */
import { parseCliArgs, UsageError } from './cliArgs.js';
import { exportCommand } from './exportCommand.js';
import { runCommand } from './runCommand.js';
import { startCommand } from './startCommand.js';
import { studioCommand } from './studioCommand.js';
import { USAGE } from './usage.js';
import { validateCommand } from './validateCommand.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** Runs the CLI with these arguments and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const opts = parseCliArgs(argv);
    switch (opts.command) {
      case 'help':
        out(USAGE);
        return 0;
      case 'run':
      case 'validate':
        if (!opts.file) throw new UsageError(`fedflow ${opts.command} needs a pipeline file, e.g. templates/mnist-fedavg.fedflow.json.`);
        return opts.command === 'run' ? await runCommand(opts, out, err) : await validateCommand(opts.file, opts.json, out);
      case 'export':
        if (!opts.file) throw new UsageError('fedflow export needs a pipeline file, e.g. templates/mnist-fedavg.fedflow.json.');
        return await exportCommand(opts.file, opts.out, out, err);
      case 'studio':
        return await studioCommand(opts, out, err);
      case 'start':
        return await startCommand(opts, out, err);
      default:
        throw new UsageError(`Unknown command '${opts.command}'.`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`fedflow: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    err(`fedflow: ${(e as Error).stack ?? e}`);
    return 1;
  }
}
