/** Redis addresses: checked, redacted for messages, and turned into ioredis options. */
import { QueueError } from './queueError.js';

/** The URL with its password (and user name) replaced by `***`, for every message and log line. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    // Not a URL: show nothing of it that could be a secret.
    return '(an invalid Redis URL)';
  }
}

/** Throws a QueueError unless the URL is redis:// or rediss:// (TLS) with a host. */
export function checkRedisUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueError(`--redis must be a URL such as redis://host:6379 or rediss://:password@host:6380 (got ${redactRedisUrl(url)}).`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new QueueError(`--redis must start with redis:// or rediss:// (got ${u.protocol}//…).`);
  }
  if (!u.hostname) throw new QueueError('--redis names no host, e.g. redis://host:6379.');
}

/** Replaces the password in any text (an ioredis message may quote the URL). */
export function redactSecret(text: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return text;
  }
  return password ? text.split(password).join('***') : text;
}
