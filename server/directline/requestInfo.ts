import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The bearer token of a request, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/**
 * This server's origin as the browser sees it. A TLS-terminating proxy
 * says so with X-Forwarded-Proto; the value only shapes URLs handed back to
 * the same client, so trusting it cannot redirect anyone else.
 */
export function publicOrigin(req: IncomingMessage, scheme: 'http' | 'ws' = 'http'): string {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim();
  const secure = forwarded === 'https' || (req.socket as { encrypted?: boolean }).encrypted === true;
  const host = req.headers.host ?? 'localhost';
  if (scheme === 'ws') return `${secure ? 'wss' : 'ws'}://${host}`;
  return `${secure ? 'https' : 'http'}://${host}`;
}

/** Compares two secrets in constant time. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
