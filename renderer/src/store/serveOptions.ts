/**
 * The Serve dialog's fields as the user typed them, read into a Serve request's listening options (kept
 * across reloads by hooks/serveFormStorage.ts). Numbers are checked here only as numbers; the host checks
 * every field again and names the one at fault.
 */
import type { ServeRequest } from '../../../engine/host/hostApi.js';
import { plainTextWarning } from '../../../engine/remote/plainTextWarning.js';

/** The listening options a Serve request may carry, as the dialog's fields (and the host's problems) name them. */
export const SERVE_FIELDS = ['port', 'host', 'tlsCert', 'tlsKey', 'minClients', 'waitSeconds'] as const;

export type ServeField = (typeof SERVE_FIELDS)[number];

/** Every field's text; an empty one means the server's default. */
export type ServeForm = Record<ServeField, string>;

/** A sentence per field at fault. */
export type ServeFieldErrors = Partial<Record<ServeField, string>>;

/** What the dialog starts with the first time: any free port on loopback, no TLS, the server's waits. */
export const DEFAULT_SERVE_FORM: ServeForm = { port: '0', host: '127.0.0.1', tlsCert: '', tlsKey: '', minClients: '', waitSeconds: '' };

const NUMERIC: Partial<Record<ServeField, string>> = {
  port: 'The port must be a whole number from 0 to 65535 (0: any free port).',
  minClients: 'The minimum clients must be a whole number of at least 1.',
  waitSeconds: 'The wait must be a number of seconds.',
};

/** The request options the fields ask for, or the fields whose text is not a number where one is needed. */
export function serveRequestOptions(form: ServeForm): { options: Partial<ServeRequest> } | { errors: ServeFieldErrors } {
  const options: Partial<ServeRequest> = {};
  const errors: ServeFieldErrors = {};
  for (const field of SERVE_FIELDS) {
    const text = form[field].trim();
    if (text === '') continue;
    if (NUMERIC[field] === undefined) {
      (options as Record<string, unknown>)[field] = text;
      continue;
    }
    const n = Number(text);
    if (!Number.isFinite(n)) errors[field] = NUMERIC[field];
    else (options as Record<string, unknown>)[field] = n;
  }
  return Object.keys(errors).length > 0 ? { errors } : { options };
}

/** The warning `fedflow serve` prints for these fields (beyond loopback without TLS), or null. */
export function serveFormWarning(form: ServeForm): string | null {
  const tls = form.tlsCert.trim() !== '' && form.tlsKey.trim() !== '';
  return plainTextWarning(form.host.trim() || '127.0.0.1', tls);
}
