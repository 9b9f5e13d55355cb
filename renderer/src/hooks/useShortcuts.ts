import { useEffect } from 'react';
import { allCommands } from '../commands/commandList.js';
import { matches } from '../commands/keybindings.js';
import { useServices } from './useServices.js';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
}

/** Runs commands from the keyboard; while a text field has focus only the `inInputs` commands fire. */
export function useShortcuts(): void {
  const services = useServices();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      // A quick input (palette, picker) handles its own keys.
      if (services.ui.getState().quickInput) return;
      const typing = isTyping(e.target);
      for (const command of allCommands(services)) {
        if (!command.keys?.some((k) => matches(k, e))) continue;
        if (typing && !command.inInputs) return;
        // Copying text the user selected (in Output, say) is the browser's job, not a node copy.
        if ((command.id === 'edit.copy' || command.id === 'edit.cut') && !window.getSelection()?.isCollapsed) return;
        e.preventDefault();
        void command.run(services);
        return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [services]);
}
