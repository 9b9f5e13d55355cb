#!/usr/bin/env node
// The published entry: the CLI is compiled TypeScript under dist/ (run `npm run build` in a checkout).
import('../dist/engine/cli/main.js').then((m) => m.main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err); process.exitCode = 1; },
);
