import { useEffect } from 'react';
import { useView } from './useView.js';

export const LESSON_MODE_STORAGE_KEY = 'fedflow-lesson-mode';

/** Whether lesson mode was on when the workbench was last used (read once at start). */
export function savedLessonMode(): boolean {
  try {
    return localStorage.getItem(LESSON_MODE_STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

/** Remembers lesson mode across reloads, as the theme is. */
export function useLessonModeStorage(): void {
  const on = useView((s) => s.lessonMode);
  useEffect(() => {
    try {
      localStorage.setItem(LESSON_MODE_STORAGE_KEY, on ? 'on' : 'off');
    } catch {
      // Storage may be unavailable (private mode); the mode still applies.
    }
  }, [on]);
}
