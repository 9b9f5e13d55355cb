/** Share links: a document in the URL hash, compressed or plain, read back exactly; damaged links fail clearly. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { parsePipelineText } from '../../../engine/format/validate.js';
import { decodeShareCode, encodeShareCode, fromBase64Url, shareCodeOf, shareHash, ShareLinkError, shareUrl, toBase64Url } from '../../../renderer/src/store/shareLink.js';

const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'templates');

function templates(): [string, PipelineDocument][] {
  return readdirSync(TEMPLATES)
    .filter((f) => f.endsWith('.fedflow.json'))
    .map((f) => [f, parsePipelineText(readFileSync(join(TEMPLATES, f), 'utf8')).doc!]);
}

const isShareError = (pattern: RegExp) => (e: unknown) => e instanceof ShareLinkError && pattern.test(e.message);

describe('share links', () => {
  test('a share link never carries the studio session token, and keeps the rest of the address', () => {
    const hash = '#pipeline=b.e30';
    assert.equal(shareUrl('http://127.0.0.1:5170/?token=s3cr3t-Tok_en', hash), `http://127.0.0.1:5170/${hash}`);
    assert.equal(shareUrl('http://127.0.0.1:5170/?fake=1&token=abc#pipeline=old', hash), `http://127.0.0.1:5170/?fake=1${hash}`);
    assert.equal(shareUrl('http://localhost:5173/index.html', hash), `http://localhost:5173/index.html${hash}`);
  });

  test('every template round-trips exactly, compressed and plain, seed included', async () => {
    for (const [name, doc] of templates()) {
      for (const compress of [true, false]) {
        const seeded = { ...doc, seed: 123456789, name: `${doc.name} — ünïcode ✓` };
        const hash = await shareHash(seeded, { compress });
        assert.match(hash, /^#pipeline=[zb]\.[A-Za-z0-9_-]+$/, name);
        const code = shareCodeOf(hash)!;
        assert.deepEqual(await decodeShareCode(code), seeded, `${name} compress=${compress}`);
      }
    }
  });

  test('compresses where CompressionStream deflate-raw exists (shorter than plain)', async () => {
    const [, doc] = templates()[0];
    const z = await encodeShareCode(doc);
    const b = await encodeShareCode(doc, { compress: false });
    assert.ok(b.startsWith('b.'));
    if (z.startsWith('z.')) assert.ok(z.length < b.length);
  });

  test('finds the code among other hash parts, and none when absent', () => {
    assert.equal(shareCodeOf('#a=1&pipeline=b.abc'), 'b.abc');
    assert.equal(shareCodeOf('#other=1'), null);
    assert.equal(shareCodeOf(''), null);
  });

  test('base64url round-trips every byte', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    assert.deepEqual(fromBase64Url(toBase64Url(bytes)), bytes);
  });

  test('a damaged link gives a clear ShareLinkError, never a crash', async () => {
    const [, doc] = templates()[0];
    const z = await encodeShareCode(doc);
    const b = await encodeShareCode(doc, { compress: false });
    await assert.rejects(decodeShareCode('x.abc'), isShareError(/not a FedFlow share link/));
    await assert.rejects(decodeShareCode('nothing'), isShareError(/not a FedFlow share link/));
    await assert.rejects(decodeShareCode('b.@@@'), isShareError(/damaged/));
    await assert.rejects(decodeShareCode('b.a'), isShareError(/damaged/));
    await assert.rejects(decodeShareCode(b.slice(0, b.length / 2)), isShareError(/does not hold a pipeline|damaged/));
    await assert.rejects(decodeShareCode(`b.${toBase64Url(new TextEncoder().encode('{"hello": 1}'))}`), isShareError(/does not hold a pipeline/));
    await assert.rejects(decodeShareCode(`b.${toBase64Url(Uint8Array.of(0xff, 0xfe, 0x00))}`), isShareError(/damaged|does not hold/));
    if (z.startsWith('z.')) {
      await assert.rejects(decodeShareCode(`z.${toBase64Url(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8))}`), isShareError(/damaged/));
      await assert.rejects(decodeShareCode(z.slice(0, z.length - 20)), isShareError(/damaged|does not hold/));
    }
  });
});
