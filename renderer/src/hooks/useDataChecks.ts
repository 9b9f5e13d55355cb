import { useEffect } from 'react';
import { startDataChecks } from '../store/dataCheckScheduler.js';
import { useServices } from './useServices.js';

/** Has the host check the active document's data after each edit, so data problems and splits show before a run. */
export function useDataChecks(): void {
  const { documents, dataChecks, host } = useServices();
  useEffect(() => startDataChecks({ documents, checks: dataChecks, host }), [documents, dataChecks, host]);
}
