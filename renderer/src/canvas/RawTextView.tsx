import type { Problem } from '../../../engine/format/problems.js';

/** A file that could not be read as a pipeline: its text, read-only, with what is wrong. Nothing is lost. */
export function RawTextView({ text, problems, name }: { text: string; problems: Problem[]; name: string }) {
  const lines = text.split('\n');
  const bad = new Set(problems.map((p) => p.line).filter((l): l is number => l !== undefined));
  return (
    <div className="raw-view" data-testid="raw-view">
      <div className="raw-banner" data-testid="raw-banner">
        <strong>{name} could not be opened as a pipeline.</strong> Its text is shown read-only, unchanged.
        <ul>
          {problems.map((p, i) => (
            <li key={i}>
              {p.line ? `Line ${p.line}: ` : ''}
              {p.message}
            </li>
          ))}
        </ul>
      </div>
      <pre className="raw-text" data-testid="raw-text">
        {lines.map((line, i) => (
          <div key={i} className={bad.has(i + 1) ? 'raw-line bad' : 'raw-line'}>
            <span className="raw-gutter">{i + 1}</span>
            {line || ' '}
          </div>
        ))}
      </pre>
    </div>
  );
}
