import { useCallback } from 'react';

/**
 * A drag handle between two panes. It reports the new size of the pane it belongs to: `edge` says on
 * which side of that pane the handle sits, so dragging away from the pane makes it larger.
 */
export function Splitter({
  orientation,
  size,
  edge,
  onResize,
  testId,
}: {
  orientation: 'vertical' | 'horizontal';
  size: number;
  edge: 'start' | 'end';
  onResize: (px: number) => void;
  testId: string;
}) {
  const onPointerDown = useCallback(
    (e: React.PointerEvent) => {
      e.preventDefault();
      const start = orientation === 'vertical' ? e.clientX : e.clientY;
      const handle = e.currentTarget as HTMLElement;
      handle.setPointerCapture(e.pointerId);
      document.body.classList.add(orientation === 'vertical' ? 'resizing-x' : 'resizing-y');
      const move = (ev: PointerEvent) => {
        const delta = (orientation === 'vertical' ? ev.clientX : ev.clientY) - start;
        onResize(size + (edge === 'end' ? delta : -delta));
      };
      const up = () => {
        handle.removeEventListener('pointermove', move);
        handle.removeEventListener('pointerup', up);
        document.body.classList.remove('resizing-x', 'resizing-y');
      };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', up);
    },
    [orientation, size, edge, onResize],
  );
  return <div className={`splitter splitter-${orientation}`} onPointerDown={onPointerDown} data-testid={testId} role="separator" aria-orientation={orientation} />;
}
