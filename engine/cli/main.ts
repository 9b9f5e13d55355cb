/** The `fedflow` command line. */
import { debugFromEnvironment, parseCliArgs, UsageError } from './cliArgs.js';
import { unexpectedErrorLines } from './errorMessage.js';
import { exportCommand } from './exportCommand.js';
import { joinCommand } from './joinCommand.js';
import { runCommand } from './runCommand.js';
import { serveCommand } from './serveCommand.js';
import { runsCommand } from './runsCommand.js';
import { sweepCommand } from './sweepCommand.js';
import { scriptCommand } from './scriptCommand.js';
import { startCommand } from './startCommand.js';
import { studioCommand } from './studioCommand.js';
import { commandUsage, usageHint } from './usage.js';
import { validateCommand } from './validateCommand.js';
import { workerCommand } from './workerCommand.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

const needsFile = (command: string) => `fedflow ${command} needs a pipeline file, e.g. templates/mnist-fedavg.fedflow.json.`;

/**
 * Runs the CLI with these arguments and returns the exit code: 0 success, 2 a bad document or argument
 * (the message and one line pointing to the help), 1 a failure while running (an unexpected error is one
 * sentence; its stack only with --debug or FEDFLOW_DEBUG=1), 130 interrupted.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    const opts = parseCliArgs(argv);
    switch (opts.command) {
      case 'help':
        out(commandUsage(opts.helpFor ?? 'help'));
        return 0;
      case 'run':
      case 'validate':
        if (!opts.file) throw new UsageError(needsFile(opts.command), opts.command);
        return opts.command === 'run' ? await runCommand(opts, out, err) : await validateCommand(opts.file, opts.json, out);
      case 'export':
        if (!opts.file) throw new UsageError(needsFile('export'), 'export');
        return await exportCommand(opts.file, opts.out, out, err);
      case 'script':
        if (!opts.file) throw new UsageError('fedflow script needs a TypeScript file, e.g. one `fedflow export -o mnist.ts` wrote.', 'script');
        return await scriptCommand(opts.file, opts.scriptArgs, err);
      case 'sweep':
        if (!opts.file) throw new UsageError(needsFile('sweep'), 'sweep');
        return await sweepCommand(opts, out, err);
      case 'runs':
        return await runsCommand(opts, out, err);
      case 'serve':
        if (!opts.file) throw new UsageError(needsFile('serve'), 'serve');
        return await serveCommand(opts, out, err);
      case 'join':
        if (!opts.url) throw new UsageError('fedflow join needs the URL that fedflow serve printed, e.g. fedflow join ws://10.0.0.5:8787/join?token=... --data my-data.csv.', 'join');
        if (!opts.data) throw new UsageError('fedflow join needs your data file: --data my-data.csv (it never leaves this machine).', 'join');
        return await joinCommand(opts, out);
      case 'studio':
        return await studioCommand(opts, out, err);
      case 'start':
        return await startCommand(opts, out, err);
      case 'worker':
        return await workerCommand(opts, out, err);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`fedflow: ${e.message}`);
      err(usageHint(e.command));
      return 2;
    }
    for (const line of unexpectedErrorLines(e, argv.includes('--debug') || debugFromEnvironment())) err(line);
    return 1;
  }
}
