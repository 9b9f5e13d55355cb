/** The `clients` field of a client node: which of the split's clients a group takes (`all`, `0-7`, `0,3,8-9`). */

export type SelectionResult = { ok: true; ids: number[] } | { ok: false; message: string };

/** Parses a client selection against a split of `numClients` clients into sorted, distinct ids. */
export function parseClientSelection(text: string, numClients: number): SelectionResult {
  const trimmed = text.trim();
  if (trimmed === 'all') return { ok: true, ids: Array.from({ length: numClients }, (_, i) => i) };
  const ids = new Set<number>();
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
    for (let i = from; i <= to; i++) ids.add(i);
  }
  return { ok: true, ids: [...ids].sort((a, b) => a - b) };
}
