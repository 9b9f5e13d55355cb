/** One line saying what a node does with its settings, e.g. `Dirichlet α=0.5 · 10 clients`. */
import { assertNever } from '../../../engine/format/nodeKinds.js';
import { PARAMS_SCHEMAS } from '../../../engine/format/params.js';
import type { PipelineNode } from '../../../engine/format/pipeline.js';
import type { z } from 'zod';

const n = (v: number) => v.toLocaleString('en-US');

/** The node's settings in a few words; `invalid settings` when its params do not parse. */
export function nodeSummary(node: PipelineNode): string {
  const schema: z.ZodType = PARAMS_SCHEMAS[node.kind];
  const parsed = schema.safeParse(node.params);
  if (!parsed.success) return 'invalid settings';
  switch (node.kind) {
    case 'dataset': {
      const p = parsed.data as z.output<typeof PARAMS_SCHEMAS.dataset>;
      switch (p.source) {
        case 'mnist':
          return `MNIST · ${n(p.trainSize)} train / ${n(p.testSize)} test`;
        case 'synthetic':
          return `Synthetic${p.iid ? ' IID' : `(α=${p.alpha}, β=${p.beta})`} · ${n(p.devices)} devices`;
        case 'csv':
          return `CSV · ${p.path}`;
        case 'idx':
          return `IDX · ${p.trainImages}`;
      }
      return '';
    }
    case 'split': {
      const p = parsed.data as z.output<typeof PARAMS_SCHEMAS.split>;
      const holdout = p.holdoutFraction > 0 ? ` · ${Math.round(p.holdoutFraction * 100)}% hold-out` : '';
      switch (p.method) {
        case 'iid':
          return `IID · ${n(p.numClients)} clients${holdout}`;
        case 'dirichlet':
          return `Dirichlet α=${p.alpha} · ${n(p.numClients)} clients${holdout}`;
        case 'pathological':
          return `${p.classesPerClient} classes/client · ${n(p.numClients)} clients${holdout}`;
        case 'quantity':
          return `Quantity (${p.distribution}) · ${n(p.numClients)} clients${holdout}`;
        case 'natural':
          return `Natural (by client column)${holdout}`;
      }
      return '';
    }
    case 'model': {
      const p = parsed.data as z.output<typeof PARAMS_SCHEMAS.model>;
      switch (p.arch) {
        case 'mlp':
          return `MLP ${p.hidden.join('-') || '(no hidden layer)'} · ${p.activation}`;
        case 'cnn':
          return 'CNN (FedAvg paper)';
        case 'logistic':
          return 'Logistic regression';
      }
      return '';
    }
    case 'client': {
      const p = parsed.data as z.output<typeof PARAMS_SCHEMAS.client>;
      const parts = [
        `${p.localEpochs} epoch${p.localEpochs === 1 ? '' : 's'}`,
        p.batchSize === 'full' ? 'full batch' : `batch ${p.batchSize}`,
        `${p.optimizer} lr ${p.learningRate}`,
      ];
      if (p.fraction < 1) parts.push(`${Math.round(p.fraction * 100)}% per round`);
      if (p.clients !== 'all') parts.push(`clients ${p.clients}`);
      if (p.proximalMu > 0) parts.push(`μ=${p.proximalMu}`);
      if (p.behaviour !== 'honest') parts.push(p.behaviour);
      return parts.join(' · ');
    }
    case 'aggregator': {
      const p = parsed.data as z.output<typeof PARAMS_SCHEMAS.aggregator>;
      return `${p.strategy} · ${n(p.rounds)} rounds`;
    }
    case 'evaluate': {
      const p = parsed.data as z.output<typeof PARAMS_SCHEMAS.evaluate>;
      const what = [p.centralized ? 'test set' : '', p.federated ? 'hold-outs' : ''].filter(Boolean).join(' + ') || 'nothing';
      return `${p.every === 1 ? 'every round' : `every ${p.every} rounds`} · ${what}`;
    }
    case 'note':
      return '';
    default:
      return assertNever(node.kind, 'node kind');
  }
}
