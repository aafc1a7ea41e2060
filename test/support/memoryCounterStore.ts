import { randomBytes } from 'node:crypto';
import type { CounterStore, WindowCount } from '../../models/counterStore';

/** The shared counter store's semantics in memory, for fast unit tests without a database. */
export class MemoryCounterStore implements CounterStore {
  private readonly windows = new Map<string, WindowCount>();
  private readonly secret = randomBytes(32);

  constructor(private readonly now: () => number = Date.now) {}

  hit(key: string, windowMs: number, by = 1): Promise<WindowCount> {
    const live = this.windows.get(key);
    const now = this.now();
    const next = live && live.resetAt > now ? { count: live.count + by, resetAt: live.resetAt } : { count: by, resetAt: now + windowMs };
    this.windows.set(key, next);
    return Promise.resolve({ ...next });
  }

  peek(key: string): Promise<WindowCount | undefined> {
    const live = this.windows.get(key);
    return Promise.resolve(live && live.resetAt > this.now() ? { ...live } : undefined);
  }

  reset(key: string): Promise<void> {
    this.windows.delete(key);
    return Promise.resolve();
  }

  sharedSecret(): Promise<Buffer> {
    return Promise.resolve(this.secret);
  }
}
