/**
 * Byte counts for people: "512 B", "31.4 kB", "1.23 MB", "4.5 GB". Decimal units (1 kB = 1000 B), as
 * network traffic is counted, so a figure reads the same as a link's speed in Mbit/s.
 */

/** The units a byte count is written in, smallest first. */
export const BYTE_UNITS = [
  { unit: 'B', bytes: 1 },
  { unit: 'kB', bytes: 1e3 },
  { unit: 'MB', bytes: 1e6 },
  { unit: 'GB', bytes: 1e9 },
  { unit: 'TB', bytes: 1e12 },
] as const;

/** One of BYTE_UNITS. */
export type ByteUnit = (typeof BYTE_UNITS)[number];

/** The largest unit of which `bytes` holds at least one (bytes for less than a kilobyte). */
export function byteUnit(bytes: number): ByteUnit {
  const a = Math.abs(bytes);
  for (let i = BYTE_UNITS.length - 1; i > 0; i--) if (a >= BYTE_UNITS[i].bytes) return BYTE_UNITS[i];
  return BYTE_UNITS[0];
}

/** Three significant digits at most: 1.23, 12.3, 123. */
const threeDigits = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/**
 * A byte count in at most seven characters: whole bytes under a kilobyte, else three significant digits
 * in the largest unit that keeps the number under 1000 ("999.6 kB" reads "1.00 MB", not "1000 kB").
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} B`;
  const sign = bytes < 0 ? '-' : '';
  const a = Math.abs(bytes);
  if (Math.round(a) < 1000) return `${sign}${Math.round(a)} B`;
  let i = BYTE_UNITS.indexOf(byteUnit(a));
  let text = threeDigits(a / BYTE_UNITS[i].bytes);
  if (Number(text) >= 1000 && i < BYTE_UNITS.length - 1) text = threeDigits(a / BYTE_UNITS[++i].bytes);
  return `${sign}${text} ${BYTE_UNITS[i].unit}`;
}
