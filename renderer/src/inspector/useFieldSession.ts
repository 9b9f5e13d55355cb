import { useCallback, useRef } from 'react';

let sessions = 0;

/**
 * A coalesce key for one field while it has focus: every change typed between focus and blur becomes
 * one undo step. Returns the key getter and handlers to put on the input.
 */
export function useFieldSession(fieldKey: string): { key: () => string; onFocus: () => void; onBlur: () => void } {
  const session = useRef<number | null>(null);
  const key = useCallback(() => `${fieldKey}#${session.current ?? ++sessions}`, [fieldKey]);
  const onFocus = useCallback(() => {
    session.current = ++sessions;
  }, []);
  const onBlur = useCallback(() => {
    session.current = null;
  }, []);
  return { key, onFocus, onBlur };
}
