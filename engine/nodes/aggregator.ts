/** The aggregator node: one federation, merging client updates into the global model round after round. */
import { aggregatorParams } from '../format/params.js';
import { PORT_TYPES } from '../format/portTypes.js';
import { count, defineNodeKind } from './nodeKindSpec.js';

export const aggregatorSpec = defineNodeKind({
  kind: 'aggregator',
  title: 'Aggregator',
  description: 'Merges client updates into the global model (FedAvg and its family).',
  ports: {
    inputs: [{ id: 'updates', type: 'updates', label: 'updates', required: true, multiple: true }],
    outputs: [{ id: 'global', type: 'global', label: 'global model' }],
  },
  params: aggregatorParams,
  newParams: { strategy: 'FedAvg', rounds: 10 },
  summary: (p) =>
    [`${p.strategy}`, `${count(p.rounds)} rounds`, ...(p.downlinkCompression === 'quantize' ? [`${p.downlinkBits}-bit broadcast`] : []), ...(p.signVote ? ['sign vote'] : []), ...(p.privacy !== 'none' ? [`DP ${p.privacy} σ ${p.noiseMultiplier} C ${p.clipNorm}`] : [])].join(' · '),
  color: PORT_TYPES.global.color,
  icon: 'funnel',
  exportCall: {
    method: 'aggregator',
    role: 'one federation, merging the client updates into the next global model round after round',
    params: 'object',
    inputs: { shape: 'list', port: 'updates' },
  },
  report: { section: 'parameters', outline: 'solid' },
});
