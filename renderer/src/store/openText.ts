/** Turns a file's text into what a tab opens with: a document and its problems, or the raw text kept read-only. */
import type { Problem } from '../../../engine/format/problems.js';
import { parsePipelineText } from '../../../engine/format/validate.js';
import type { OpenDocumentInput } from './documentsStore.js';

/** Reads pipeline text for a new tab; nothing is lost when it cannot be parsed (the text stays, read-only). */
export function openText(
  file: { name: string; path: string | null; text: string; problems?: Problem[] },
): OpenDocumentInput {
  const parsed = parsePipelineText(file.text);
  if (parsed.doc) return { name: file.name, path: file.path, doc: parsed.doc, problems: parsed.problems };
  const problems = parsed.problems.length > 0 ? parsed.problems : (file.problems ?? []);
  return { name: file.name, path: file.path, text: file.text, problems };
}
