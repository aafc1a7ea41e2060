/** A counter's current fixed window. */
export interface WindowCount {
  count: number;
  /** When the window ends, ms since the epoch. */
  resetAt: number;
}

/**
 * Fixed-window counters shared by every instance (models/rateCounter.ts's
 * RateCounterStore on MongoDB). Ids are opaque keys the caller makes.
 */
export interface CounterStore {
  /** Counts `by` events (default one) in `key`'s window, starting a window of `windowMs` if none is live. */
  hit(key: string, windowMs: number, by?: number): Promise<WindowCount>;
  /** The live window, or undefined. */
  peek(key: string): Promise<WindowCount | undefined>;
  reset(key: string): Promise<void>;
  /** A secret, the same on every instance, to key the counters' HMACs. */
  sharedSecret(): Promise<Buffer>;
}
