/** The gradient-leakage attack's result in one sentence, for the CLI and the report. */
import type { GradientLeakage } from './gradientLeakage.js';

/** "inverted client 0's round-1 update (analytic, 1 example): label 7 inferred 7 (right), SSIM 0.998, MSE 0.0001". */
export function describeLeakage(l: GradientLeakage, classNames?: readonly string[]): string {
  const name = (k: number) => classNames?.[k] ?? String(k);
  const right = l.inferredLabel === l.trueLabel ? 'right' : 'wrong';
  const examples = `${l.examples} example${l.examples === 1 ? '' : 's'}`;
  return `inverted client ${l.clientId}'s round-${l.round} update (${l.method}, ${examples}): label ${name(l.trueLabel)} inferred ${name(l.inferredLabel)} (${right}), SSIM ${l.ssim.toFixed(3)}, MSE ${l.mse.toFixed(4)}`;
}
