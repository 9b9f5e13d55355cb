/**
 * Fetching Electron's binary for `npm start`: a network that never answers is given up on after a short
 * connect timeout, and a failed try is remembered, so the next starts open the browser at once instead of
 * trying again; a day later, with --retry-download, or for a new Electron version, it is tried again.
 * The network and the installer are stand-ins: nothing here waits on a real network.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { downloadEndpoint, fetchElectron, probeConnect, readMarker, RETRY_AFTER_MS, type ElectronFetch } from '../../../engine/cli/electronDownload.js';

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'fedflow-electron-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A socket that never connects, never fails: a network that drops every packet. */
const silentNetwork = () => new Socket();

describe('a network that never answers', () => {
  test('the connect is given up on after its timeout, with a sentence saying so', { timeout: 5000 }, async () => {
    const reason = await probeConnect('github.com', 443, 30, silentNetwork);
    assert.equal(reason, 'github.com:443 did not answer within 0.03 s');
  });

  test('a refused connection says so at once', { timeout: 5000 }, async () => {
    const refusing = () => {
      const socket = new Socket();
      setImmediate(() => socket.emit('error', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })));
      return socket;
    };
    assert.equal(await probeConnect('example.test', 8443, 60_000, refusing), 'cannot reach example.test:8443 (ECONNREFUSED)');
  });
});

describe('fetching Electron', () => {
  /** A fetch whose network never answers (30 ms timeout) and whose installer counts its calls. */
  function setup(name: string, over: Partial<ElectronFetch> = {}) {
    const calls = { probe: 0, install: 0 };
    let clock = Date.parse('2025-03-01T10:00:00Z');
    const said: string[] = [];
    const fetch: ElectronFetch = {
      installer: '/nowhere/electron/install.js',
      electronVersion: '39.8.10',
      marker: join(tmp, name, 'electron-download.json'),
      now: () => clock,
      cached: () => false,
      probe: () => {
        calls.probe++;
        return probeConnect('github.com', 443, 30, silentNetwork);
      },
      install: () => {
        calls.install++;
        return Promise.resolve('should not run');
      },
      binary: () => null,
      ...over,
    };
    return { calls, said, fetch, err: (l: string) => said.push(l), advance: (ms: number) => (clock += ms) };
  }

  test('a failed try is remembered with its time and reason, and the next start does not try again', { timeout: 5000 }, async () => {
    const { calls, said, fetch, err, advance } = setup('remembered');
    assert.equal(await fetchElectron(fetch, err), null);
    assert.deepEqual(calls, { probe: 1, install: 0 }, 'the installer is not run when the network does not answer');
    const marker = readMarker(fetch.marker);
    assert.deepEqual(marker, { failedAt: '2025-03-01T10:00:00.000Z', reason: 'no internet access: github.com:443 did not answer within 0.03 s', electronVersion: '39.8.10' });
    assert.match(said.join('\n'), /Could not fetch it: no internet access: .* Not tried again for a day \(or run `npm start -- --retry-download`\)\./);

    said.length = 0;
    advance(60 * 60 * 1000);
    assert.equal(await fetchElectron(fetch, err), null);
    assert.deepEqual(calls, { probe: 1, install: 0 }, 'an hour later: no new try');
    assert.match(said.join('\n'), /the last try, at 2025-03-01T10:00:00\.000Z, failed \(no internet access:/);
    assert.match(said.join('\n'), /`npm start -- --retry-download`/);
  });

  test('it is tried again a day later, with --retry-download, or for another Electron version', { timeout: 5000 }, async () => {
    const { calls, fetch, err, advance } = setup('retried');
    await fetchElectron(fetch, err);
    assert.equal(calls.probe, 1);
    await fetchElectron({ ...fetch, retry: true }, err);
    assert.equal(calls.probe, 2, '--retry-download');
    await fetchElectron({ ...fetch, electronVersion: '40.0.0' }, err);
    assert.equal(calls.probe, 3, 'a new version');
    advance(RETRY_AFTER_MS + 1);
    await fetchElectron(fetch, err);
    assert.equal(calls.probe, 4, 'a day later');
  });

  test('where the network answers, the installer runs and its binary is returned; a failing installer is remembered', async () => {
    let installed = false;
    const ok = setup('installed', {
      probe: () => Promise.resolve(null),
      install: () => {
        installed = true;
        return Promise.resolve(null);
      },
      binary: () => (installed ? '/opt/electron/electron' : null),
    });
    assert.equal(await fetchElectron(ok.fetch, ok.err), '/opt/electron/electron');
    assert.equal(readMarker(ok.fetch.marker), null, 'nothing to remember');

    const failing = setup('installer-failed', { probe: () => Promise.resolve(null), install: () => Promise.resolve('HTTPError: 404') });
    assert.equal(await fetchElectron(failing.fetch, failing.err), null);
    assert.equal(JSON.parse(readFileSync(failing.fetch.marker, 'utf8')).reason, 'HTTPError: 404');
  });

  test('the connect goes to the proxy or mirror the download would use', () => {
    assert.deepEqual(downloadEndpoint({}), { host: 'github.com', port: 443 });
    assert.deepEqual(downloadEndpoint({ ELECTRON_MIRROR: 'https://npmmirror.com/mirrors/electron/' }), { host: 'npmmirror.com', port: 443 });
    assert.deepEqual(downloadEndpoint({ HTTPS_PROXY: 'http://proxy.local:3128' }), { host: 'proxy.local', port: 3128 });
  });
});
