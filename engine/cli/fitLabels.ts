/**
 * Shortening federation labels to a column's width without losing what tells them apart: where labels
 * share a beginning or an end ("FedAvg · E=5, B=10" and "FedAvg · E=1, B=10"), the cut falls in the
 * shared part and the part that differs stays whole where it fits.
 */

/** Characters after which a label may be cut: word and list separators. */
const SEPARATOR = /[\s·,;:/|()[\]{}]/;

/** Length of the common beginning of a and b. */
function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Length of the common end of a and b. */
function commonSuffix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

/**
 * The span of `label` that differs from every other label: from the first character where it departs
 * from the label it shares the longest beginning with, to the last where it departs from the one it
 * shares the longest end with; widened to whole words, so "E=5" is kept rather than "5".
 */
export function differingSpan(label: string, others: readonly string[]): [start: number, end: number] {
  const rivals = others.filter((o) => o !== label);
  if (rivals.length === 0) return [0, 0]; // nothing to tell apart: the beginning reads best
  let start = Math.max(...rivals.map((o) => commonPrefix(label, o)));
  let end = label.length - Math.max(...rivals.map((o) => commonSuffix(label, o)));
  if (end <= start) end = Math.min(label.length, start + 1); // one label is the other plus a part
  const inWord = (i: number) => i > 0 && i < label.length && !SEPARATOR.test(label[i - 1]) && !SEPARATOR.test(label[i]);
  while (inWord(start)) start--;
  while (inWord(end)) end++;
  return [start, end];
}

/** label[from, to) with '…' where it was cut. */
function cut(label: string, from: number, to: number): string {
  return `${from > 0 ? '…' : ''}${label.slice(from, to).trim()}${to < label.length ? '…' : ''}`;
}

/** `label` in at most `width` characters, keeping [start, end) where it fits, '…' marking each cut. */
function window(label: string, width: number, [start, end]: [number, number]): string {
  if (label.length <= width) return label;
  if (width <= 1) return '…'.slice(0, width);
  // The beginning, cut at the end, where that keeps the differing part: the usual, easiest to read.
  if (end <= width - 1) return cut(label, 0, width - 1);
  // The end, cut at the beginning.
  if (label.length - start <= width - 1) return cut(label, label.length - (width - 1), label.length);
  // The differing part runs from the beginning: the beginning it is.
  if (start === 0) return cut(label, 0, width - 1);
  // From the differing part on, with a cut on each side: all of it where there is room, else its beginning.
  return cut(label, start, start + width - 2);
}

/** A label without the spaces around its separators: "FedAvg · E=5, B=10" → "FedAvg·E=5,B=10". */
const compact = (label: string) => label.replace(/\s*([·,;:|/])\s*/g, '$1');

/**
 * Each label in at most `width` characters, as told apart from the others as the room allows: a label
 * that fits is kept as it is; one that does not first loses the spaces around its separators, then is
 * cut where the labels agree.
 */
export function fitLabels(labels: readonly string[], width: number): string[] {
  const compacted = labels.map(compact);
  return labels.map((label, i) => (label.length <= width ? label : window(compacted[i], width, differingSpan(compacted[i], compacted))));
}
