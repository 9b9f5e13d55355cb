/**
 * The warning a federation server gives when it listens beyond loopback without TLS: `fedflow serve` prints
 * it, and the workbench's Serve dialog shows it before serving. DOM-free and Node-free, so both import it.
 */

/** The interfaces that only this machine reaches. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '::1']);

/** The warning for serving on `host` with or without TLS; null where there is nothing to warn of. */
export function plainTextWarning(host: string, tls: boolean): string | null {
  if (tls || LOOPBACK_HOSTS.has(host)) return null;
  return `Warning: serving on ${host} without TLS: the model, updates and tokens cross the network unencrypted. Give --tls-cert and --tls-key to serve wss://.`;
}
