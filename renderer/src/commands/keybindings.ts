/** Key chords: `Mod` is Ctrl, or ⌘ on macOS. */

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

interface Chord {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

function parse(chord: string): Chord {
  const parts = chord.split('+');
  const key = parts.pop()!.toLowerCase();
  return { mod: parts.includes('Mod'), shift: parts.includes('Shift'), alt: parts.includes('Alt'), key };
}

/** Whether a key event is this chord. */
export function matches(chord: string, e: KeyboardEvent): boolean {
  const c = parse(chord);
  const mod = isMac ? e.metaKey : e.ctrlKey;
  if (c.mod !== mod || c.shift !== e.shiftKey || c.alt !== e.altKey) return false;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key.toLowerCase();
  // With Shift held, e.key is the shifted character (Shift+1 gives "!"), so letters and digits also match by e.code.
  return key === c.key || (c.key.length === 1 && [`key${c.key}`, `digit${c.key}`].includes(e.code.toLowerCase()));
}

/** How a chord is shown, e.g. `Ctrl+Shift+P` or `⇧⌘P`. */
export function showChord(chord: string): string {
  const c = parse(chord);
  const key = c.key.length === 1 ? c.key.toUpperCase() : chord.split('+').pop()!;
  if (isMac) return `${c.alt ? '⌥' : ''}${c.shift ? '⇧' : ''}${c.mod ? '⌘' : ''}${key}`;
  return [c.mod ? 'Ctrl' : '', c.shift ? 'Shift' : '', c.alt ? 'Alt' : '', key].filter(Boolean).join('+');
}
