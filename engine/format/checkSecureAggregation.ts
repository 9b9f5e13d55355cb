/**
 * Validation of secure aggregation: strategies that need each client's update (robust rules, q-FedAvg's
 * loss weights, SCAFFOLD's control variates, the sign vote) cannot run on a masked sum, nor can DP that
 * clips on the server, and a round needs at least two clients in the protocol — the sum of one is that
 * client's update.
 */
import { nodeName } from './graph.js';
import type { AggregatorParams, ClientParams, StrategyName } from './params.js';
import type { PipelineDocument, PipelineNode } from './pipeline.js';
import type { Problem } from './problems.js';
import { clientCounts } from './clientCounts.js';

const FIELD = 'params.secureAggregation';

/** Why a strategy cannot run on the secure sum, or null when it only needs the average update. */
function needsIndividualUpdates(strategy: StrategyName): string | null {
  switch (strategy) {
    case 'FedAvg':
    case 'FedAvgM':
    case 'FedAdam':
    case 'FedYogi':
    case 'FedAdagrad':
      return null;
    case 'FedMedian':
      return 'FedMedian takes the coordinate-wise median of the individual updates';
    case 'FedTrimmedAvg':
      return 'FedTrimmedAvg sorts the individual updates to trim the extremes';
    case 'Krum':
    case 'MultiKrum':
      return `${strategy} compares individual updates`;
    case 'Bulyan':
      return 'Bulyan compares and sorts individual updates';
    case 'QFedAvg':
      return "QFedAvg weighs each client's update by its own loss";
    case 'SCAFFOLD':
      return "SCAFFOLD needs each client's control-variate update beside its model update";
    default:
      return assertNever(strategy);
  }
}

/** An aggregator's secure-aggregation settings against its strategy and the client groups feeding it. */
export function secureAggregationProblems(
  doc: PipelineDocument,
  agg: PipelineNode,
  p: AggregatorParams,
  groups: readonly { node: PipelineNode; params: ClientParams }[],
  ok: (n?: PipelineNode) => n is PipelineNode,
): Problem[] {
  const name = nodeName(agg);
  const problems: Problem[] = [];
  const error = (message: string): Problem => ({ severity: 'error', message, nodeId: agg.id, field: FIELD });
  if (!p.secureAggregation) {
    for (const field of ['secAggRange', 'secAggGraph']) {
      if (Object.hasOwn(agg.params, field)) {
        problems.push({ severity: 'warning', message: `${name}: ${field} applies only with secureAggregation on; it is ignored.`, nodeId: agg.id, field: `params.${field}` });
      }
    }
    return problems;
  }
  const why = needsIndividualUpdates(p.strategy);
  if (why) problems.push(error(`${name}: ${why}, which secure aggregation hides from the server (it learns only their sum). Use FedAvg, FedAvgM, FedAdam, FedYogi or FedAdagrad, or turn secureAggregation off.`));
  // Client-side DP composes with the secure sum (the clients clip, the server noises the sum); server-side
  // clipping needs each update in the clear, which is exactly what secure aggregation hides.
  if (p.privacy === 'server-fixed' || p.privacy === 'server-adaptive') {
    const instead = p.privacy === 'server-adaptive' ? 'client-adaptive' : 'client-fixed';
    problems.push({
      severity: 'error',
      message: `${name}: privacy ${p.privacy} clips each update on the server, but under secure aggregation the server never sees an update, only their sum. Use privacy ${instead} (the clients clip, the server noises the sum) or turn secureAggregation off.`,
      nodeId: agg.id,
      field: 'params.privacy',
    });
  }
  // The range clips coordinates after the clients' L2 clip; below C it would bend clipped updates (no privacy lost, accuracy is).
  if ((p.privacy === 'client-fixed' || p.privacy === 'client-adaptive') && p.clipNorm > p.secAggRange) {
    problems.push({
      severity: 'warning',
      message: `${name}: clipNorm ${p.clipNorm} is above secAggRange ${p.secAggRange}, so secure aggregation's range can still cut coordinates of an update the client clipped to C. Raise secAggRange to at least ${p.clipNorm}.`,
      nodeId: agg.id,
      field: 'params.secAggRange',
    });
  }
  if (p.signVote) problems.push(error(`${name}: signVote counts each client's signs, which secure aggregation hides from the server. Turn one of them off.`));
  const sampled = clientCounts(doc, groups, ok)?.sampled;
  if (sampled !== undefined && sampled < 2) {
    problems.push(error(`${name}: secure aggregation needs at least 2 clients a round (the sum of one client is its update), but only ${sampled} is sampled. Raise minClients or fraction on a client node.`));
  }
  for (const g of groups.filter((g) => g.params.dropout > 0)) {
    problems.push({
      severity: 'warning',
      message: `${name}: ${nodeName(g.node)} drops clients out (dropout ${g.params.dropout}); a round in which fewer clients finish than secure aggregation's threshold (a majority of each neighbourhood) stops the run.`,
      nodeId: agg.id,
      field: FIELD,
    });
  }
  return problems;
}


function assertNever(value: never): never {
  throw new TypeError(`Unknown strategy ${JSON.stringify(value)}.`);
}
