/**
 * What each chart axis shows, with its unit, in one place: the Metrics panel's charts, the node previews
 * and their SVG exports all name their axes from here, so "loss" means the same thing everywhere.
 */
import type { YScale } from './scale.js';

/** The quantities the charts plot, each as its axis title: the quantity, then its unit in brackets. */
export const AXIS_TITLES = {
  round: 'round',
  accuracy: 'test accuracy (%)',
  // tf.losses.softmaxCrossEntropy takes the natural logarithm: the loss is in nats.
  loss: 'loss (cross-entropy, nats)',
  epsilon: 'ε spent (at the run’s δ)',
  client: 'client',
  label: 'label',
  count: 'examples (count)',
} as const;

/** What a bytes axis counts, for its title and the tooltip: the Metrics x axes and the bytes chart's y axis. */
export const BYTE_QUANTITIES = {
  uplink: 'cumulative uplink',
  traffic: 'cumulative up + down',
  perRound: 'bytes per round',
} as const;

/** A simulated-time axis' title in the unit its ticks are in: "simulated time (min)". */
export function simulatedTimeTitle(unit: string): string {
  return `simulated time (${unit})`;
}

/** A bytes axis' title in the unit its ticks are in: "cumulative uplink (MB)". */
export function bytesTitle(quantity: string, unit: string): string {
  return `${quantity} (${unit})`;
}

/** A y axis' title, saying when the axis is by decades. */
export function scaledTitle(title: string, scale: YScale): string {
  return scale === 'log' ? `${title}, log scale` : title;
}
