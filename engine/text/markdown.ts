/**
 * A tiny markdown reader for note nodes and descriptions: headings, paragraphs, bullet and numbered
 * lists, **bold**, *italic* and `code`. It produces a small tree, never HTML, so a note cannot inject
 * markup: everything else is shown as the text it is.
 */

export type Inline = { type: 'text' | 'bold' | 'italic' | 'code'; text: string };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; inlines: Inline[] }
  | { type: 'paragraph'; inlines: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] };

const INLINE = /(\*\*[^*]+\*\*|__[^_]+__|`[^`]+`|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/g;

/** Splits a line into text, bold, italic and code runs. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ type: 'text', text: text.slice(last, at) });
    const token = m[0];
    if (token.startsWith('**') || token.startsWith('__')) out.push({ type: 'bold', text: token.slice(2, -2) });
    else if (token.startsWith('`')) out.push({ type: 'code', text: token.slice(1, -1) });
    else out.push({ type: 'italic', text: token.slice(1, -1) });
    last = at + token.length;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}

/** Reads markdown text into blocks. */
export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: Inline[][] } | null = null;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', inlines: parseInline(paragraph.join(' ')) });
    paragraph = [];
    if (list) blocks.push({ type: 'list', ...list });
    list = null;
  };
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') {
      flush();
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      const level = Math.min(3, heading[1].length) as 1 | 2 | 3;
      blocks.push({ type: 'heading', level, inlines: parseInline(heading[2]) });
      continue;
    }
    const bullet = /^[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const ordered = !bullet;
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(parseInline(item[1]));
      continue;
    }
    if (list) {
      // A line right after an item continues it.
      const items = list.items;
      items[items.length - 1] = [...items[items.length - 1], { type: 'text', text: ' ' }, ...parseInline(line)];
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return blocks;
}
