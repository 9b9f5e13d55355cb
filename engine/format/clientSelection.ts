/** The `clients` field of a client node: which of the split's clients a group takes (`all`, `0-7`, `0,3,8-9`). */

export type SelectionResult = { ok: true; ids: number[] } | { ok: false; message: string };

/** Inclusive client-number ranges `[from, to]`, sorted and disjoint. */
export type ClientRanges = readonly (readonly [number, number])[];

/** A selection as ranges, without listing every client (validation reads a million-client `all` in O(1)). */
export type RangesResult = { ok: true; ranges: ClientRanges; count: number } | { ok: false; message: string };

/** Parses a client selection against a split of `numClients` clients into sorted, disjoint ranges. */
export function parseClientRanges(text: string, numClients: number): RangesResult {
  const trimmed = text.trim();
  if (trimmed === 'all') return { ok: true, ranges: numClients > 0 ? [[0, numClients - 1]] : [], count: numClients };
  const parts: [number, number][] = [];
  for (const part of trimmed.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) {
      return { ok: false, message: `"${part.trim()}" is not a client number or range; write e.g. all, 0-7 or 0,3,8-9.` };
    }
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return { ok: false, message: `The range ${from}-${to} runs backwards; write ${to}-${from}.` };
    if (to >= numClients) {
      return {
        ok: false,
        message: `Client ${to} does not exist: the split makes ${numClients} clients, numbered 0 to ${numClients - 1}.`,
      };
    }
    parts.push([from, to]);
  }
  parts.sort((a, b) => a[0] - b[0]);
  const ranges: [number, number][] = [];
  for (const [from, to] of parts) {
    const last = ranges[ranges.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else ranges.push([from, to]);
  }
  return { ok: true, ranges, count: ranges.reduce((s, [from, to]) => s + to - from + 1, 0) };
}

/** Parses a client selection against a split of `numClients` clients into sorted, distinct ids. */
export function parseClientSelection(text: string, numClients: number): SelectionResult {
  const parsed = parseClientRanges(text, numClients);
  if (!parsed.ok) return parsed;
  const ids = new Array<number>(parsed.count);
  let k = 0;
  for (const [from, to] of parsed.ranges) for (let i = from; i <= to; i++) ids[k++] = i;
  return { ok: true, ids };
}

/**
 * Which group took which of a split's clients, kept as ranges: claiming is O(log n + segments moved), so
 * thousands of groups on one split are checked without listing their clients.
 */
export class ClientOwners<Owner> {
  /** Disjoint owned segments, sorted by `from`; each keeps the first group that took it. */
  private readonly segments: { from: number; to: number; owner: Owner }[] = [];

  /** Takes these clients for `owner`; returns the lowest one some earlier group already took, and that group. */
  claim(ranges: ClientRanges, owner: Owner): { client: number; owner: Owner } | undefined {
    let clash: { client: number; owner: Owner } | undefined;
    for (const [from, to] of ranges) {
      let i = this.firstEndingAtOrAfter(from);
      let at = from;
      while (at <= to) {
        const seg = this.segments[i];
        if (!seg || seg.from > to) {
          this.segments.splice(i, 0, { from: at, to, owner });
          break;
        }
        if (seg.from > at) {
          this.segments.splice(i, 0, { from: at, to: seg.from - 1, owner });
          i++;
        }
        const client = Math.max(at, seg.from);
        if (!clash || client < clash.client) clash = { client, owner: seg.owner };
        at = seg.to + 1;
        i++;
      }
    }
    return clash;
  }

  private firstEndingAtOrAfter(client: number): number {
    let lo = 0;
    let hi = this.segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.segments[mid].to < client) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
