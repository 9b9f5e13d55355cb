/** A hand-made run of a federation under attack, for the defence table's tests: a document and a summary. */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import type { FederationSummary, RoundRecord, RunSummary } from '../../../engine/run/events.js';
import { federation } from '../run/pipelines.js';

/** 10 IID clients, 0-7 honest and 8-9 sign-flip ×4, feeding FedAvg, Krum f=2 and norm clipping; 0-7 alone feed an honest FedAvg. */
export function attackedDoc(extra: { id: string; params: Record<string, unknown>; honestOnly?: boolean }[] = []): PipelineDocument {
  const doc = federation({
    split: { method: 'iid', numClients: 10 },
    clients: [{ clients: '0-7' }, { clients: '8-9', behaviour: 'sign-flip', attackScale: 4 }],
    aggregator: { strategy: 'FedAvg', rounds: 3 },
  });
  const aggregators = [
    { id: 'krum', params: { strategy: 'Krum', numMalicious: 2, rounds: 3 } },
    { id: 'clip', params: { strategy: 'FedAvg', privacy: 'server-fixed', clipNorm: 0.5, noiseMultiplier: 0, rounds: 3 } },
    { id: 'honest-only', params: { strategy: 'FedAvg', rounds: 3 }, honestOnly: true },
    ...extra,
  ];
  for (const a of aggregators) {
    doc.nodes.push({ id: a.id, kind: 'aggregator', label: a.id, position: { x: 0, y: 0 }, params: a.params });
    for (const c of a.honestOnly ? ['clients0'] : ['clients0', 'clients1']) {
      doc.edges.push({ id: `e-${c}-${a.id}`, source: c, sourceHandle: 'updates', target: a.id, targetHandle: 'updates' });
    }
  }
  return doc;
}

export function fed(aggregatorId: string, accuracies: number[], divergedAt?: number): FederationSummary {
  const history: RoundRecord[] = accuracies.map((accuracy, i) => ({
    aggregatorId,
    round: i + 1,
    participants: 10,
    dropped: 0,
    trainLoss: 1,
    bytesUp: 0,
    bytesDown: 0,
    ms: 1,
    test: { examples: 100, loss: 1, accuracy, perClassAccuracy: [], confusion: [] },
  }));
  return {
    aggregatorId,
    label: aggregatorId === 'agg' ? 'FedAvg' : aggregatorId,
    strategy: 'FedAvg',
    rounds: accuracies.length,
    history,
    ...(divergedAt !== undefined ? { divergedAt } : {}),
    final: { accuracy: accuracies.at(-1) ?? null, loss: 1, trainLoss: 1 },
  };
}

export function summary(federations: FederationSummary[]): RunSummary {
  return { runId: 'r', pipeline: 'test', seed: 7, backend: 'wasm', workers: 1, wallMs: 1, federations };
}

export const ATTACKED = summary([fed('agg', [0.1, 0.12, 0.11]), fed('krum', [0.3, 0.6, 0.68]), fed('clip', [0.2, 0.4, 0.55]), fed('honest-only', [0.35, 0.6, 0.7])]);

