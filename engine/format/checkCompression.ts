/**
 * Validation of update compression: settings a node's compression does not use (warnings, so a user who
 * switched codecs sees what no longer applies), and an aggregator's sign vote over clients that do not
 * send signs (an error: the vote has nothing to count).
 */
import { nodeName } from './graph.js';
import type { AggregatorParams, ClientParams } from './params.js';
import type { PipelineNode } from './pipeline.js';
import type { Problem } from './problems.js';

const warning = (message: string, nodeId: string, field: string): Problem => ({ severity: 'warning', message, nodeId, field });

/** Whether a node's file sets a param itself (not left to its default). */
const sets = (node: PipelineNode, name: string): boolean => Object.hasOwn(node.params, name);

/** A client node's compression settings that its codec ignores. */
export function clientCompressionProblems(node: PipelineNode, p: ClientParams): Problem[] {
  const problems: Problem[] = [];
  const name = nodeName(node);
  if (sets(node, 'bits') && p.compression !== 'quantize') {
    problems.push(warning(`${name}: bits applies to compression quantize only; with compression ${p.compression} it is ignored.`, node.id, 'params.bits'));
  }
  if (sets(node, 'keepFraction') && p.compression !== 'topk' && p.compression !== 'randomk') {
    problems.push(
      warning(`${name}: keepFraction applies to compression topk and randomk only; with compression ${p.compression} it is ignored.`, node.id, 'params.keepFraction'),
    );
  }
  if (p.errorFeedback && p.compression === 'none') {
    problems.push(
      warning(`${name}: errorFeedback corrects what compression drops, and compression none drops nothing, so it does nothing. Choose a compression or turn errorFeedback off.`, node.id, 'params.errorFeedback'),
    );
  }
  return problems;
}

/** An aggregator's compression settings against the client groups feeding it. */
export function aggregatorCompressionProblems(agg: PipelineNode, p: AggregatorParams, groups: readonly { node: PipelineNode; params: ClientParams }[]): Problem[] {
  const problems: Problem[] = [];
  const name = nodeName(agg);
  if (sets(agg, 'downlinkBits') && p.downlinkCompression !== 'quantize') {
    problems.push(warning(`${name}: downlinkBits applies to downlinkCompression quantize only; with none it is ignored.`, agg.id, 'params.downlinkBits'));
  }
  if (p.signVote) {
    const others = groups.filter((g) => g.params.compression !== 'sign');
    if (others.length > 0) {
      const list = others.map((g) => `${nodeName(g.node)} (compression ${g.params.compression})`).join(', ');
      problems.push({
        severity: 'error',
        message: `${name}: signVote takes a majority vote over sign-coded updates, but ${list} ${others.length === 1 ? 'does' : 'do'} not send signs. Set compression sign on every client node feeding it, or turn signVote off.`,
        nodeId: agg.id,
        field: 'params.signVote',
      });
    }
  }
  return problems;
}
