import type { StaffUserDoc } from '../../models/staffUser';
import { ClientThrottle } from './clientThrottle';
import { PasswordHasher } from './password';
import type { SecretSealer } from './secretSealer';
import { StaffService, StaffUser } from './staffService';
import { generateTotpSecret, otpauthUri, verifyTotp } from './totp';

export interface LockoutOptions {
  /** Consecutive failures that lock an account. */
  maxFailures: number;
  lockMs: number;
}

/** The outcome of a login attempt. Failures say as little as possible. */
export type LoginResult =
  | { ok: true; user: StaffUser }
  | { ok: false; reason: 'invalid' | 'totp_required' | 'locked' | 'throttled'; retryAfterMs?: number };

/**
 * Verifies credentials with per-account lockout (stored on the account, so it
 * holds across restarts and processes) and per-client throttling (memory,
 * keyed by a hash). An unknown e-mail costs the same argon2 work as a known
 * one, so response time does not reveal which accounts exist.
 */
export class AuthService {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly staff: StaffService,
    private readonly hasher: PasswordHasher,
    private readonly sealer: SecretSealer,
    private readonly throttle: ClientThrottle,
    private readonly lockout: LockoutOptions,
    private readonly now: () => number = Date.now,
  ) {}

  async login(input: { email: string; password: string; totp?: string; client: string }): Promise<LoginResult> {
    const wait = this.throttle.retryAfterMs(input.client);
    if (wait > 0) return { ok: false, reason: 'throttled', retryAfterMs: wait };

    const user = await this.staff.findByEmail(input.email);
    if (!user) {
      this.dummyHash ??= this.hasher.hash('not-a-real-password-for-timing');
      await this.hasher.verify(await this.dummyHash, input.password);
      this.throttle.recordFailure(input.client);
      return { ok: false, reason: 'invalid' };
    }
    if (user.lockedUntil && user.lockedUntil.getTime() > this.now()) {
      this.throttle.recordFailure(input.client);
      return { ok: false, reason: 'locked', retryAfterMs: user.lockedUntil.getTime() - this.now() };
    }
    const passwordOk = await this.hasher.verify(user.passwordHash, input.password);
    if (!passwordOk || user.disabled) return this.fail(user, input.client);

    let step: number | undefined;
    if (user.totp?.enabled && user.totp.secret) {
      if (!input.totp) return { ok: false, reason: 'totp_required' };
      step = verifyTotp(this.sealer.open(user.totp.secret), input.totp, this.now(), user.totp.lastStep ?? -1);
      if (step === undefined) return this.fail(user, input.client);
    }

    const set: Record<string, unknown> = { failedLogins: 0, lastLoginAt: new Date(this.now()) };
    if (step !== undefined) set['totp.lastStep'] = step;
    await this.staff.model.updateOne({ _id: user._id }, { $set: set, $unset: { lockedUntil: 1 } }).exec();
    this.throttle.reset(input.client);
    return { ok: true, user: this.staff.toUser({ ...user, failedLogins: 0, lockedUntil: undefined }) };
  }

  private async fail(user: StaffUserDoc, client: string): Promise<LoginResult> {
    this.throttle.recordFailure(client);
    const failures = (user.failedLogins ?? 0) + 1;
    if (failures >= this.lockout.maxFailures) {
      const lockedUntil = new Date(this.now() + this.lockout.lockMs);
      await this.staff.model.updateOne({ _id: user._id }, { $set: { failedLogins: 0, lockedUntil } }).exec();
      return { ok: false, reason: 'locked', retryAfterMs: this.lockout.lockMs };
    }
    await this.staff.model.updateOne({ _id: user._id }, { $set: { failedLogins: failures } }).exec();
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
    await this.staff.model.updateOne({ _id: user._id }, { $set: { 'totp.pendingSecret': this.sealer.seal(secret) } }).exec();
    return { secret, otpauthUri: otpauthUri(secret, user.email) };
  }

  /** Confirms enrolment with a code from the app; true when enabled. */
  async confirmTotp(userId: string, code: string): Promise<boolean> {
    const user = await this.staff.doc(userId);
    if (!user.totp?.pendingSecret) return false;
    const secret = this.sealer.open(user.totp.pendingSecret);
    const step = verifyTotp(secret, code, this.now());
    if (step === undefined) return false;
    await this.staff.model
      .updateOne({ _id: user._id }, { $set: { totp: { enabled: true, secret: user.totp.pendingSecret, lastStep: step } } })
      .exec();
    return true;
  }

  /** Turns the second factor off (after the caller re-checked the password). */
  async disableTotp(userId: string): Promise<void> {
    const user = await this.staff.doc(userId);
    await this.staff.model.updateOne({ _id: user._id }, { $set: { totp: { enabled: false } } }).exec();
  }
}
