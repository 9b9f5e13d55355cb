/**
 * Validation of an aggregator's differential privacy: settings its mechanism does not use (warnings),
 * a noise multiplier of 0 (a warning: no privacy at all), δ not below 1/n for n clients (a warning: an
 * (ε, δ) guarantee with δ ≥ 1/n allows revealing one client outright), and adaptive clipping whose count
 * noise cannot take its share of σ (an error, as Flower raises).
 */
import { nodeName } from './graph.js';
import type { AggregatorParams } from './params.js';
import type { PipelineNode } from './pipeline.js';
import type { Problem } from './problems.js';
import { adaptiveNoiseParams } from '../privacy/adaptiveClipping.js';

const warning = (message: string, nodeId: string, field: string): Problem => ({ severity: 'warning', message, nodeId, field });
const sets = (node: PipelineNode, name: string): boolean => Object.hasOwn(node.params, name);

const DP_FIELDS = ['clipNorm', 'noiseMultiplier', 'delta', 'epsilonBudget'] as const;
const ADAPTIVE_FIELDS = ['targetQuantile', 'clipLearningRate', 'clippedCountStddev'] as const;

/** The privacy problems of an aggregator; `clients` (sampled a round, and in all) where the document says. */
export function aggregatorPrivacyProblems(agg: PipelineNode, p: AggregatorParams, clients?: { sampled: number; total: number }): Problem[] {
  const name = nodeName(agg);
  const problems: Problem[] = [];
  const adaptive = p.privacy === 'server-adaptive' || p.privacy === 'client-adaptive';
  if (p.privacy === 'none') {
    for (const f of [...DP_FIELDS, ...ADAPTIVE_FIELDS].filter((f) => sets(agg, f))) {
      problems.push(warning(`${name}: ${f} applies only with differential privacy; with privacy none it is ignored.`, agg.id, `params.${f}`));
    }
    return problems;
  }
  if (!adaptive) {
    for (const f of ADAPTIVE_FIELDS.filter((f) => sets(agg, f))) {
      problems.push(warning(`${name}: ${f} applies to adaptive clipping only (privacy server-adaptive or client-adaptive); with ${p.privacy} it is ignored.`, agg.id, `params.${f}`));
    }
  }
  if (p.noiseMultiplier === 0) {
    problems.push(warning(`${name}: noiseMultiplier 0 adds no noise, so there is no privacy: ε is infinite. Updates are still clipped.`, agg.id, 'params.noiseMultiplier'));
  }
  if (clients && p.delta >= 1 / clients.total) {
    problems.push(
      warning(
        `${name}: delta ${p.delta} is not below 1/n for its ${clients.total} clients; an (ε, δ) guarantee with δ ≥ 1/n allows one client's data to be revealed outright. Use a delta well below ${1 / clients.total}.`,
        agg.id,
        'params.delta',
      ),
    );
  }
  if (adaptive && p.noiseMultiplier > 0 && (p.clippedCountStddev !== undefined || clients)) {
    const split = adaptiveNoiseParams(p.noiseMultiplier, clients?.sampled ?? 0, p.clippedCountStddev);
    if ('error' in split) {
      problems.push({
        severity: 'error',
        message: `${name}: ${split.error} Its default is the sampled clients / 20${clients ? ` (${clients.sampled / 20} here)` : ''}; raise clippedCountStddev or lower noiseMultiplier.`,
        nodeId: agg.id,
        field: 'params.noiseMultiplier',
      });
    }
  }
  return problems;
}
