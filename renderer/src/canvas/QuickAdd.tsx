import { useEffect, useMemo, useRef, useState } from 'react';
import { NODE_SPEC_LIST } from '../../../engine/nodes/index.js';
import { addNodeAt } from '../actions/editActions.js';
import { useServices } from '../hooks/useServices.js';
import { useUi } from '../hooks/useUi.js';
import { KindIcon } from './KindIcon.js';

/** Search-to-add: a box opened by double-clicking the canvas; Enter adds the first match where you clicked. */
export function QuickAdd() {
  const services = useServices();
  const request = useUi((s) => s.quickAdd);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return NODE_SPEC_LIST.filter((s) => !q || s.kind.includes(q) || s.title.toLowerCase().includes(q) || s.description.toLowerCase().includes(q));
  }, [query]);
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
    const spec = matches[i];
    if (!spec) return;
    addNodeAt(services, spec.kind, request.flow);
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
        {matches.map(({ kind, title, description }, i) => (
          <li
            key={kind}
            className={i === index ? 'active' : ''}
            data-testid={`quick-add-${kind}`}
            onMouseDown={(e) => {
              e.preventDefault();
              add(i);
            }}
          >
            <KindIcon kind={kind} /> {title}
            <small>{description}</small>
          </li>
        ))}
      </ul>
    </div>
  );
}
