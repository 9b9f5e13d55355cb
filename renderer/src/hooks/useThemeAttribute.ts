import { useEffect } from 'react';
import { useView } from './useView.js';

export const THEME_STORAGE_KEY = 'fedflow-theme';

/** Puts the theme on <html data-theme> (the CSS variables follow it) and remembers it. */
export function useThemeAttribute(): void {
  const theme = useView((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem(THEME_STORAGE_KEY, theme);
    } catch {
      // Storage may be unavailable (private mode); the theme still applies.
    }
  }, [theme]);
}
