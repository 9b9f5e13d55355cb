import { useEffect, useRef } from 'react';
import { finishRename } from '../actions/canvasActions.js';
import { useServices } from '../hooks/useServices.js';
import { useUi } from '../hooks/useUi.js';

/**
 * A node card's label, which F2 (or a double-click) turns into a text field in place: Enter or leaving the
 * field renames, as one undo step; Escape keeps the old name.
 */
export function NodeLabel({ id, tabKey, label }: { id: string; tabKey: string; label: string }) {
  const services = useServices();
  const editing = useUi((s) => s.renaming?.nodeId === id && s.renaming.tabKey === tabKey);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!editing) return;
    input.current?.focus();
    input.current?.select();
  }, [editing]);
  if (!editing) {
    return (
      <span
        className="fnode-label"
        data-testid={`node-label-${id}`}
        onDoubleClick={(e) => {
          e.stopPropagation();
          services.ui.setState({ renaming: { tabKey, nodeId: id } });
        }}
      >
        {label}
      </span>
    );
  }
  return (
    <input
      ref={input}
      className="fnode-label-input nodrag"
      data-testid={`node-rename-${id}`}
      aria-label="Node name"
      defaultValue={label}
      onKeyDown={(e) => {
        // The field's keys are its own: no shortcut, no canvas key sees them.
        e.stopPropagation();
        if (e.key === 'Enter') finishRename(services, e.currentTarget.value);
        else if (e.key === 'Escape') finishRename(services, null);
        else return;
        e.preventDefault();
      }}
      onBlur={(e) => finishRename(services, e.currentTarget.value)}
    />
  );
}
