/** `fedflow studio`: serves the workbench to a browser from the web host until Ctrl+C. */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultRendererDir, defaultStateDir } from '../host/packagePaths.js';
import { startWebHost } from '../host/webHost.js';
import { checkRedisUrl, redactRedisUrl } from '../queue/redisUrl.js';
import { UsageError, type CliOptions } from './cliArgs.js';

/** The message shown when the workbench has not been built, or null when it has. */
export function missingRendererMessage(rendererDir = defaultRendererDir()): string | null {
  return existsSync(join(rendererDir, 'index.html'))
    ? null
    : `The workbench is not built (${join(rendererDir, 'index.html')} is missing). Run \`npm run build\` first.`;
}

/** Starts the web host, prints its address and waits for Ctrl+C (or SIGTERM); returns the exit code. */
export async function studioCommand(opts: Pick<CliOptions, 'port' | 'dir' | 'redis' | 'workerTimeout'>, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const missing = missingRendererMessage();
  if (missing) {
    err(missing);
    return 1;
  }
  const workspaceDir = resolve(opts.dir ?? process.cwd());
  if (!existsSync(workspaceDir) || !statSync(workspaceDir).isDirectory()) {
    throw new UsageError(`--dir must be a folder (got '${opts.dir}').`);
  }
  // --redis (or FEDFLOW_REDIS): the workbench's runs and sweeps train on `fedflow worker` processes.
  const redis = opts.redis ?? (process.env.FEDFLOW_REDIS || undefined);
  if (redis) {
    try {
      checkRedisUrl(redis);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  let host;
  try {
    host = await startWebHost({
      port: opts.port ?? 0,
      workspaceDir,
      rendererDir: defaultRendererDir(),
      stateDir: defaultStateDir(),
      runsDir: join(workspaceDir, 'runs'),
      ...(redis
        ? { queue: { url: redis, notice: err, ...(opts.workerTimeout !== undefined ? { workerTimeoutMs: opts.workerTimeout * 1000 } : {}) } }
        : {}),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      err(`Port ${opts.port} is in use; choose another with --port, or leave it out for a free one.`);
      return 1;
    }
    throw e;
  }
  out('FedFlow Studio is running in your browser. Open:');
  out(`  ${host.url}`);
  out(`Workspace: ${workspaceDir} (runs are saved under ${join(workspaceDir, 'runs')})`);
  if (redis) out(`Runs train their clients on fedflow workers through ${redactRedisUrl(redis)}.`);
  out('The address holds a one-time token: keep it to yourself. Press Ctrl+C to stop.');
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  err('Stopping FedFlow Studio…');
  await host.close();
  return 0;
}
