/**
 * A client group's simulated speeds (local steps per second, from run-started) as a histogram with
 * log-scaled bins: device speeds span orders of magnitude (an old phone against a flagship), so equal
 * ratios get equal widths. Pure, so it is tested without a page; the client node's preview draws it.
 */

/** One bin: speeds in [from, to) (the last bin includes its `to`), and how many clients fall in it. */
export interface SpeedBin {
  from: number;
  to: number;
  count: number;
}

export interface SpeedHistogram {
  bins: SpeedBin[];
  /** The clients counted (speeds that are finite and above 0; a log scale has no room for the others). */
  clients: number;
  min: number;
  median: number;
  max: number;
}

/** The most bins a node's small preview draws. */
export const MAX_SPEED_BINS = 12;

/**
 * Bins the speeds on a log scale between the slowest and the fastest: `bins` of them, by default
 * Sturges' ⌈log₂ n⌉ + 1, kept within 3..12. All speeds alike make one bin. Null when there is no speed.
 */
export function speedHistogram(speeds: readonly number[], bins?: number): SpeedHistogram | null {
  const values = speeds.filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  const n = values.length;
  if (n === 0) return null;
  const min = values[0];
  const max = values[n - 1];
  const median = n % 2 === 1 ? values[(n - 1) / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  if (min === max) return { bins: [{ from: min, to: max, count: n }], clients: n, min, median, max };
  const k = Math.round(Math.min(MAX_SPEED_BINS, Math.max(1, bins ?? Math.min(MAX_SPEED_BINS, Math.max(3, Math.ceil(Math.log2(n)) + 1)))));
  const lo = Math.log(min);
  const width = (Math.log(max) - lo) / k;
  const out: SpeedBin[] = Array.from({ length: k }, (_, i) => ({
    from: i === 0 ? min : Math.exp(lo + i * width),
    to: i === k - 1 ? max : Math.exp(lo + (i + 1) * width),
    count: 0,
  }));
  for (const v of values) {
    // A hair of tolerance, so a speed on an edge (after exp/log rounding) lands in the bin it starts.
    const i = Math.floor((Math.log(v) - lo) / width + 1e-9);
    out[Math.min(k - 1, Math.max(0, i))].count++;
  }
  return { bins: out, clients: n, min, median, max };
}

/** A speed for the tooltip: 4, 20, 12.5, 0.35, 1.2k. */
export function formatSpeed(v: number): string {
  if (v >= 1000) return `${Number((v / 1000).toPrecision(3))}k`;
  if (v >= 100) return String(Math.round(v));
  return String(Number(v.toPrecision(3)));
}

/** The histogram's one-line summary, for a title or tooltip. */
export function describeSpeeds(h: SpeedHistogram): string {
  const who = `${h.clients} client${h.clients === 1 ? '' : 's'}`;
  if (h.min === h.max) return `Simulated speed of the ${who}: ${formatSpeed(h.min)} steps/s each`;
  return `Simulated speeds of the ${who} (log scale): min ${formatSpeed(h.min)}, median ${formatSpeed(h.median)}, max ${formatSpeed(h.max)} steps/s`;
}
