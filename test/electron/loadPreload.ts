/**
 * The compiled preload, run as a sandboxed preload runs: a CommonJS script whose `require` knows only
 * 'electron', here a fake contextBridge and ipcRenderer that record what the script does and hand each
 * invoke to `answer` (a fake main process).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';

/** dist/test/electron → dist/electron/preload.cjs */
const PRELOAD = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'electron', 'preload.cjs');

export interface Loaded {
  exposed: Map<string, unknown>;
  invoked: { channel: string; args: unknown[] }[];
  listeners: Map<string, Set<(...args: unknown[]) => void>>;
  required: string[];
  answer: (channel: string) => unknown;
}

/** Runs the preload with `answer` as the main process's side of ipcRenderer.invoke. */
export function loadPreload(answer: (channel: string, args: unknown[]) => unknown): Loaded {
  const loaded: Loaded = { exposed: new Map(), invoked: [], listeners: new Map(), required: [], answer: () => undefined };
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      loaded.invoked.push({ channel, args });
      return answer(channel, args);
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      if (!loaded.listeners.has(channel)) loaded.listeners.set(channel, new Set());
      loaded.listeners.get(channel)!.add(listener);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => loaded.listeners.get(channel)?.delete(listener),
  };
  const contextBridge = { exposeInMainWorld: (key: string, value: unknown) => loaded.exposed.set(key, value) };
  const module = { exports: {} };
  const require = (name: string) => {
    loaded.required.push(name);
    if (name !== 'electron') throw new Error(`A sandboxed preload cannot require '${name}'.`);
    return { contextBridge, ipcRenderer };
  };
  runInNewContext(readFileSync(PRELOAD, 'utf8'), { require, module, exports: module.exports, Error, TypeError, Promise });
  return loaded;
}
