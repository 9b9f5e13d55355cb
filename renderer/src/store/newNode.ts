/** What a node dropped from the palette starts as: the few params its schema needs, the rest default. */
import { assertNever, type NodeKind } from '../../../engine/format/nodeKinds.js';

/** The params a new node of a kind starts with (discriminators and the values a student sees first). */
export function defaultParams(kind: NodeKind): Record<string, unknown> {
  switch (kind) {
    case 'dataset':
      return { source: 'mnist' };
    case 'split':
      return { method: 'iid', numClients: 10 };
    case 'model':
      return { arch: 'mlp' };
    case 'client':
      return {};
    case 'aggregator':
      return { strategy: 'FedAvg', rounds: 10 };
    case 'evaluate':
      return {};
    case 'note':
      return { text: '## Note\nWrite **markdown** here.' };
    default:
      return assertNever(kind, 'node kind');
  }
}

/** A short title for each kind, as the palette and new nodes show it. */
export function kindTitle(kind: NodeKind): string {
  switch (kind) {
    case 'dataset':
      return 'Dataset';
    case 'split':
      return 'Split';
    case 'model':
      return 'Model';
    case 'client':
      return 'Clients';
    case 'aggregator':
      return 'Aggregator';
    case 'evaluate':
      return 'Evaluate';
    case 'note':
      return 'Note';
    default:
      return assertNever(kind, 'node kind');
  }
}

/** One sentence per kind for the palette's tooltips and the quick-add list. */
export function kindDescription(kind: NodeKind): string {
  switch (kind) {
    case 'dataset':
      return 'Where the examples come from: MNIST, synthetic, CSV or IDX files.';
    case 'split':
      return 'Divides the data among clients: IID, Dirichlet, pathological, quantity or natural.';
    case 'model':
      return 'The network every client trains: MLP, CNN or logistic regression.';
    case 'client':
      return 'A group of clients training locally each round.';
    case 'aggregator':
      return 'Merges client updates into the global model (FedAvg and its family).';
    case 'evaluate':
      return 'Scores the global model on the test set and hold-outs.';
    case 'note':
      return 'Markdown text for teaching; ignored by the run.';
    default:
      return assertNever(kind, 'node kind');
  }
}
