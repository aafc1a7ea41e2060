import { createHmac } from 'node:crypto';
import type { CounterStore } from '../../models/counterStore';

export interface LoginLimits {
  /**
   * Failed sign-ins from one address, whatever the account, before every
   * sign-in from it must wait (password spraying). High, so a school or an
   * office behind one address is not shut out by its colleagues' typos.
   */
  addressMaxFailures: number;
  /**
   * Failed sign-ins from one address to one account before that pair is
   * refused (answered like a wrong password). Lower than the account
   * lockout, so one address alone can never lock an account for its owner.
   */
  pairMaxFailures: number;
  windowMs: number;
}

/** What the counters say before a sign-in attempt. */
export interface ThrottleState {
  /** > 0: the address must wait this long (429). */
  retryAfterMs: number;
  /** This address has failed this account too often: refuse like a wrong password. */
  pairBlocked: boolean;
}

/**
 * Sign-in throttling shared by every instance (counters in MongoDB with
 * expiry). The counter ids are HMACs of the address and of the address +
 * e-mail under a key kept in the database, so no address or e-mail is
 * stored, and a counter lives only as long as its window. A success clears
 * only its own pair's counter: it never resets the address's count, so one
 * working account cannot be used to spray passwords at the others.
 */
export class LoginThrottle {
  constructor(private readonly store: CounterStore, private readonly limits: LoginLimits, private readonly now: () => number = Date.now) {}

  async check(address: string, email: string): Promise<ThrottleState> {
    const [byAddress, byPair] = await Promise.all([this.store.peek(await this.addressKey(address)), this.store.peek(await this.pairKey(address, email))]);
    const retryAfterMs = byAddress && byAddress.count >= this.limits.addressMaxFailures ? Math.max(1, byAddress.resetAt - this.now()) : 0;
    return { retryAfterMs, pairBlocked: (byPair?.count ?? 0) >= this.limits.pairMaxFailures };
  }

  /** Counts a failed attempt for the address and for the pair. */
  async recordFailure(address: string, email: string): Promise<void> {
    await Promise.all([
      this.store.hit(await this.addressKey(address), this.limits.windowMs),
      this.store.hit(await this.pairKey(address, email), this.limits.windowMs),
    ]);
  }

  /** A successful sign-in clears its own pair — and nothing else. */
  async recordSuccess(address: string, email: string): Promise<void> {
    await this.store.reset(await this.pairKey(address, email));
  }

  private async addressKey(address: string): Promise<string> {
    return `login:a:${await this.mac(`a\u0000${address}`)}`;
  }

  private async pairKey(address: string, email: string): Promise<string> {
    return `login:p:${await this.mac(`p\u0000${address}\u0000${email.trim().toLowerCase()}`)}`;
  }

  private async mac(value: string): Promise<string> {
    return createHmac('sha256', await this.store.sharedSecret()).update(value).digest('base64url');
  }
}
