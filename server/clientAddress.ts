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
  return withoutPort(chain[Math.max(0, chain.length - 1 - trustedHops)] as string);
}

/**
 * The address without a port: some proxies (Azure App Service's front ends)
 * write "203.0.113.7:52114" or "[2001:db8::1]:443", and a fresh source port
 * per connection must not count as a fresh client.
 */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1] as string;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4 ? (v4[1] as string) : entry;
}
