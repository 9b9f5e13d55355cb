/** The note node: markdown for readers; the run ignores it. */
import { noteParams } from '../format/params.js';
import { defineNodeKind } from './nodeKindSpec.js';

export const noteSpec = defineNodeKind({
  kind: 'note',
  title: 'Note',
  description: 'Markdown text for teaching; ignored by the run.',
  ports: { inputs: [], outputs: [] },
  params: noteParams,
  newParams: { text: '## Note\nWrite **markdown** here.' },
  // The canvas shows the note's text itself, so the summary line stays empty.
  summary: () => '',
  color: '#c8b560',
  icon: 'page',
  exportCall: {
    method: 'note',
    role: 'for readers; the run ignores it',
    params: 'text',
    inputs: { shape: 'none' },
    untitledTitle: 'A note',
  },
  report: {
    section: 'notes',
    // Grey on the printed page, where the canvas uses its yellow.
    color: '#9a9a9a',
    outline: 'dashed',
    text: (params) => (typeof params.text === 'string' ? params.text : ''),
  },
});
