import type { CounterStore, WindowCount } from './counterStore';
import type { DatabaseGate } from './databaseGate';
import { isDatabaseUnavailable } from './dbAvailability';

/** Windows counted here while the database is away; beyond this many keys the oldest go. */
const MAX_LOCAL_KEYS = 100_000;

/**
 * Rate-limit counters shared by every instance (the database) that keep
 * counting while the database is away: then each process counts in its own
 * memory (the same fixed windows), so a limit holds per instance during an
 * outage instead of every request waiting on the database or being let
 * through uncounted. Calls go through the gate, so they never wait longer
 * than its budget, and not at all once it is closed.
 */
export class GatedCounterStore implements CounterStore {
  private readonly local = new Map<string, WindowCount>();
  private secret?: Buffer;

  constructor(
    private readonly shared: CounterStore,
    private readonly gate: DatabaseGate,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(key: string, windowMs: number, by = 1): Promise<WindowCount> {
    try {
      return await this.gate.run(() => this.shared.hit(key, windowMs, by));
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
    }
    const now = this.now();
    let window = this.local.get(key);
    if (!window || window.resetAt <= now) {
      if (this.local.size >= MAX_LOCAL_KEYS) this.sweep();
      if (this.local.size >= MAX_LOCAL_KEYS) this.local.delete(this.local.keys().next().value as string);
      window = { count: 0, resetAt: now + windowMs };
      this.local.set(key, window);
    }
    window.count += by;
    return { ...window };
  }

  async peek(key: string): Promise<WindowCount | undefined> {
    try {
      return await this.gate.run(() => this.shared.peek(key));
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      const window = this.local.get(key);
      return window && window.resetAt > this.now() ? { ...window } : undefined;
    }
  }

  async reset(key: string): Promise<void> {
    this.local.delete(key);
    try {
      await this.gate.run(() => this.shared.reset(key));
    } catch (err) {
      // A window left in the database ends with its time anyway.
      if (!isDatabaseUnavailable(err)) throw err;
    }
  }

  /** The shared HMAC key: read once (at start-up) and kept, so it is there during an outage. */
  async sharedSecret(): Promise<Buffer> {
    this.secret ??= await this.shared.sharedSecret();
    return this.secret;
  }

  /** Drops the windows counted here that have ended. */
  sweep(): void {
    const now = this.now();
    for (const [key, window] of this.local) if (window.resetAt <= now) this.local.delete(key);
  }
}
