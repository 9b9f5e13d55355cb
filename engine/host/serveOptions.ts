/**
 * The checks of a Serve request's listening options, which come from the page and so are untrusted: the
 * port, the interface, the TLS files (both or neither, readable, PEM, a key that fits its certificate),
 * the minimum clients and the seconds to wait. A bad one is a HostError naming its field, so the Serve
 * dialog shows it beside that field; nothing here throws anything else. The files' contents go to TLS
 * only and are never sent back, so a page naming some other file learns no more than that it is not PEM.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { isKind, resolveParams } from '../format/resolveParams.js';
import { parsePipelineText } from '../format/validate.js';
import type { FederationServerOptions } from '../remote/federationServer.js';
import type { ServeRequest } from './hostApi.js';
import { HostError } from './hostError.js';

/** An interface name or address: letters, digits, dots, colons and hyphens (no scheme, port or path). */
const HOST_NAME = /^[A-Za-z0-9.:-]{1,253}$/;
/** The longest wait the dialog may ask for: a day. */
const MAX_WAIT_SECONDS = 86_400;
/** A PEM file is small; a larger one is not a certificate or key, and is not read whole. */
const MAX_PEM_BYTES = 1 << 20;

/** A refusal of the request that names the field at fault. */
export function fieldError(field: string, message: string): HostError {
  return new HostError(message, [{ severity: 'error', field, message }]);
}

const given = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** Reads one PEM file the request names, or refuses naming its field. */
async function readPem(field: 'tlsCert' | 'tlsKey', what: string, file: unknown, docPath: string | null): Promise<Buffer> {
  if (typeof file !== 'string' || file.length > 4096 || file.includes('\0')) throw fieldError(field, `The TLS ${what} must be a file path.`);
  if (!isAbsolute(file) && !docPath) throw fieldError(field, `The TLS ${what} '${file}' is relative, and the document is not saved: give an absolute path.`);
  const abs = docPath ? resolve(dirname(docPath), file) : file;
  let data: Buffer;
  try {
    data = await readFile(abs);
  } catch (e) {
    throw fieldError(field, `The TLS ${what} ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (data.byteLength > MAX_PEM_BYTES || !data.includes('-----BEGIN ')) throw fieldError(field, `The TLS ${what} ${file} is not a PEM file.`);
  return data;
}

/** The FederationServer options a Serve request asks for, checked; or a HostError naming the field at fault. */
export async function serveOptionsOf(request: ServeRequest): Promise<Omit<FederationServerOptions, 'log' | 'onListening'>> {
  const { port, host, tlsCert, tlsKey, minClients, waitSeconds } = request;
  const docPath = typeof request.path === 'string' ? request.path : null;
  if (given(port) && (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)) {
    throw fieldError('port', 'The port must be a whole number from 0 to 65535 (0: any free port).');
  }
  if (given(host) && (typeof host !== 'string' || !HOST_NAME.test(host))) {
    throw fieldError('host', 'The host must be an interface address or name, such as 127.0.0.1 or 0.0.0.0.');
  }
  if (given(minClients) && (typeof minClients !== 'number' || !Number.isInteger(minClients) || minClients < 1 || minClients > 100_000)) {
    throw fieldError('minClients', 'The minimum clients must be a whole number of at least 1.');
  }
  if (given(waitSeconds) && (typeof waitSeconds !== 'number' || !Number.isFinite(waitSeconds) || waitSeconds <= 0 || waitSeconds > MAX_WAIT_SECONDS)) {
    throw fieldError('waitSeconds', `The wait must be a number of seconds above 0 and at most ${MAX_WAIT_SECONDS} (a day).`);
  }
  if (given(tlsCert) !== given(tlsKey)) {
    throw given(tlsCert) ? fieldError('tlsKey', 'TLS needs the key file too (or neither file).') : fieldError('tlsCert', 'TLS needs the certificate file too (or neither file).');
  }
  let tls: FederationServerOptions['tls'];
  if (given(tlsCert)) {
    const cert = await readPem('tlsCert', 'certificate', tlsCert, docPath);
    const key = await readPem('tlsKey', 'key', tlsKey, docPath);
    // OpenSSL's reasons (no certificate in the file, a key of another certificate) quote no byte of either file.
    try {
      createSecureContext({ cert });
    } catch (e) {
      throw fieldError('tlsCert', `The TLS certificate ${String(tlsCert)} is not a certificate (${(e as Error).message}).`);
    }
    try {
      createSecureContext({ cert, key });
    } catch (e) {
      throw fieldError('tlsKey', `The TLS key ${String(tlsKey)} is not the certificate's key (${(e as Error).message}).`);
    }
    tls = { cert, key };
  }
  return {
    ...(typeof host === 'string' && host !== '' ? { host } : {}),
    ...(typeof port === 'number' ? { port } : {}),
    ...(tls ? { tls } : {}),
    ...(typeof minClients === 'number' ? { minClients } : {}),
    ...(typeof waitSeconds === 'number' ? { waitSeconds } : {}),
  };
}

/**
 * Refuses a minimum above the clients the document's remote split expects, beside the dialog's field
 * (planning would refuse it too, but on the split's numClients, where the dialog cannot show it).
 */
export function checkMinClients(text: unknown, minClients: number | undefined): void {
  if (minClients === undefined || typeof text !== 'string') return;
  const { doc } = parsePipelineText(text);
  const remote = (doc?.nodes ?? []).flatMap((n) => (isKind(n, 'split') && resolveParams(n).method === 'remote' ? [resolveParams(n)] : []));
  // No remote split, or several: the run's planning says what is wrong with the document.
  if (remote.length !== 1 || remote[0].method !== 'remote') return;
  const seats = remote[0].numClients;
  if (minClients > seats) throw fieldError('minClients', `The minimum clients (${minClients}) is more than the ${seats} clients the remote split expects.`);
}
