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

/** A window as this process counts it between syncs with the shared store. */
interface LocalWindow {
  /** The shared count at the last sync plus the hits counted here since. */
  count: number;
  /** Hits counted here and not yet added to the shared store. */
  unsynced: number;
  resetAt: number;
}

/** Beyond this many windows held here, ended ones are dropped at the next new one. */
const MAX_LOCAL_WINDOWS = 10_000;
/** The longest a batched limiter keeps hits before adding them to the shared store. */
const MAX_SYNC_MS = 5000;

/**
 * A rate limit shared by every instance: fixed windows of `burst` requests
 * per `burst / perMinute` minutes in the shared counter store (MongoDB), so
 * the limit does not multiply with the number of instances. Keys (a
 * conversation id, a client address) are stored only as HMACs under the
 * store's shared key.
 *
 * `batched` (the local Direct Line's per-conversation limits, hit on every
 * post and read): the first hit of a window goes to the shared store; later
 * hits are counted here and added to it in one update per key every quarter
 * window (at most {@link MAX_SYNC_MS}), which also brings back what other
 * instances counted. One instance counts exactly; with several, a client
 * may get beyond its burst by what the others counted since their last sync.
 */
export class RateLimiter {
  private readonly windowMs: number;
  private readonly syncMs?: number;
  private readonly local = new Map<string, LocalWindow>();
  private syncTimer?: NodeJS.Timeout;

  constructor(
    private readonly store: CounterStore,
    /** Names the limit in the counter ids (`post`, `read`, `token`). */
    private readonly name: string,
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
    opts: { batched?: boolean } = {},
  ) {
    this.windowMs = Math.max(1000, Math.round((limit.burst * 60_000) / limit.perMinute));
    if (opts.batched) this.syncMs = Math.min(MAX_SYNC_MS, Math.round(this.windowMs / 4));
  }

  /** Counts one request for `key`. */
  async take(key: string): Promise<LimitDecision> {
    const id = await this.id(key);
    if (this.syncMs !== undefined) {
      const held = this.local.get(id);
      if (held && held.resetAt > this.now()) {
        held.count++;
        held.unsynced++;
        this.scheduleSync();
        return this.decide(held.count, held.resetAt);
      }
    }
    const window = await this.store.hit(id, this.windowMs);
    if (this.syncMs !== undefined) {
      if (this.local.size >= MAX_LOCAL_WINDOWS) this.dropEnded();
      this.local.set(id, { count: window.count, unsynced: 0, resetAt: window.resetAt });
    }
    return this.decide(window.count, window.resetAt);
  }

  /** Forgets `key` (its conversation ended). */
  async forget(key: string): Promise<void> {
    const id = await this.id(key);
    this.local.delete(id);
    await this.store.reset(id);
  }

  /** Adds the hits counted here to the shared store (batched limiters; also on a timer). */
  async sync(): Promise<void> {
    this.dropEnded();
    await Promise.all([...this.local].filter(([, w]) => w.unsynced > 0).map(async ([id, w]) => {
      const n = w.unsynced;
      w.unsynced = 0;
      try {
        const shared = await this.store.hit(id, this.windowMs, n);
        // What others counted comes back; hits made here meanwhile stay on top.
        w.count = shared.count + w.unsynced;
        w.resetAt = shared.resetAt;
      } catch {
        // Kept for the next sync (the counter store already counts here while the database is away).
        w.unsynced += n;
        this.scheduleSync();
      }
    }));
  }

  private decide(count: number, resetAt: number): LimitDecision {
    if (count <= this.limit.burst) return { ok: true, retryAfterSeconds: 0 };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - this.now()) / 1000)) };
  }

  private scheduleSync(): void {
    if (this.syncTimer || this.syncMs === undefined) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      void this.sync();
    }, this.syncMs);
    this.syncTimer.unref();
  }

  /** Windows that ended take their unsynced hits with them: the next hit starts a new window. */
  private dropEnded(): void {
    const now = this.now();
    for (const [id, w] of this.local) if (w.resetAt <= now) this.local.delete(id);
  }

  private async id(key: string): Promise<string> {
    return `dl:${this.name}:${createHmac('sha256', await this.store.sharedSecret()).update(key).digest('base64url')}`;
  }
}
