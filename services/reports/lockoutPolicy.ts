/** Attempt limiting for follow-up verification. */
export interface LockoutPolicy {
  /** Failed attempts allowed before a lock. */
  maxFailures: number;
  /** Length of the first lock; each further lock doubles it. */
  lockMinutes: number;
}

/** The longest lock, whatever the history: a forgetful child must get back in within a day. */
export const MAX_LOCK_MS = 24 * 3600_000;

/**
 * How long the n-th lock (1-based) lasts: 15, 30, 60 … minutes with the
 * default policy, capped at a day, so an attacker's guesses slow to a trickle
 * while the reporter is never shut out for good.
 */
export function lockDurationMs(policy: LockoutPolicy, lockNumber: number): number {
  return Math.min(policy.lockMinutes * 60_000 * 2 ** Math.max(0, lockNumber - 1), MAX_LOCK_MS);
}
