/** The many-clients scenarios run in child processes so that each one's peak memory is its own. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const peakRss = fileURLToPath(new URL('../../bench/peakRss.js', import.meta.url));

describe('peak RSS of a bench child process', () => {
  it('counts what the child used, not what the process that started it held', { timeout: 30_000 }, async () => {
    // Hold ~300 MB here, touched so it is resident, then start a child that allocates almost nothing.
    const held = Buffer.alloc(300 * 2 ** 20, 1);
    const script = `import(${JSON.stringify(peakRss)}).then((m) => console.log(m.peakRssMB()))`;
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', script], (err, stdout) => (err ? reject(err) : resolve(stdout)));
    });
    const mb = Number(out.trim());
    assert.ok(held.length > 0);
    assert.ok(mb > 0 && mb < 200, `the child reported ${mb} MB while its parent held 300 MB`);
  });
});
