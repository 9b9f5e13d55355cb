/** The Serve dialog's fields: what a request asks for, what is not a number, and when the CLI's warning shows. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listenText } from '../../../renderer/src/store/federationView.js';
import { DEFAULT_SERVE_FORM, serveFormWarning, serveRequestOptions } from '../../../renderer/src/store/serveOptions.js';

test('the default form serves any free port on loopback, with the server defaults for the rest', () => {
  assert.deepEqual(serveRequestOptions(DEFAULT_SERVE_FORM), { options: { port: 0, host: '127.0.0.1' } });
  assert.equal(serveFormWarning(DEFAULT_SERVE_FORM), null);
});

test('numbers are read as numbers, paths as given, and a field that is not a number is named', () => {
  const form = { ...DEFAULT_SERVE_FORM, port: ' 8765 ', tlsCert: 'cert.pem', tlsKey: 'key.pem', minClients: '2', waitSeconds: '30' };
  assert.deepEqual(serveRequestOptions(form), { options: { port: 8765, host: '127.0.0.1', tlsCert: 'cert.pem', tlsKey: 'key.pem', minClients: 2, waitSeconds: 30 } });
  const bad = serveRequestOptions({ ...form, port: 'eighty', waitSeconds: 'soon' });
  assert.deepEqual(Object.keys('errors' in bad ? bad.errors : {}), ['port', 'waitSeconds']);
});

test('serving beyond loopback without TLS shows the warning fedflow serve prints, and TLS silences it', () => {
  const wide = { ...DEFAULT_SERVE_FORM, host: '0.0.0.0' };
  assert.match(serveFormWarning(wide)!, /^Warning: serving on 0\.0\.0\.0 without TLS: .*--tls-cert and --tls-key/);
  assert.match(serveFormWarning({ ...wide, host: '192.168.1.20' })!, /serving on 192\.168\.1\.20 without TLS/);
  assert.equal(serveFormWarning({ ...wide, tlsCert: 'c.pem', tlsKey: 'k.pem' }), null);
  assert.notEqual(serveFormWarning({ ...wide, tlsCert: 'c.pem' }), null, 'a certificate without its key is no TLS');
});

test('the Federation panel says where it listens', () => {
  assert.equal(listenText({ host: '0.0.0.0', port: 8765, tls: true }), 'Listening on 0.0.0.0:8765 · TLS (wss://)');
  assert.equal(listenText({ host: '::1', port: 9, tls: false }), 'Listening on [::1]:9 · no TLS (ws://)');
});
