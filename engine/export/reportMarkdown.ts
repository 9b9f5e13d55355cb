/**
 * Markdown to HTML for the report: headings, paragraphs, bullet and numbered lists, **bold**, *italic*
 * and `code`, the same small subset the workbench's notes use. Every piece of text is escaped, so a note
 * cannot inject markup; anything else shows as the text it is.
 */

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const INLINE = /(\*\*[^*]+\*\*|__[^_]+__|`[^`]+`|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/g;

/** One line's inline markup as HTML. */
export function inlineHtml(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out += escapeHtml(text.slice(last, at));
    const token = m[0];
    if (token.startsWith('**') || token.startsWith('__')) out += `<strong>${escapeHtml(token.slice(2, -2))}</strong>`;
    else if (token.startsWith('`')) out += `<code>${escapeHtml(token.slice(1, -1))}</code>`;
    else out += `<em>${escapeHtml(token.slice(1, -1))}</em>`;
    last = at + token.length;
  }
  if (last < text.length) out += escapeHtml(text.slice(last));
  return out;
}

/** Markdown text as safe HTML blocks. */
export function markdownHtml(source: string): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${inlineHtml(paragraph.join(' '))}</p>`);
    paragraph = [];
    if (list) {
      const tag = list.ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${list.items.map((i) => `<li>${i}</li>`).join('')}</${tag}>`);
    }
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
      const level = Math.min(3, heading[1].length) + 2;
      out.push(`<h${level}>${inlineHtml(heading[2])}</h${level}>`);
      continue;
    }
    const bullet = /^[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const ordered = !bullet;
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(inlineHtml(item[1]));
      continue;
    }
    if (list) {
      list.items[list.items.length - 1] += ` ${inlineHtml(line)}`;
      continue;
    }
    paragraph.push(line);
  }
  flush();
  return out.join('\n');
}
