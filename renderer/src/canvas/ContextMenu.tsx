import { useEffect, useLayoutEffect, useRef } from 'react';

/** One entry of a right-click menu. */
export interface MenuItem {
  id: string;
  label: string;
  /** A key hint on the right, e.g. `F2`. */
  hint?: string;
  /** A toggle's state, shown as a check mark. */
  checked?: boolean;
  disabled?: boolean;
  run(): void;
}

/**
 * A right-click menu at a point of the canvas: arrow keys move, Enter runs, Escape or a click elsewhere closes.
 * It takes the keyboard while open, so the workbench's shortcuts do not fire underneath it.
 */
export function ContextMenu({ at, items, onClose, testId }: { at: { x: number; y: number }; items: MenuItem[]; onClose(): void; testId: string }) {
  const menu = useRef<HTMLUListElement>(null);
  // Keep the whole menu inside the canvas: a click near its right or bottom edge opens it leftwards or upwards.
  useLayoutEffect(() => {
    const el = menu.current;
    const frame = el?.offsetParent as HTMLElement | null;
    if (!el || !frame) return;
    const x = Math.max(0, Math.min(at.x, frame.clientWidth - el.offsetWidth - 4));
    const y = Math.max(0, Math.min(at.y, frame.clientHeight - el.offsetHeight - 4));
    el.style.left = `${x}px`;
    el.style.top = `${y}px`;
  }, [at, items]);
  useEffect(() => {
    menu.current?.querySelector<HTMLElement>('[role=menuitem]:not([aria-disabled=true])')?.focus();
    const away = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) onClose();
    };
    // Escape closes it wherever the focus is.
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      onClose();
    };
    window.addEventListener('pointerdown', away, true);
    window.addEventListener('keydown', escape, true);
    window.addEventListener('blur', onClose);
    return () => {
      window.removeEventListener('pointerdown', away, true);
      window.removeEventListener('keydown', escape, true);
      window.removeEventListener('blur', onClose);
    };
  }, [onClose]);
  const choose = (item: MenuItem) => {
    if (item.disabled) return;
    onClose();
    item.run();
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const entries = [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]:not([aria-disabled=true])') ?? [])];
    const i = entries.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowDown') entries[(i + 1) % entries.length]?.focus();
    else if (e.key === 'ArrowUp') entries[(i - 1 + entries.length) % entries.length]?.focus();
    else if (e.key === 'Enter' || e.key === ' ') (document.activeElement as HTMLElement | null)?.click();
    else return;
    e.preventDefault();
    e.stopPropagation();
    e.nativeEvent.stopImmediatePropagation();
  };
  return (
    <ul
      ref={menu}
      role="menu"
      className="context-menu"
      data-testid={testId}
      style={{ left: at.x, top: at.y }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item) => (
        <li
          key={item.id}
          role="menuitem"
          tabIndex={-1}
          aria-disabled={item.disabled ? 'true' : undefined}
          aria-checked={item.checked === undefined ? undefined : item.checked}
          data-testid={`context-menu-item-${item.id}`}
          onClick={() => choose(item)}
        >
          <span className="context-menu-check">{item.checked ? '✓' : ''}</span>
          <span className="context-menu-label">{item.label}</span>
          {item.hint && <kbd>{item.hint}</kbd>}
        </li>
      ))}
    </ul>
  );
}
