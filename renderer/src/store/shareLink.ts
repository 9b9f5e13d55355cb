/**
 * Share links: the whole pipeline document (its seed included) in the URL's hash, `#pipeline=<code>`.
 * The code is `z.` + base64url of the deflate-raw compressed JSON where the platform has
 * CompressionStream('deflate-raw'), else `b.` + base64url of the JSON itself. Decoding accepts both, and a
 * damaged link gives a ShareLinkError with a sentence for the user, never a crash. Pure and DOM-free.
 */
import type { PipelineDocument } from '../../../engine/format/pipeline.js';
import { formatProblem } from '../../../engine/format/problems.js';
import { parsePipelineText } from '../../../engine/format/validate.js';

export const SHARE_HASH_KEY = 'pipeline';

/** A share link that cannot be opened; the message says why. */
export class ShareLinkError extends Error {
  override name = 'ShareLinkError';
}

type StreamCtor = new (format: string) => { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> };
const streams = globalThis as unknown as { CompressionStream?: StreamCtor; DecompressionStream?: StreamCtor };

function supports(ctor: StreamCtor | undefined): ctor is StreamCtor {
  if (!ctor) return false;
  try {
    new ctor('deflate-raw');
    return true;
  } catch {
    return false;
  }
}

async function pipe(ctor: StreamCtor, bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new ctor('deflate-raw');
  const writer = stream.writable.getWriter();
  void writer.write(bytes).catch(() => undefined);
  void writer.close().catch(() => undefined);
  const chunks: Uint8Array[] = [];
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Bytes as base64url, without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (padded or not) as bytes; throws ShareLinkError on anything else. */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) throw new ShareLinkError('The share link is damaged: it has characters a link never contains.');
  const b64 = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (b64.length % 4 === 1) throw new ShareLinkError('The share link is damaged: it was cut short.');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The document as a share code; compressed unless the platform cannot (or `compress` is false). */
export async function encodeShareCode(doc: PipelineDocument, options: { compress?: boolean } = {}): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(doc));
  if (options.compress !== false && supports(streams.CompressionStream)) {
    return `z.${toBase64Url(await pipe(streams.CompressionStream, bytes))}`;
  }
  return `b.${toBase64Url(bytes)}`;
}

/** The hash of a share link for the document: `#pipeline=<code>`. */
export async function shareHash(doc: PipelineDocument, options: { compress?: boolean } = {}): Promise<string> {
  return `#${SHARE_HASH_KEY}=${await encodeShareCode(doc, options)}`;
}

/**
 * The link to give others: the page's address without its hash and without the web host's session token
 * (`?token=…` lets whoever holds it drive this studio's host: read granted files, start runs), then `hash`.
 */
export function shareUrl(pageHref: string, hash: string): string {
  const url = new URL(pageHref);
  url.hash = '';
  url.searchParams.delete('token');
  return `${url.href.replace(/#$/, '')}${hash}`;
}

/** The share code in a URL hash (`#pipeline=…`), or null when the hash holds none. */
export function shareCodeOf(hash: string): string | null {
  const body = hash.replace(/^#/, '');
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === SHARE_HASH_KEY) return part.slice(eq + 1);
  }
  return null;
}

/** Reads a share code back into the exact document; throws ShareLinkError with the reason. */
export async function decodeShareCode(code: string): Promise<PipelineDocument> {
  const dot = code.indexOf('.');
  const kind = dot > 0 ? code.slice(0, dot) : '';
  if (kind !== 'z' && kind !== 'b') throw new ShareLinkError('This is not a FedFlow share link (it should start with z. or b.).');
  let bytes = fromBase64Url(decodeURIComponent(code.slice(dot + 1)));
  if (kind === 'z') {
    if (!supports(streams.DecompressionStream)) throw new ShareLinkError('This browser cannot read compressed share links (no DecompressionStream).');
    try {
      bytes = await pipe(streams.DecompressionStream, bytes);
    } catch {
      throw new ShareLinkError('The share link is damaged: its compressed data cannot be read.');
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ShareLinkError('The share link is damaged: it does not hold text.');
  }
  const { doc, problems } = parsePipelineText(text);
  if (!doc) {
    const first = problems[0];
    throw new ShareLinkError(`The share link does not hold a pipeline${first ? `: ${formatProblem(first)}` : '.'}`);
  }
  return doc;
}
