import { createHmac, randomBytes } from 'node:crypto';

export interface ClientThrottleOptions {
  /** Failed attempts allowed per client within the window. */
  maxFailures: number;
  windowMs: number;
  /** Bound on remembered clients; the oldest are forgotten first. */
  maxEntries?: number;
  now?: () => number;
}

interface Bucket {
  failures: number;
  windowStart: number;
}

/**
 * Login throttling per client, in memory only. The client address is never
 * kept: the key is an HMAC of it under a random per-process key, so the map
 * holds nothing that can be turned back into an IP address, and nothing of it
 * survives a restart.
 */
export class ClientThrottle {
  private readonly key = randomBytes(32);
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(private readonly opts: ClientThrottleOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** The opaque key for a client address. */
  keyFor(clientAddress: string): string {
    return createHmac('sha256', this.key).update(clientAddress).digest('base64url');
  }

  /** Milliseconds until this client may try again, or 0 when it may now. */
  retryAfterMs(clientAddress: string): number {
    const bucket = this.current(this.keyFor(clientAddress));
    if (!bucket || bucket.failures < this.opts.maxFailures) return 0;
    return bucket.windowStart + this.opts.windowMs - this.now();
  }

  /** Counts one failed attempt. */
  recordFailure(clientAddress: string): void {
    const k = this.keyFor(clientAddress);
    const bucket = this.current(k) ?? { failures: 0, windowStart: this.now() };
    bucket.failures++;
    this.buckets.delete(k);
    this.buckets.set(k, bucket);
    const max = this.opts.maxEntries ?? 100_000;
    while (this.buckets.size > max) {
      const oldest = this.buckets.keys().next().value as string;
      this.buckets.delete(oldest);
    }
  }

  /** Forgets a client after a successful login. */
  reset(clientAddress: string): void {
    this.buckets.delete(this.keyFor(clientAddress));
  }

  private current(k: string): Bucket | undefined {
    const bucket = this.buckets.get(k);
    if (bucket && this.now() - bucket.windowStart >= this.opts.windowMs) {
      this.buckets.delete(k);
      return undefined;
    }
    return bucket;
  }
}
