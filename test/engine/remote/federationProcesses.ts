/** Test helpers for served federations: spawning `fedflow serve` / `fedflow join` and waiting on the lines they print. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../helpers/spawnNode.js';

/** A running fedflow process whose output is collected as it comes. */
export interface Process {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout or stderr line matching `pattern` (rejects if the process ends first). */
  line(pattern: RegExp): Promise<string>;
  /** Resolves with the exit code once it ended. */
  exited: Promise<number | null>;
}

/** Starts `node bin/fedflow.js ...args` in the repository root. */
export function fedflowProcess(args: string[], env: NodeJS.ProcessEnv = {}): Process {
  const child = spawn(process.execPath, ['bin/fedflow.js', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const hit = (out + '\n' + err).split('\n').find((l) => w.pattern.test(l));
      if (hit !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(hit);
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => ((out += d), check()));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => ((err += d), check()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`fedflow ${args[0]} ended before printing ${w.pattern}:\n${out}\n${err}`));
      resolve(code);
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    line(pattern) {
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve, reject });
        check();
      });
    },
  };
}

/** The join URL `fedflow serve` printed. */
export async function joinUrl(server: Process): Promise<string> {
  const line = await server.line(/fedflow join '/);
  return /'([^']+)'/.exec(line)![1];
}

type Json = Record<string, unknown>;

/**
 * Writes the hospitals template, cut to 3 rounds on the wasm backend with no local hold-outs, into `dir`
 * with its CSV beside it; `split` replaces the split node's params. Returns the pipeline file.
 */
export function hospitalsPipeline(dir: string, name: string, split: Json, rounds = 3): string {
  const doc = JSON.parse(readFileSync(join(ROOT, 'templates', 'hospitals-tabular.fedflow.json'), 'utf8')) as Json & { nodes: (Json & { id: string; params: Json })[]; settings: Json };
  for (const n of doc.nodes) {
    if (n.id === 'hospitals') n.params.path = 'hospitals.csv';
    if (n.id === 'split') n.params = split;
    if (n.id === 'fedavg') n.params.rounds = rounds;
    if (n.id === 'eval') n.params.federated = false;
  }
  doc.settings = { ...doc.settings, backend: 'wasm' };
  writeFileSync(join(dir, 'hospitals.csv'), readFileSync(join(ROOT, 'templates', 'data', 'hospitals.csv')));
  const file = join(dir, `${name}.fedflow.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** What two federations must agree on, round by round: participants, training loss and test scores (not wall time). */
export interface RoundMetrics {
  round: number;
  participants: number;
  trainLoss: number;
  test: { loss: number; accuracy: number };
}

/** A run folder's first federation's rounds, from its metrics.json, as RoundMetrics. */
export const roundMetrics = (out: string): RoundMetrics[] =>
  (JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { history: RoundMetrics[] }[])[0].history.map(({ round, participants, trainLoss, test }) => ({
    round,
    participants,
    trainLoss,
    test: { loss: test.loss, accuracy: test.accuracy },
  }));
