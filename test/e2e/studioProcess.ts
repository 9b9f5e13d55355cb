/** `fedflow studio` in a child process, as the e2e tests start it: a free port, its own state folder, stopped with Ctrl+C. */
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from '../helpers/spawnNode.js';

/** A running web host: the address it printed (with its session token), and what it has written so far. */
export interface StudioProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed on stdout and stderr, for failure messages. */
  output(): string;
  /** Ctrl+C, then a kill if it lingers; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Starts `fedflow studio --port 0 --dir workspace` and resolves once it prints its address. */
export function startStudio(workspace: string, stateDir: string, extraArgs: readonly string[] = []): Promise<StudioProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/fedflow.js', 'studio', '--port', '0', '--dir', workspace, ...extraArgs], {
      cwd: ROOT,
      env: { ...process.env, FEDFLOW_STATE_DIR: stateDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    };
    const timer = setTimeout(() => reject(new Error(`fedflow studio printed no address within 60 s:\n${output}`)), 60_000);
    const take = (d: string) => {
      output += d;
      const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(output)?.[0];
      if (url) {
        clearTimeout(timer);
        resolve({ url, child, output: () => output, stop });
      }
    };
    child.stdout!.setEncoding('utf8').on('data', take);
    child.stderr!.setEncoding('utf8').on('data', take);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fedflow studio exited (${code}) before printing its address:\n${output}`));
    });
  });
}
