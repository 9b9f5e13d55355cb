/** The client node: a group of clients, which of a split's clients they are and how they train. */
import { clientParams, type ClientParams } from '../format/params.js';
import { PORT_TYPES } from '../format/portTypes.js';
import { defineNodeKind } from './nodeKindSpec.js';

export const clientSpec = defineNodeKind({
  kind: 'client',
  title: 'Clients',
  description: 'A group of clients training locally each round.',
  ports: {
    inputs: [
      { id: 'clients', type: 'partition', label: 'clients', required: true },
      { id: 'model', type: 'model', label: 'model', required: true },
    ],
    outputs: [{ id: 'updates', type: 'updates', label: 'updates' }],
  },
  params: clientParams,
  newParams: {},
  summary(p) {
    const parts = [
      `${p.localEpochs} epoch${p.localEpochs === 1 ? '' : 's'}`,
      p.batchSize === 'full' ? 'full batch' : `batch ${p.batchSize}`,
      `${p.optimizer} lr ${p.learningRate}`,
    ];
    if (p.fraction < 1) parts.push(`${Math.round(p.fraction * 100)}% per round`);
    if (p.clients !== 'all') parts.push(`clients ${p.clients}`);
    if (p.proximalMu > 0) parts.push(`μ=${p.proximalMu}`);
    if (p.behaviour !== 'honest') parts.push(p.behaviour);
    const compression = compressionSummary(p);
    if (compression) parts.push(compression);
    return parts.join(' · ');
  },
  color: PORT_TYPES.updates.color,
  icon: 'people',
  exportCall: {
    method: 'client',
    role: 'how each client of the group trains on its own shard, every round',
    params: 'object',
    inputs: { shape: 'refs', ports: ['clients', 'model'] },
    // An availability trace is a file relative to the pipeline, as a CSV data set is.
    readsFiles: (p) => p.availability !== undefined,
  },
  report: { section: 'parameters', outline: 'solid' },
});

/** "8-bit updates", "top 1% + EF": how the group compresses its updates; empty for none. */
export function compressionSummary(p: Pick<ClientParams, 'compression' | 'bits' | 'keepFraction' | 'errorFeedback'>): string {
  const percent = `${+(p.keepFraction * 100).toPrecision(3)}%`;
  const codec = { none: '', quantize: `${p.bits}-bit updates`, topk: `top ${percent}`, randomk: `random ${percent}`, sign: 'sign updates' }[p.compression];
  return codec && p.errorFeedback ? `${codec} + EF` : codec;
}
