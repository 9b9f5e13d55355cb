import { useEffect, useMemo, useRef, useState } from 'react';
import { addNodeAt } from '../actions/editActions.js';
import { useServices } from '../hooks/useServices.js';
import { useUi } from '../hooks/useUi.js';
import { matchQuickAdd } from '../store/quickAddEntries.js';
import { KindIcon } from './KindIcon.js';

/** Search-to-add: a box opened by double-clicking the canvas; Enter adds the first match near where you clicked. */
export function QuickAdd() {
  const services = useServices();
  const request = useUi((s) => s.quickAdd);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => matchQuickAdd(query), [query]);
  useEffect(() => {
    if (request) {
      setQuery('');
      setIndex(0);
      input.current?.focus();
    }
  }, [request]);
  if (!request) return null;
  const close = () => services.ui.setState({ quickAdd: null });
  const add = (i: number) => {
    const entry = matches[i];
    if (!entry) return;
    addNodeAt(services, entry.kind, request.flow, { near: true, params: entry.params });
    close();
  };
  return (
    <div className="quick-add" style={{ left: request.screen.x, top: request.screen.y }} data-testid="quick-add">
      <input
        ref={input}
        value={query}
        placeholder="Add a node…"
        data-testid="quick-add-input"
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(0);
        }}
        onBlur={close}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
          else if (e.key === 'Enter') add(index);
          else if (e.key === 'ArrowDown') setIndex((i) => Math.min(matches.length - 1, i + 1));
          else if (e.key === 'ArrowUp') setIndex((i) => Math.max(0, i - 1));
          else return;
          e.preventDefault();
        }}
      />
      <ul>
        {matches.length === 0 && (
          <li className="quick-add-empty" data-testid="quick-add-empty">
            No node or setting matches “{query.trim()}”.
          </li>
        )}
        {matches.map(({ id, kind, title, detail }, i) => (
          <li
            key={id}
            className={i === index ? 'active' : ''}
            data-testid={`quick-add-${id}`}
            onMouseDown={(e) => {
              e.preventDefault();
              add(i);
            }}
          >
            <KindIcon kind={kind} /> {title}
            <small>{detail}</small>
          </li>
        ))}
      </ul>
    </div>
  );
}
