import type { IncomingMessage } from 'node:http';

/**
 * The client's address, for rate limits only (never stored or logged as
 * such). Behind `trustedHops` proxies that this deployment runs, the peer
 * is the nearest proxy and each proxy appended the address it saw to
 * X-Forwarded-For; the client is then the rightmost entry no trusted proxy
 * wrote — the one `trustedHops` places left of the peer. Entries further
 * left were written by the client itself and are ignored: trusting the
 * first entry let anyone pick a fresh address per request. With fewer
 * entries than hops (a request that did not pass every proxy), the
 * leftmost one is taken.
 */
export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  const peer = req.socket?.remoteAddress ?? 'unknown';
  if (trustedHops <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : header ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustedHops)] as string;
}
