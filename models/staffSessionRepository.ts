import type { Model } from 'mongoose';
import type { Database } from './database';
import { staffSessionModel, type StaffSessionDoc } from './staffSession';

/**
 * The dashboard sessions' repository. Sessions are read and written by
 * `_id` (the token's hash); expiry is the service's rule, applied on read
 * and by {@link sweep} (no TTL index: FerretDB lacks it).
 */
export class StaffSessionRepository {
  private readonly model: Model<StaffSessionDoc>;

  constructor(db: Database) {
    this.model = staffSessionModel(db);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  async create(doc: StaffSessionDoc): Promise<void> {
    await this.model.create(doc);
  }

  /** The session stored under this token hash, or null. */
  find(id: string): Promise<StaffSessionDoc | null> {
    return this.model.findById(id).lean<StaffSessionDoc>().exec();
  }

  /** Records activity: the new idle expiry and when the session was last seen. */
  async touch(id: string, idleExpiresAt: Date, lastSeenAt: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { idleExpiresAt, lastSeenAt } }).exec();
  }

  async delete(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id }).exec();
  }

  /** Deletes every session of a user; returns how many. */
  async deleteAllFor(userId: string): Promise<number> {
    const res = await this.model.deleteMany({ userId }).exec();
    return res.deletedCount ?? 0;
  }

  /** Deletes the sessions whose idle or absolute expiry is at or before `now`; returns how many. */
  async deleteExpired(now: Date): Promise<number> {
    const res = await this.model.deleteMany({ $or: [{ idleExpiresAt: { $lte: now } }, { absoluteExpiresAt: { $lte: now } }] }).exec();
    return res.deletedCount ?? 0;
  }
}
