/** Smoke test of `npm run bench`: a quick centralized measurement runs, exits 0 and writes its figures. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// This file runs from dist/test/bench/; the repository root is three folders up.
const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('bench', () => {
  it('measures centralized training and writes the figures as JSON', { timeout: 60_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'fedflow-bench-'));
    try {
      const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [join(root, 'dist', 'bench', 'main.js'), '--quick', '--only', 'centralized', '--out', out],
          { cwd: root, timeout: 50_000 },
          (err, so, se) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: so, stderr: se }),
        );
      });
      assert.equal(code, 0, `bench exited ${code}:\n${stderr}`);
      assert.match(stdout, /Centralized training/);
      const files = readdirSync(out);
      assert.ok(files.includes('latest.json'), `no latest.json in ${files.join(', ')}`);
      assert.ok(files.some((f) => /^bench-.*\.json$/.test(f)));
      const report = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as {
        environment: { node: string; cores: number; quick: boolean };
        sections: { centralized: { data: { workload: string; samplesPerSec: number }[] } };
        errors: unknown[];
      };
      assert.equal(report.environment.node, process.version);
      assert.ok(report.environment.cores >= 1);
      assert.equal(report.environment.quick, true);
      assert.deepEqual(report.errors, []);
      const figures = report.sections.centralized.data;
      assert.ok(figures.length > 0);
      for (const f of figures) assert.ok(f.samplesPerSec > 0, `${f.workload}: ${f.samplesPerSec} samples/s`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
