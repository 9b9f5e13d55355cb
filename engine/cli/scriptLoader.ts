/**
 * Loaded with `node --import` by `fedflow script` (after tsx's loader): registers scriptHooks.ts, so that
 * the script's `import … from 'fedflow-studio'` finds this installation from any folder.
 */
import { register } from 'node:module';

register('./scriptHooks.js', import.meta.url);
