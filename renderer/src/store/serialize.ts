/** The document as the text that is saved, run and kept for recovery, and whether a tab differs from its saved text. */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';

const texts = new WeakMap<PipelineDocument, string>();

/** The document's file text (two-space JSON and a final newline); memoised per document object. */
export function documentText(doc: PipelineDocument): string {
  let text = texts.get(doc);
  if (text === undefined) {
    text = `${JSON.stringify(doc, null, 2)}\n`;
    texts.set(doc, text);
  }
  return text;
}
