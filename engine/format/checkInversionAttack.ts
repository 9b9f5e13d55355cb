/**
 * Validation of an aggregator's gradient-inversion attack (inversionAttack). It reconstructs an image from
 * one update, so the data must be images, the model's first layer dense, and the server must see individual
 * updates (not secure aggregation's sum): errors otherwise. It is exact for one SGD step on one example;
 * where the document makes the attacked clients take several steps, Adam steps or several examples, the
 * attack still runs on what the server received, and a warning says the result is no longer faithful.
 */
import { clientCounts, type ClientGroupNode } from './clientCounts.js';
import { nodeName, sourceOf } from './graph.js';
import type { AggregatorParams } from './params.js';
import type { PipelineDocument, PipelineNode } from './pipeline.js';
import type { Problem } from './problems.js';
import { isKind, resolveParams } from './resolveParams.js';

const FIELD = 'params.inversionAttack';

/** The inversion-attack problems of an aggregator fed by `groups`. */
export function inversionAttackProblems(
  doc: PipelineDocument,
  agg: PipelineNode,
  p: AggregatorParams,
  groups: readonly ClientGroupNode[],
  ok: (n?: PipelineNode) => n is PipelineNode,
): Problem[] {
  const name = nodeName(agg);
  const problems: Problem[] = [];
  const error = (message: string): Problem => ({ severity: 'error', message, nodeId: agg.id, field: FIELD });
  const warning = (message: string, nodeId: string, field: string): Problem => ({ severity: 'warning', message, nodeId, field });
  const dlgOnly = ['attackIterations', 'attackLearningRate'].filter((f) => Object.hasOwn(agg.params, f));
  if (p.inversionAttack === 'none') {
    for (const f of ['attackClient', ...dlgOnly]) {
      if (Object.hasOwn(agg.params, f)) problems.push(warning(`${name}: ${f} applies only with an inversionAttack; with none it is ignored.`, agg.id, `params.${f}`));
    }
    return problems;
  }
  if (p.inversionAttack === 'analytic') {
    for (const f of dlgOnly) problems.push(warning(`${name}: ${f} sets DLG's optimiser; the analytic inversion has none, so it is ignored. Set inversionAttack to dlg to use it.`, agg.id, `params.${f}`));
  }
  if (p.secureAggregation) {
    problems.push(error(`${name}: the gradient-inversion attack needs one client's update, but with secureAggregation the server learns only the sum of the round's updates. That is the defence: turn one of them off.`));
  }
  const told = new Set<string>();
  for (const g of groups) {
    const split = sourceOf(doc, g.node.id, 'clients', 'split');
    const dataset = ok(split) ? sourceOf(doc, split.id, 'data', 'dataset') : undefined;
    const model = sourceOf(doc, g.node.id, 'model', 'model');
    if (ok(dataset) && isKind(dataset, 'dataset')) {
      const dp = resolveParams(dataset);
      if ((dp.source === 'csv' || dp.source === 'synthetic') && !told.has(dataset.id)) {
        told.add(dataset.id);
        problems.push(error(`${name}: the gradient-inversion attack reconstructs images, but ${nodeName(g.node)} trains on ${nodeName(dataset)}, a ${dp.source} data set of table rows. Use an image data set (mnist or idx) or set inversionAttack to none.`));
      }
      // One example per client, where the document says how many there are: MNIST's trainSize over the split's clients.
      if (dp.source === 'mnist' && ok(split) && isKind(split, 'split') && !told.has(split.id)) {
        const sp = resolveParams(split);
        if (sp.method !== 'natural' && dp.trainSize * (1 - sp.holdoutFraction) > sp.numClients) {
          told.add(split.id);
          const each = (dp.trainSize * (1 - sp.holdoutFraction)) / sp.numClients;
          problems.push(
            warning(
              `${name}: the gradient-inversion attack is exact for one step on one example, but ${nodeName(split)} gives each of its ${sp.numClients} clients about ${Number(each.toFixed(1))} training examples (${dp.trainSize} in ${nodeName(dataset)}), so the reconstruction mixes several digits or several steps. Set numClients to ${dp.trainSize} (or trainSize to ${sp.numClients}).`,
              split.id,
              'params.numClients',
            ),
          );
        }
      }
    }
    if (ok(model) && isKind(model, 'model') && resolveParams(model).arch === 'cnn' && !told.has(model.id)) {
      told.add(model.id);
      problems.push(error(`${name}: the gradient-inversion attacks here need a dense model (the analytic one inverts a dense first layer), but ${nodeName(model)} is a CNN, whose first layer is a convolution. Use an mlp or logistic model, or set inversionAttack to none.`));
    }
    if (g.params.localEpochs > 1) {
      problems.push(warning(`${nodeName(g.node)}: ${name}'s gradient-inversion attack is exact for a single local step; with localEpochs ${g.params.localEpochs} the update sums several steps. Set localEpochs to 1.`, g.node.id, 'params.localEpochs'));
    }
    if (g.params.optimizer === 'adam') {
      problems.push(warning(`${nodeName(g.node)}: ${name}'s gradient-inversion attack reads the gradient off the update, but an Adam step rescales each coordinate, so the update is no longer a multiple of the gradient. Use optimizer sgd.`, g.node.id, 'params.optimizer'));
    }
  }
  const total = clientCounts(doc, groups, ok)?.total;
  if (total !== undefined && p.attackClient >= total) {
    problems.push(warning(`${name}: attackClient ${p.attackClient} is not one of its ${total} clients (0 to ${total - 1}); the server attacks the lowest-id client that answers in round 1 instead.`, agg.id, 'params.attackClient'));
  }
  return problems;
}
