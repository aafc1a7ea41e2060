import { createHash } from 'node:crypto';
import type { RouteContext } from './apiRoute';

/** A strong ETag of a JSON body: a digest of the bytes the client would receive. */
export function etagOf(json: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(json)).digest('base64url').slice(0, 27)}"`;
}

/** True when the request's If-None-Match names this ETag (the client's copy is current). */
export function clientHas(ctx: Pick<RouteContext<unknown, unknown, unknown>, 'req'>, etag: string): boolean {
  const header = ctx.req.headers['if-none-match'];
  if (!header) return false;
  const sent = (Array.isArray(header) ? header.join(',') : header).split(',').map((v) => v.trim().replace(/^W\//, ''));
  return sent.includes(etag) || sent.includes('*');
}
