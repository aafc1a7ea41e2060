/** Token-bucket settings: `perMinute` refill rate, `burst` bucket size. */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/**
 * In-memory token buckets keyed by an opaque string (a conversation, or a
 * hashed client address). Buckets that have refilled completely carry no
 * information and are dropped by {@link RateLimiter.sweep}; `maxKeys` bounds
 * memory if many keys appear at once.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `key`; false means the caller is over the limit. */
  take(key: string): boolean {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.sweep();
      // Still full after a sweep: refuse rather than grow without bound.
      if (this.buckets.size >= this.maxKeys) return false;
      bucket = { tokens: this.limit.burst, updated: now };
      this.buckets.set(key, bucket);
    } else {
      this.refill(bucket, now);
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Seconds until `key` may try again (for the Retry-After header). */
  retryAfterSeconds(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / this.limit.perMinute));
  }

  /** Forgets a key (its conversation ended). */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  /** Drops buckets that are full again; returns how many remain. */
  sweep(): number {
    const now = this.now();
    for (const [key, bucket] of this.buckets) {
      this.refill(bucket, now);
      if (bucket.tokens >= this.limit.burst) this.buckets.delete(key);
    }
    return this.buckets.size;
  }

  private refill(bucket: Bucket, now: number): void {
    const elapsed = now - bucket.updated;
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (elapsed * this.limit.perMinute) / 60_000);
    bucket.updated = now;
  }
}
