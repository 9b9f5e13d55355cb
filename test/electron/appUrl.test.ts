/** Who may call the desktop app's host: the app's own page only (Electron itself is not needed to test this). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APP_INDEX_URL, devServerUrl, isExternalLink, isTrustedSender } from '../../electron/appUrl.js';

describe('the IPC sender check', () => {
  it("accepts the app's own index page, with any query or hash", () => {
    for (const url of [APP_INDEX_URL, 'app://fedflow/', 'app://fedflow/index.html?x=1', 'app://fedflow/index.html#/runs']) {
      assert.equal(isTrustedSender(url), true, url);
    }
  });

  it('refuses other pages, hosts, schemes and missing frames', () => {
    for (const url of [
      null,
      undefined,
      '',
      'not a url',
      'app://fedflow/other.html',
      'app://fedflow/assets/app.js',
      'app://evil/index.html',
      'app://user:pw@fedflow/index.html',
      'file:///home/me/dist/renderer/index.html',
      'https://evil.example/index.html',
      'http://localhost:5173/',
      'about:blank',
      'data:text/html,<script>1</script>',
    ]) {
      assert.equal(isTrustedSender(url), false, String(url));
    }
  });

  it('accepts the dev server only when one is set, and only its origin', () => {
    const dev = 'http://localhost:5173/';
    assert.equal(isTrustedSender('http://localhost:5173/', dev), true);
    assert.equal(isTrustedSender('http://localhost:5173/src/main.tsx', dev), true);
    assert.equal(isTrustedSender('http://localhost:5174/', dev), false);
    assert.equal(isTrustedSender('http://127.0.0.1:5173/', dev), false);
    assert.equal(isTrustedSender(APP_INDEX_URL, dev), true);
  });

  it('takes only local dev servers, and opens only https links outside the app', () => {
    assert.equal(devServerUrl('http://localhost:5173'), 'http://localhost:5173/');
    assert.equal(devServerUrl('http://127.0.0.1:5173/'), 'http://127.0.0.1:5173/');
    assert.equal(devServerUrl('https://evil.example/'), undefined);
    assert.equal(devServerUrl('file:///x'), undefined);
    assert.equal(devServerUrl(undefined), undefined);
    assert.equal(isExternalLink('https://flower.ai/docs'), true);
    for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'app://fedflow/index.html', 'nope']) {
      assert.equal(isExternalLink(url), false, url);
    }
  });
});
