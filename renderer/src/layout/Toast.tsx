import { useEffect } from 'react';
import { useServices } from '../hooks/useServices.js';
import { useUi } from '../hooks/useUi.js';

/** A short message in the corner: saved, refused connection, host errors. */
export function Toast() {
  const { ui } = useServices();
  const toast = useUi((s) => s.toast);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => {
      if (ui.getState().toast?.id === toast.id) ui.setState({ toast: null });
    }, toast.level === 'error' ? 8000 : 4000);
    return () => clearTimeout(timer);
  }, [toast, ui]);
  if (!toast) return null;
  return (
    <div className={`toast ${toast.level}`} role="status" data-testid="toast" data-level={toast.level} onClick={() => ui.setState({ toast: null })}>
      {toast.text}
    </div>
  );
}
