/**
 * What the workbench shows of an aggregator's gradient-inversion attack (inversionAttack): the real training
 * image of the attacked client beside the server's reconstruction, the label inferred against the true one,
 * and the SSIM and MSE between them. Pure, so the text and the state change are tested without a page.
 */
import type { GradientLeakage } from '../../../engine/attack/gradientLeakage.js';
import type { RunEvent } from '../../../engine/run/events.js';
import type { NodeRunState, RunState } from './runState.js';

/** The attack's figures in one line: "label 7 → 7 ✓ · SSIM 1.00 · MSE 0.0000". */
export function leakageText(l: Pick<GradientLeakage, 'trueLabel' | 'inferredLabel' | 'ssim' | 'mse'>): string {
  const mark = l.inferredLabel === l.trueLabel ? '✓' : '✗';
  return `label ${l.trueLabel} → ${l.inferredLabel} ${mark} · SSIM ${l.ssim.toFixed(2)} · MSE ${l.mse.toFixed(4)}`;
}

/** The aggregator node's state once its server attacked a client's update. */
export function withLeakage(state: RunState, event: Extract<RunEvent, { type: 'gradient-leakage' }>): RunState {
  const { aggregatorId, method, round, clientId, clientNodeId, examples, shape, real, reconstruction, trueLabel, inferredLabel, ssim, mse } = event;
  const node = state.nodes[aggregatorId];
  if (!node) return state;
  const leakage: GradientLeakage = { method, round, clientId, clientNodeId, examples, shape, real, reconstruction, trueLabel, inferredLabel, ssim, mse };
  return { ...state, nodes: { ...state.nodes, [aggregatorId]: { ...node, leakage } } };
}

/** The attack's result an aggregator node keeps while later rounds rebuild its state. */
export function keptLeakage(node: NodeRunState | undefined): Pick<NodeRunState, 'leakage'> {
  return node?.leakage ? { leakage: node.leakage } : {};
}
