/** Line colours for series (federations, clients), readable on both themes. */
export const SERIES_COLORS = ['#4f9dde', '#e0a030', '#40b080', '#e05a70', '#a070e0', '#30b8c0', '#d08050', '#8a9a40', '#c060b0', '#7080a0'];

/** The colour of the i-th series. */
export function seriesColor(i: number): string {
  return SERIES_COLORS[((i % SERIES_COLORS.length) + SERIES_COLORS.length) % SERIES_COLORS.length];
}
