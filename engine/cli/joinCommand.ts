/** `fedflow join <url> --data FILE`: takes part in a served federation with data that stays on this machine. */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { joinFederation } from '../remote/joinClient.js';
import type { CliOptions } from './cliArgs.js';
import { UsageError } from './cliArgs.js';

/** Joins the federation at opts.url; returns the exit code. */
export async function joinCommand(opts: CliOptions, out: (line: string) => void): Promise<number> {
  let url: URL;
  try {
    url = new URL(opts.url!);
  } catch {
    throw new UsageError(`'${opts.url}' is not a URL; give the one fedflow serve printed (ws://… or wss://…).`, 'join');
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new UsageError(`The URL must start with ws:// or wss:// (got ${url.protocol}//).`, 'join');
  let ca: Buffer | undefined;
  if (opts.ca !== undefined) {
    try {
      ca = readFileSync(opts.ca);
    } catch (e) {
      throw new UsageError(`--ca ${opts.ca} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, 'join');
    }
  }
  const name = opts.name ?? hostname();
  return joinFederation({
    url: url.href,
    dataFile: opts.data!,
    ...(opts.labels !== undefined ? { labels: opts.labels } : {}),
    name,
    ...(opts.labelColumn !== undefined ? { labelColumn: opts.labelColumn } : {}),
    ...(opts.backend !== undefined ? { backend: opts.backend } : {}),
    ...(ca ? { ca } : {}),
    ...(opts.holdout !== undefined ? { holdout: opts.holdout } : {}),
    log: (line) => out(`${name}: ${line}`),
  });
}
