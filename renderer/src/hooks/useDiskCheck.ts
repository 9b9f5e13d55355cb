import { useEffect } from 'react';
import { checkFilesOnDisk } from '../actions/fileActions.js';
import { useServices } from './useServices.js';

/**
 * When the window comes back (focus, or the tab shown again), compares each open file with the disk: a
 * clean tab whose file another tab, window or program changed is reloaded, a dirty one marked (see
 * store/changedOnDisk.ts). One check at a time; a focus during one is covered by it.
 */
export function useDiskCheck(): void {
  const services = useServices();
  useEffect(() => {
    let running = false;
    const check = () => {
      if (running || document.visibilityState !== 'visible') return;
      running = true;
      void checkFilesOnDisk(services)
        .catch(() => undefined)
        .finally(() => {
          running = false;
        });
    };
    window.addEventListener('focus', check);
    document.addEventListener('visibilitychange', check);
    return () => {
      window.removeEventListener('focus', check);
      document.removeEventListener('visibilitychange', check);
    };
  }, [services]);
}
