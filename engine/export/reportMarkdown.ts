/**
 * Markdown to HTML for the report. The notes are parsed by the same small reader the workbench uses
 * (engine/text/markdown.ts: headings, paragraphs, lists, **bold**, *italic*, `code`); every piece of
 * text is escaped here, so a note cannot inject markup.
 */
import { parseMarkdown, type Inline } from '../text/markdown.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const INLINE_TAG = { bold: 'strong', italic: 'em', code: 'code' } as const;

function inlinesHtml(inlines: readonly Inline[]): string {
  return inlines.map((i) => (i.type === 'text' ? escapeHtml(i.text) : `<${INLINE_TAG[i.type]}>${escapeHtml(i.text)}</${INLINE_TAG[i.type]}>`)).join('');
}

/** Markdown text as safe HTML blocks; headings start at <h3> so they sit under the report's own. */
export function markdownHtml(source: string): string {
  return parseMarkdown(source)
    .map((block) => {
      switch (block.type) {
        case 'heading':
          return `<h${block.level + 2}>${inlinesHtml(block.inlines)}</h${block.level + 2}>`;
        case 'paragraph':
          return `<p>${inlinesHtml(block.inlines)}</p>`;
        case 'list': {
          const tag = block.ordered ? 'ol' : 'ul';
          return `<${tag}>${block.items.map((item) => `<li>${inlinesHtml(item)}</li>`).join('')}</${tag}>`;
        }
      }
    })
    .join('\n');
}
