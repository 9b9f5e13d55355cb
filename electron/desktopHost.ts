/**
 * The desktop app's host: the Node host in Electron mode, as the engine process runs it. Its own module, so
 * tests build exactly the host the app runs (test/electron/fileGrants.test.ts) without Electron: in this
 * mode the page may name only files the user chose in a native dialog (engine/host/fileGrants.ts), and a
 * run reads data only next to its chosen pipeline or from the templates (engine/host/dataFiles.ts).
 */
import { createNodeHost, type NodeHost } from '../engine/host/nodeHost.js';
import type { EngineConfig, PickRequest } from './engineMessages.js';

/** Creates the desktop host; `pick` shows a native dialog (in the main process) and resolves with the chosen path. */
export function createDesktopHost(config: EngineConfig, pick: (request: PickRequest) => Promise<string | null>): NodeHost {
  return createNodeHost({
    host: 'electron',
    ...config,
    pickFile: () => pick({ kind: 'open' }),
    pickSavePath: (save) => pick({ kind: 'save', save }),
  });
}
