import { createHmac } from 'node:crypto';
import type { CounterStore } from '../../models/counterStore';

/** A limit as a rate and a burst: `burst` requests per `burst / perMinute` minutes. */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

/** A limiter's answer. */
export interface LimitDecision {
  ok: boolean;
  /** For Retry-After when refused. */
  retryAfterSeconds: number;
}

/**
 * A rate limit shared by every instance: fixed windows of `burst` requests
 * per `burst / perMinute` minutes in the shared counter store (MongoDB), so
 * the limit does not multiply with the number of instances. Keys (a
 * conversation id, a client address) are stored only as HMACs under the
 * store's shared key.
 */
export class RateLimiter {
  private readonly windowMs: number;

  constructor(
    private readonly store: CounterStore,
    /** Names the limit in the counter ids (`post`, `read`, `token`). */
    private readonly name: string,
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.windowMs = Math.max(1000, Math.round((limit.burst * 60_000) / limit.perMinute));
  }

  /** Counts one request for `key`. */
  async take(key: string): Promise<LimitDecision> {
    const window = await this.store.hit(await this.id(key), this.windowMs);
    if (window.count <= this.limit.burst) return { ok: true, retryAfterSeconds: 0 };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - this.now()) / 1000)) };
  }

  /** Forgets `key` (its conversation ended). */
  async forget(key: string): Promise<void> {
    await this.store.reset(await this.id(key));
  }

  private async id(key: string): Promise<string> {
    return `dl:${this.name}:${createHmac('sha256', await this.store.sharedSecret()).update(key).digest('base64url')}`;
  }
}
