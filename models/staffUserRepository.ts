import type { Model } from 'mongoose';
import { isDuplicateKey } from '../core/duplicateKey';
import type { Database, RecordId } from './database';
import { staffUserModel, type StaffLocale, type StaffRole, type StaffUserDoc } from './staffUser';

/** A new account's stored fields (the id is chosen on insert). */
export type NewStaffUserDoc = Omit<StaffUserDoc, '_id'>;

/** An account's id: the record id, or its text. */
type StaffId = RecordId | string;

/** An administrator's change of an account (already validated); absent fields stay as they are. */
export interface StaffAccountChange {
  role: StaffRole;
  /** The authority an `authority` account sees; removed for every other role. */
  authorityId?: string;
  displayName?: string;
  locale?: StaffLocale;
  disabled?: boolean;
  /** Clears the failed sign-ins and the lock. */
  unlock?: boolean;
  /** Turns the second factor off (the person enrols again). */
  resetTotp?: boolean;
}

/**
 * The staff accounts' repository: plain documents out (the password hash
 * and the sealed TOTP secrets included: the auth services need them; the
 * API's view is built in services/auth/staffService.ts), every query here.
 * Each write is one single-document update by `_id`; the failure count is
 * one atomic increment, so several instances add up.
 */
export class StaffUserRepository {
  private readonly model: Model<StaffUserDoc>;

  constructor(db: Database) {
    this.model = staffUserModel(db);
  }

  /** Creates the indexes (the unique e-mail index is what refuses a second account). */
  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Stores a new account; `email_taken` when an account has that e-mail. */
  async create(fields: NewStaffUserDoc): Promise<StaffUserDoc | 'email_taken'> {
    try {
      const doc = await this.model.create(fields);
      return doc.toObject();
    } catch (err) {
      if (isDuplicateKey(err)) return 'email_taken';
      throw err;
    }
  }

  /** Accounts by e-mail, at most `limit`. */
  list(limit: number): Promise<StaffUserDoc[]> {
    return this.model.find({}).sort({ email: 1 }).limit(limit).lean<StaffUserDoc[]>().exec();
  }

  /** The account with this (already normalised) e-mail, or null. */
  findByEmail(email: string): Promise<StaffUserDoc | null> {
    return this.model.findOne({ email }).lean<StaffUserDoc>().exec();
  }

  /** True when an administrator account exists that is not disabled (one lookup in the small staff collection). */
  async hasActiveAdmin(): Promise<boolean> {
    return Boolean(await this.model.exists({ role: 'admin', disabled: { $ne: true } }));
  }

  /** The account with this id, or null. */
  findById(id: StaffId): Promise<StaffUserDoc | null> {
    return this.model.findById(id).lean<StaffUserDoc>().exec();
  }

  /** Applies an administrator's change. */
  async change(id: StaffId, change: StaffAccountChange, at: Date): Promise<void> {
    const set: Record<string, unknown> = { updatedAt: at, role: change.role };
    const unset: Record<string, 1> = {};
    if (change.role === 'authority') set.authorityId = change.authorityId;
    else unset.authorityId = 1;
    if (change.displayName !== undefined) set.displayName = change.displayName;
    if (change.locale !== undefined) set.locale = change.locale;
    if (change.disabled !== undefined) set.disabled = change.disabled;
    if (change.unlock) {
      set.failedLogins = 0;
      unset.lockedUntil = 1;
    }
    if (change.resetTotp) set.totp = { enabled: false };
    await this.write(id, set, unset);
  }

  async setPasswordHash(id: StaffId, passwordHash: string, at: Date): Promise<void> {
    await this.write(id, { passwordHash, updatedAt: at });
  }

  /** A successful sign-in: failures and lock cleared; the TOTP step it used is never accepted again. */
  async recordLogin(id: StaffId, at: Date, totpStep?: number): Promise<void> {
    await this.write(id, { failedLogins: 0, lastLoginAt: at, ...(totpStep !== undefined ? { 'totp.lastStep': totpStep } : {}) }, { lockedUntil: 1 });
  }

  /** Locks the account until `until` (its failure count starts again). */
  async lock(id: StaffId, until: Date): Promise<void> {
    await this.write(id, { failedLogins: 0, lockedUntil: until });
  }

  /** Keeps a sealed TOTP secret pending until the person confirms it with a code. */
  async setPendingTotp(id: StaffId, sealedSecret: string): Promise<void> {
    await this.write(id, { 'totp.pendingSecret': sealedSecret });
  }

  /** Turns the second factor on with a confirmed sealed secret and the step its first code used. */
  async enableTotp(id: StaffId, sealedSecret: string, step: number): Promise<void> {
    await this.write(id, { totp: { enabled: true, secret: sealedSecret, lastStep: step } });
  }

  /** Turns the second factor off (its secrets are dropped). */
  async disableTotp(id: StaffId): Promise<void> {
    await this.write(id, { totp: { enabled: false } });
  }

  private async write(id: StaffId, set: Record<string, unknown>, unset: Record<string, 1> = {}): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) }).exec();
  }

  /**
   * Adds `by` to an account's failed sign-ins in one atomic increment;
   * returns the count after it (0 for an id no account has: the write is
   * still made, so an unknown account costs the same time).
   */
  async countFailure(id: StaffId, by: 0 | 1): Promise<number> {
    const counted = await this.model
      .findOneAndUpdate({ _id: id }, { $inc: { failedLogins: by } }, { returnDocument: 'after' })
      .lean<StaffUserDoc>()
      .exec();
    return counted?.failedLogins ?? 0;
  }
}
