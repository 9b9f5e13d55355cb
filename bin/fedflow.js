#!/usr/bin/env node
// The published entry: the CLI is compiled TypeScript under dist/ (run `npm run build` in a checkout).
import { fileURLToPath } from 'node:url';

import('../dist/engine/cli/main.js').then(
  (m) => m.main(process.argv.slice(2)).then((code) => { process.exitCode = code; }),
  (err) => {
    // Not a raw stack: say what is missing and how to get it (the stack only with --debug / FEDFLOW_DEBUG=1).
    const built = !(err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('main.js'));
    const root = fileURLToPath(new URL('..', import.meta.url));
    console.error(built ? `fedflow: could not start: ${err && err.message ? err.message.split('\n')[0] : err}` : `fedflow: the command line is not built (dist/engine/cli/main.js is missing): run \`npm run build\` in ${root}`);
    if (process.argv.includes('--debug') || process.env.FEDFLOW_DEBUG === '1') console.error(err);
    process.exitCode = 1;
  },
);
