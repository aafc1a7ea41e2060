import type { StaffUserDoc } from '../../models/staffUser';
import type { LoginThrottle } from './loginThrottle';
import { PasswordHasher } from './password';
import type { SecretSealer } from './secretSealer';
import { StaffService, StaffUser } from './staffService';
import { generateTotpSecret, otpauthUri, verifyTotp } from './totp';

/** An id no account has: the unknown e-mail's stand-in for the account write. */
const NO_ACCOUNT = '000000000000000000000000';

export interface LockoutOptions {
  /** Failed sign-ins (from any address) that lock an account. */
  maxFailures: number;
  lockMs: number;
}

/** The outcome of a login attempt. Failures say as little as possible. */
export type LoginResult =
  | { ok: true; user: StaffUser }
  | { ok: false; reason: 'invalid' | 'totp_required' | 'locked' | 'throttled'; retryAfterMs?: number };

/**
 * Verifies credentials with a per-account lockout (stored on the account, so
 * it holds across restarts and instances) and shared throttles per address
 * and per address + account ({@link LoginThrottle}). Every refusal after
 * the address check does the same work — one argon2 verification, the same
 * counter writes, one account write — whether the account is unknown,
 * locked, or the password is wrong, so neither the answer nor its timing
 * tells which accounts exist or are locked.
 */
export class AuthService {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly staff: StaffService,
    private readonly hasher: PasswordHasher,
    private readonly sealer: SecretSealer,
    private readonly throttle: LoginThrottle,
    private readonly lockout: LockoutOptions,
    private readonly now: () => number = Date.now,
  ) {}

  async login(input: { email: string; password: string; totp?: string; client: string }): Promise<LoginResult> {
    const limit = await this.throttle.check(input.client, input.email);
    if (limit.retryAfterMs > 0) return { ok: false, reason: 'throttled', retryAfterMs: limit.retryAfterMs };

    const user = await this.staff.findByEmail(input.email);
    const accountLocked = Boolean(user?.lockedUntil && user.lockedUntil.getTime() > this.now());
    // Always the argon2 work, also for an unknown or a locked account.
    const passwordOk = await this.hasher.verify(user?.passwordHash ?? (await this.dummy()), input.password);

    if (!user || accountLocked || limit.pairBlocked) {
      await this.throttle.recordFailure(input.client, input.email);
      // The write a wrong password makes, with no effect: a refused attempt is
      // not counted on the account (one address alone cannot lock it), but it
      // costs the same time as one that is.
      await this.countFailure(user?._id ?? NO_ACCOUNT, 0);
      if (!user) return { ok: false, reason: 'invalid' };
      const retryAfterMs = accountLocked ? user.lockedUntil!.getTime() - this.now() : undefined;
      return { ok: false, reason: 'locked', retryAfterMs };
    }
    if (!passwordOk || user.disabled) return this.fail(user, input);

    let step: number | undefined;
    if (user.totp?.enabled && user.totp.secret) {
      if (!input.totp) return { ok: false, reason: 'totp_required' };
      step = verifyTotp(this.sealer.open(user.totp.secret), input.totp, this.now(), user.totp.lastStep ?? -1);
      if (step === undefined) return this.fail(user, input);
    }

    await this.staff.users.recordLogin(user._id, new Date(this.now()), step);
    await this.throttle.recordSuccess(input.client, input.email);
    return { ok: true, user: this.staff.toUser({ ...user, failedLogins: 0, lockedUntil: undefined }) };
  }

  /** One atomic increment of the account's failures (so several instances add up); the count after it. */
  private countFailure(id: StaffUserDoc['_id'] | string, by: 0 | 1): Promise<number> {
    return this.staff.users.countFailure(id, by);
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('not-a-real-password-for-timing');
    return this.dummyHash;
  }

  private async fail(user: StaffUserDoc, input: { client: string; email: string }): Promise<LoginResult> {
    await this.throttle.recordFailure(input.client, input.email);
    const failures = await this.countFailure(user._id, 1);
    if (failures >= this.lockout.maxFailures) {
      const lockedUntil = new Date(this.now() + this.lockout.lockMs);
      await this.staff.users.lock(user._id, lockedUntil);
      return { ok: false, reason: 'locked', retryAfterMs: this.lockout.lockMs };
    }
    return { ok: false, reason: 'invalid' };
  }

  /** Re-checks the password of a signed-in user (before sensitive changes). */
  async checkPassword(userId: string, password: string): Promise<boolean> {
    const user = await this.staff.doc(userId);
    return this.hasher.verify(user.passwordHash, password);
  }

  /**
   * Starts TOTP enrolment: a new secret is stored as pending and returned
   * once (with its otpauth URI); it takes effect only after {@link confirmTotp}.
   */
  async beginTotp(userId: string): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.staff.doc(userId);
    const secret = generateTotpSecret();
    await this.staff.users.setPendingTotp(user._id, this.sealer.seal(secret));
    return { secret, otpauthUri: otpauthUri(secret, user.email) };
  }

  /** Confirms enrolment with a code from the app; true when enabled. */
  async confirmTotp(userId: string, code: string): Promise<boolean> {
    const user = await this.staff.doc(userId);
    if (!user.totp?.pendingSecret) return false;
    const secret = this.sealer.open(user.totp.pendingSecret);
    const step = verifyTotp(secret, code, this.now());
    if (step === undefined) return false;
    await this.staff.users.enableTotp(user._id, user.totp.pendingSecret, step);
    return true;
  }

  /** Turns the second factor off (after the caller re-checked the password). */
  async disableTotp(userId: string): Promise<void> {
    const user = await this.staff.doc(userId);
    await this.staff.users.disableTotp(user._id);
  }
}
