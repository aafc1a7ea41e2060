import type { Model } from 'mongoose';
import { isDuplicateKey } from '../core/duplicateKey';
import type { Database, RecordId } from './database';
import { staffUserModel, type StaffUserDoc } from './staffUser';

/** A new account's stored fields (the id is chosen on insert). */
export type NewStaffUserDoc = Omit<StaffUserDoc, '_id'>;

/** An account's id: the record id, or its text. */
type StaffId = RecordId | string;

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

  /** The account with this id, or null. */
  findById(id: StaffId): Promise<StaffUserDoc | null> {
    return this.model.findById(id).lean<StaffUserDoc>().exec();
  }

  /** Sets (`set`, dotted paths allowed) and removes (`unset`) fields of one account. */
  async update(id: StaffId, set: Record<string, unknown>, unset: string[] = []): Promise<void> {
    const removed = Object.fromEntries(unset.map((field) => [field, 1]));
    await this.model.updateOne({ _id: id }, { $set: set, ...(unset.length ? { $unset: removed } : {}) }).exec();
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
