/**
 * Messages between Electron's main process and the engine's utility process, imported by both with
 * `import type`. Host calls and their answers are the web host's wire protocol; the engine asks the
 * main process to show a native dialog (only the main process can) and waits for the path.
 */
import type { WireMessage, WireRequest } from '../engine/host/hostApi.js';
import type { SaveRequest } from '../engine/host/nodeHost.js';

/** What the engine process needs to create its host. */
export interface EngineConfig {
  workspaceDir: string;
  templatesDir: string;
  stateDir: string;
  runsDir: string;
}

/** The environment variable that carries the EngineConfig as JSON. */
export const ENGINE_CONFIG_ENV = 'FEDFLOW_ENGINE_CONFIG';

export type PickRequest = { kind: 'open' } | { kind: 'save'; save: SaveRequest };

export type ToEngine = { call: WireRequest } | { picked: { id: number; path: string | null } };
export type FromEngine = { answer: WireMessage } | { pick: { id: number; request: PickRequest } };
