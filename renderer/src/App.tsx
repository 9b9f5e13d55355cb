import { useEffect } from 'react';
import { bootstrap } from './actions/fileActions.js';
import { reattach } from './actions/storedRunActions.js';
import { useDiskCheck } from './hooks/useDiskCheck.js';
import { useDataChecks } from './hooks/useDataChecks.js';
import { useLessonModeStorage } from './hooks/useLessonModeStorage.js';
import { useRecoveryAutosave } from './hooks/useRecoveryAutosave.js';
import { useRunEventPump } from './hooks/useRunEventPump.js';
import { useServices } from './hooks/useServices.js';
import { useShortcuts } from './hooks/useShortcuts.js';
import { useThemeAttribute } from './hooks/useThemeAttribute.js';
import { Workbench } from './layout/Workbench.js';

/** The workbench with its global wiring: run events, crash recovery, data checks, shortcuts, theme, start-up. */
export function App() {
  const services = useServices();
  useRunEventPump();
  useRecoveryAutosave();
  useDiskCheck();
  useDataChecks();
  useShortcuts();
  useThemeAttribute();
  useLessonModeStorage();
  useEffect(() => {
    void bootstrap(services);
    // A run the host is going on with (this page reloaded, or another window started it) shows live.
    void reattach(services);
  }, [services]);
  return <Workbench />;
}
