/** Large documents parsed off the loop, from a process started with `node -e` as a user's one-liner is. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { node } from '../../helpers/spawnNode.js';

const PARSER = new URL('../../../engine/host/parseOffLoop.js', import.meta.url).href;
const TEMPLATE = new URL('../../../../templates/mnist-fedavg.fedflow.json', import.meta.url);

test('a process started with node -e parses a document in a worker thread (its --input-type is not passed on)', async () => {
  const script = [
    `import { readFileSync } from 'node:fs';`,
    `const { createOffLoopParser } = await import(${JSON.stringify(PARSER)});`,
    `const parser = createOffLoopParser(0);`,
    `const r = await parser.parse(readFileSync(new URL(${JSON.stringify(TEMPLATE.href)}), 'utf8'));`,
    `await parser.close();`,
    `process.stdout.write(JSON.stringify({ doc: r.doc !== undefined, problems: r.problems }));`,
  ].join('\n');
  const r = await node(['--input-type=module', '-e', script], undefined, 30_000);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { doc: true, problems: [] });
});
