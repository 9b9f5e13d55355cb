/**
 * Exported scripts are well-typed: `tsc --noEmit` with strict settings on scripts placed inside this
 * repository, where `import … from 'fedflow-studio'` finds the package's own types through package.json's
 * "exports" (self-reference), as a project that installed fedflow-studio finds them. A deliberately broken
 * copy proves the pipeline's params and wiring are really checked.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { exportScript } from '../../../engine/export/exportScript.js';
import { awkwardDocument, dirichletFedAdam, hospitalsCsv, readTemplate } from './docs.js';
import { node, removeRepoTempDir, repoTempDir, ROOT } from './helpers.js';

let tmp: string | undefined;
after(() => {
  if (tmp) removeRepoTempDir(tmp);
});

test('exported scripts typecheck under strict settings; a wrong param or wire does not', async () => {
  tmp = repoTempDir('typecheck');
  const dir = tmp;
  const scripts: Record<string, string> = {
    'mnist.ts': exportScript(readTemplate('mnist-fedavg.fedflow.json'), { fileName: 'mnist-fedavg.fedflow.json', baseDir: join(ROOT, 'templates'), scriptPath: join(dir, 'mnist.ts') }),
    'fedadam.ts': exportScript(dirichletFedAdam()),
    'hospitals.ts': exportScript(hospitalsCsv('data/hospitals.csv'), { baseDir: join(ROOT, 'templates'), scriptPath: join(dir, 'hospitals.ts') }),
    'awkward.ts': exportScript(awkwardDocument()),
  };
  const mnist = scripts['mnist.ts'];
  const broken = mnist
    .replace("{ method: 'iid', numClients: 10 }", "{ method: 'iid', numClients: '10' }")
    .replace('{ clients: split, model: mlp }', '{ clients: mnist, model: mlp }');
  assert.notEqual(broken, mnist);
  for (const [name, text] of Object.entries({ ...scripts, 'broken.ts': broken })) writeFileSync(join(dir, name), text);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022'],
        types: ['node'],
        strict: true,
        noUnusedLocals: true,
        noUnusedParameters: true,
        noImplicitReturns: true,
        noFallthroughCasesInSwitch: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: true,
        noEmit: true,
      },
      files: [...Object.keys(scripts), 'broken.ts'],
    }),
  );
  const r = await node([join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json'), '--pretty', 'false']);
  const errors = r.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
  // Every error is in the broken copy: the string numClients, and a data set wired where a split goes.
  assert.ok(errors.length > 0, r.stdout);
  assert.deepEqual(errors.filter((l) => !/\/broken\.ts\(/.test(l)), [], r.stdout);
  assert.ok(errors.some((l) => /TS2322: Type 'string' is not assignable to type 'number'/.test(l)), r.stdout);
  assert.ok(errors.some((l) => /TS2322: Type 'NodeRef<"dataset">' is not assignable to type 'NodeRef<"split">'/.test(l)), r.stdout);
  assert.equal(r.code, 2);
});
