import { memo, useMemo } from 'react';
import { parseMarkdown, type Inline } from '../../../engine/text/markdown.js';

function Inlines({ inlines }: { inlines: Inline[] }) {
  return (
    <>
      {inlines.map((r, i) => {
        switch (r.type) {
          case 'bold':
            return <strong key={i}>{r.text}</strong>;
          case 'italic':
            return <em key={i}>{r.text}</em>;
          case 'code':
            return <code key={i}>{r.text}</code>;
          case 'text':
            return <span key={i}>{r.text}</span>;
        }
      })}
    </>
  );
}

/** Markdown shown safely: React elements from a tiny parser, never raw HTML. */
export const Markdown = memo(function Markdown({ text, className }: { text: string; className?: string }) {
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  return (
    <div className={`markdown ${className ?? ''}`}>
      {blocks.map((b, i) => {
        switch (b.type) {
          case 'heading': {
            const H = (`h${b.level + 2 > 6 ? 6 : b.level + 2}`) as 'h3' | 'h4' | 'h5';
            return (
              <H key={i}>
                <Inlines inlines={b.inlines} />
              </H>
            );
          }
          case 'paragraph':
            return (
              <p key={i}>
                <Inlines inlines={b.inlines} />
              </p>
            );
          case 'list': {
            const L = b.ordered ? 'ol' : 'ul';
            return (
              <L key={i}>
                {b.items.map((item, j) => (
                  <li key={j}>
                    <Inlines inlines={item} />
                  </li>
                ))}
              </L>
            );
          }
        }
      })}
    </div>
  );
});
