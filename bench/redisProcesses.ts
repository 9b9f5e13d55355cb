/**
 * The processes a queue test or bench starts: its own redis-server on a free loopback port, and
 * `fedflow worker`s (built; run from the repository root).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root (this file runs from dist/bench/). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A child whose output lines can be waited for. */
export class Child {
  output = '';
  private readonly waiters: { re: RegExp; since: number; resolve: (m: RegExpMatchArray) => void }[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly proc: ChildProcess, readonly label: string) {
    const take = (d: string) => {
      this.output += d;
      for (const w of [...this.waiters]) {
        const m = this.output.slice(w.since).match(w.re);
        if (m) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    };
    proc.stdout!.setEncoding('utf8').on('data', take);
    proc.stderr!.setEncoding('utf8').on('data', take);
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  }

  /** Resolves when the output from `since` on (an offset into it; default its start) matches; rejects if the child exits first. */
  waitFor(re: RegExp, since = 0): Promise<RegExpMatchArray> {
    const m = this.output.slice(since).match(re);
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      this.waiters.push({ re, since, resolve });
      void this.exited.then((code) => reject(new Error(`${this.label} exited (${code}) before printing ${re}:\n${this.output}`)));
    });
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(signal);
    return this.exited;
  }
}

/** A free TCP port on 127.0.0.1 (redis-server has no --port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Throws, saying how to install it, where redis-server is missing: the queue tests never skip. */
export function requireRedisServer(): void {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error('redis-server is not installed; the queue tests need it: apt-get install redis-server (CI\'s .ci/run installs it).');
  }
}

/** Starts redis-server on a free port, without persistence, and resolves once it accepts connections. */
export async function startRedis(): Promise<{ url: string; server: Child }> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const server = new Child(proc, 'redis-server');
  await server.waitFor(/Ready to accept connections/);
  return { url: `redis://127.0.0.1:${port}`, server };
}

/** Starts `fedflow worker` (built, from the repository root) and resolves once it has connected. */
export async function startWorker(url: string, name: string, env: NodeJS.ProcessEnv = {}, backend = 'wasm'): Promise<Child> {
  const proc = spawn(process.execPath, ['bin/fedflow.js', 'worker', '--redis', url, '--name', name, '--lock-ms', '1000', '--backend', backend], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker = new Child(proc, `worker ${name}`);
  await worker.waitFor(/Connected to /);
  return worker;
}
