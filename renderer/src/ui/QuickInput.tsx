import { useEffect, useMemo, useRef, useState } from 'react';
import { useServices } from '../hooks/useServices.js';
import { useUi } from '../hooks/useUi.js';
import type { QuickPickItem } from './uiStore.js';

function matchesQuery(item: QuickPickItem, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const text = `${item.label} ${item.detail ?? ''}`.toLowerCase();
  return q.split(/\s+/).every((word) => text.includes(word));
}

/** The quick input at the top of the window: the command palette, the file picker, a file-name prompt. */
export function QuickInput() {
  const { ui } = useServices();
  const request = useUi((s) => s.quickInput);
  const [text, setText] = useState('');
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  // A new request's text is set while rendering (React's adjust-state-during-render), not in an effect: an
  // effect ran after the box was on screen, so text typed at once landed before the prompt's initial value did.
  const [shown, setShown] = useState(request);
  if (request !== shown) {
    setShown(request);
    setText(request?.kind === 'prompt' ? request.initial : '');
    setIndex(0);
  }
  useEffect(() => {
    if (!request) return;
    setTimeout(() => {
      input.current?.focus();
      input.current?.select();
    }, 0);
  }, [request]);
  const items = useMemo(() => (request?.kind === 'pick' ? request.items.filter((i) => matchesQuery(i, text)) : []), [request, text]);
  if (!request) return null;
  const finish = (value: QuickPickItem | string | null) => {
    ui.setState({ quickInput: null });
    if (request.kind === 'pick') request.resolve(value as QuickPickItem | null);
    else request.resolve(value as string | null);
  };
  return (
    <div className="quick-input-backdrop" onMouseDown={() => finish(null)}>
      <div className="quick-input" data-testid={request.testId} onMouseDown={(e) => e.stopPropagation()}>
        <input
          ref={input}
          value={text}
          placeholder={request.placeholder}
          data-testid={`${request.testId}-input`}
          onChange={(e) => {
            setText(e.target.value);
            setIndex(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') finish(null);
            else if (e.key === 'Enter') finish(request.kind === 'pick' ? (items[index] ?? null) : text.trim() || null);
            else if (e.key === 'ArrowDown') setIndex((i) => Math.min(items.length - 1, i + 1));
            else if (e.key === 'ArrowUp') setIndex((i) => Math.max(0, i - 1));
            else return;
            e.preventDefault();
          }}
        />
        {request.kind === 'pick' && (
          <ul className="quick-list">
            {items.length === 0 && <li className="quick-empty">No matching items</li>}
            {items.map((item, i) => (
              <li
                key={item.id}
                className={i === index ? 'active' : ''}
                data-testid={`quick-item-${item.id}`}
                onMouseEnter={() => setIndex(i)}
                onClick={() => finish(item)}
              >
                <span className="quick-label">{item.label}</span>
                {item.detail && <span className="quick-detail">{item.detail}</span>}
                {item.hint && <kbd>{item.hint}</kbd>}
              </li>
            ))}
          </ul>
        )}
        {request.kind === 'prompt' && <div className="quick-help">Enter to confirm, Escape to cancel</div>}
      </div>
    </div>
  );
}
