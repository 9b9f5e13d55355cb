import { useEffect, useRef } from 'react';
import { useRun } from '../hooks/useRun.js';

/** The run log: what started, each round's figures, the result or the failure. */
export function OutputPanel() {
  const log = useRun((s) => s.log);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [log.length]);
  if (log.length === 0) return <div className="panel-empty" data-testid="output-log">Nothing yet. Run a pipeline (F5) to see its progress here.</div>;
  return (
    <div className="output" data-testid="output-log">
      {log.map((line, i) => (
        <div key={i} className={`output-line ${line.level}`}>
          {line.text}
        </div>
      ))}
      <div ref={end} />
    </div>
  );
}
