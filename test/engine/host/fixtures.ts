/** Temporary folders and small pipelines for the host tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { HostApi, HostRunEvent } from '../../../engine/host/hostApi.js';
import { connectHost, hostAddressFromPage, type ConnectedHost, type WebSocketConstructor } from '../../../engine/host/wsHostClient.js';
import type { RunEvent } from '../../../engine/run/events.js';
import { federation } from '../run/pipelines.js';

export interface HostDirs {
  root: string;
  workspace: string;
  templates: string;
  state: string;
  cleanup(): void;
}

/** A small, fast, valid pipeline as the JSON text a file would hold. */
export function tinyPipelineText(rounds = 3): string {
  const doc = federation({
    dataset: { source: 'mnist', trainSize: 200, testSize: 50 },
    split: { method: 'iid', numClients: 2 },
    model: { arch: 'logistic' },
    clients: [{ batchSize: 50 }],
    aggregator: { strategy: 'FedAvg', rounds },
  });
  return `${JSON.stringify({ ...doc, name: 'Tiny', description: 'A tiny test pipeline.' }, null, 2)}\n`;
}

/** A workspace, a templates folder with two templates, and a state folder, under one temp folder. */
export function makeHostDirs(): HostDirs {
  const root = mkdtempSync(join(tmpdir(), 'fedflow-host-'));
  const dirs = { root, workspace: join(root, 'workspace'), templates: join(root, 'templates'), state: join(root, 'state') };
  for (const d of [dirs.workspace, dirs.templates]) mkdirSync(d);
  writeFileSync(join(dirs.templates, 'tiny.fedflow.json'), tinyPipelineText());
  writeFileSync(
    join(dirs.templates, 'another.fedflow.json'),
    tinyPipelineText().replace('"name": "Tiny"', '"name": "Another"').replace('A tiny test pipeline.', 'Another one.'),
  );
  // Not templates: a wrong extension, and a name that could not be an id.
  writeFileSync(join(dirs.templates, 'readme.md'), '# not a template\n');
  writeFileSync(join(dirs.templates, '.hidden.fedflow.json'), '{}');
  return { ...dirs, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Resolves with the first event of a run matching `test`. */
export function nextRunEvent(host: HostApi, runId: string, test: (e: RunEvent) => boolean): Promise<RunEvent> {
  return new Promise((resolve) => {
    const off = host.onRunEvent((e: HostRunEvent) => {
      if (e.runId === runId && test(e.event)) {
        off();
        resolve(e.event);
      }
    });
  });
}

/** The `ws` WebSocket sending the Origin a browser would send for the host's page. */
export const browserLike = (origin: string): WebSocketConstructor =>
  class extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  };

/** The web host's API as its page reaches it: over the WebSocket, from the page's origin, with its token (or `token`). */
export function connectAsPage(web: { url: string; port: number }, token?: string): ConnectedHost {
  const address = hostAddressFromPage(web.url)!;
  return connectHost(address.url, token ?? address.token, browserLike(`http://127.0.0.1:${web.port}`));
}
