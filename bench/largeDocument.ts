/**
 * Large valid pipeline documents of a chosen size, for the validation bench and the test that guards
 * validation against quadratic blow-up. Three shapes stress different parts of validation:
 * - `federations`: many small federations side by side (data → split → clients → aggregator → evaluate);
 * - `aggregators`: one client group feeding thousands of aggregators (a client's targets);
 * - `groups`: one aggregator fed by thousands of client groups, each taking its own client of one split.
 */
import { FORMAT_TAG } from '../engine/format/pipeline.js';

export const LARGE_DOCUMENT_SHAPES = ['federations', 'aggregators', 'groups'] as const;
export type LargeDocumentShape = (typeof LARGE_DOCUMENT_SHAPES)[number];

interface Parts {
  nodes: object[];
  edges: object[];
}

const edge = (id: string, source: string, sourceHandle: string, target: string, targetHandle: string) => ({ id, source, sourceHandle, target, targetHandle });

/** The nodes and edges every copy of the unit adds, and those the document has once. */
function shapeOf(shape: LargeDocumentShape, units: number): { fixed: Parts; unit: (i: number) => Parts } {
  switch (shape) {
    case 'federations':
      return {
        fixed: { nodes: [], edges: [] },
        unit: (i) => {
          const p = `f${i}-`;
          return {
            nodes: [
              { id: `${p}data`, kind: 'dataset', position: { x: 0, y: i * 100 }, params: { source: 'mnist', trainSize: 2000, testSize: 500 } },
              { id: `${p}split`, kind: 'split', position: { x: 260, y: i * 100 }, params: { method: 'iid', numClients: 4 } },
              { id: `${p}model`, kind: 'model', position: { x: 260, y: i * 100 + 50 }, params: { arch: 'mlp', hidden: [32] } },
              { id: `${p}clients`, kind: 'client', position: { x: 520, y: i * 100 }, params: { localEpochs: 1 } },
              { id: `${p}agg`, kind: 'aggregator', position: { x: 780, y: i * 100 }, params: { strategy: 'FedAvg', rounds: 2 } },
              { id: `${p}eval`, kind: 'evaluate', position: { x: 1040, y: i * 100 }, params: { federated: false } },
            ],
            edges: [
              edge(`${p}e1`, `${p}data`, 'data', `${p}split`, 'data'),
              edge(`${p}e2`, `${p}split`, 'clients', `${p}clients`, 'clients'),
              edge(`${p}e3`, `${p}model`, 'model', `${p}clients`, 'model'),
              edge(`${p}e4`, `${p}clients`, 'updates', `${p}agg`, 'updates'),
              edge(`${p}e5`, `${p}agg`, 'global', `${p}eval`, 'global'),
            ],
          };
        },
      };
    case 'aggregators':
      return {
        fixed: {
          nodes: [
            { id: 'data', kind: 'dataset', params: { source: 'mnist', trainSize: 2000, testSize: 500 } },
            { id: 'split', kind: 'split', params: { method: 'iid', numClients: 4 } },
            { id: 'model', kind: 'model', params: { arch: 'logistic' } },
            { id: 'clients', kind: 'client', params: {} },
          ],
          edges: [edge('e-data', 'data', 'data', 'split', 'data'), edge('e-split', 'split', 'clients', 'clients', 'clients'), edge('e-model', 'model', 'model', 'clients', 'model')],
        },
        unit: (i) => ({
          nodes: [{ id: `agg${i}`, kind: 'aggregator', position: { x: 780, y: i * 60 }, params: { strategy: 'FedAvg', rounds: 1 } }],
          edges: [edge(`e-agg${i}`, 'clients', 'updates', `agg${i}`, 'updates')],
        }),
      };
    case 'groups':
      return {
        fixed: {
          nodes: [
            { id: 'data', kind: 'dataset', params: { source: 'synthetic', devices: units, features: 10, classes: 2, sizeMean: 1, sizeSigma: 0 } },
            { id: 'split', kind: 'split', params: { method: 'iid', numClients: units } },
            { id: 'model', kind: 'model', params: { arch: 'logistic' } },
            { id: 'agg', kind: 'aggregator', params: { strategy: 'FedAvg', rounds: 1 } },
          ],
          edges: [edge('e-data', 'data', 'data', 'split', 'data')],
        },
        unit: (i) => ({
          nodes: [{ id: `c${i}`, kind: 'client', position: { x: 520, y: i * 60 }, params: { clients: String(i), minClients: 1 } }],
          edges: [
            edge(`e-split${i}`, 'split', 'clients', `c${i}`, 'clients'),
            edge(`e-model${i}`, 'model', 'model', `c${i}`, 'model'),
            edge(`e-agg${i}`, `c${i}`, 'updates', 'agg', 'updates'),
          ],
        }),
      };
  }
}

function build(shape: LargeDocumentShape, units: number): string {
  const { fixed, unit } = shapeOf(shape, units);
  const nodes = [...fixed.nodes];
  const edges = [...fixed.edges];
  for (let i = 0; i < units; i++) {
    const u = unit(i);
    nodes.push(...u.nodes);
    edges.push(...u.edges);
  }
  return JSON.stringify({ format: FORMAT_TAG, name: `large document (${shape}, ${units})`, seed: 1, nodes, edges });
}

/** A valid document of at least `bytes` characters (compact JSON, as a file of that size), of one shape. */
export function largeDocumentText(bytes: number, shape: LargeDocumentShape = 'federations'): string {
  // Size one unit from a small sample, then build the whole document once.
  const small = build(shape, 100);
  const perUnit = (small.length - build(shape, 0).length) / 100;
  const units = Math.max(1, Math.ceil((bytes - build(shape, 0).length) / perUnit));
  return build(shape, units);
}
