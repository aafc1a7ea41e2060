import { Connection, Model, Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../core/duplicateKey';

/** A reminder still to send: a due case nobody at the contact centre has opened yet. */
export interface PendingReminder {
  reportId: string;
  /** When to remind the on-duty channel if the case is still unopened. */
  remindAt: Date;
  dueAt: Date;
}

/** One document per pending reminder, `_id` the report's: gone once sent, or once the case is opened. */
interface ReminderDoc {
  _id: Types.ObjectId;
  remindAt: Date;
  dueAt: Date;
  /** While a worker sends it: when another may take it over (a sender that stopped). */
  leaseUntil: Date | null;
  createdAt: Date;
}

const schema = new Schema<ReminderDoc>(
  {
    remindAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    leaseUntil: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'deadline_reminders', versionKey: false, strict: 'throw' },
);
schema.index({ remindAt: 1 }, { name: 'remind_at' });

function reminderModel(conn: Connection): Model<ReminderDoc> {
  return (conn.models.DeadlineReminder as Model<ReminderDoc> | undefined) ?? conn.model<ReminderDoc>('DeadlineReminder', schema);
}

const toPending = (d: ReminderDoc): PendingReminder => ({ reportId: d._id.toHexString(), remindAt: d.remindAt, dueAt: d.dueAt });

/**
 * The pending deadline reminders' repository. The collection holds only
 * reminders still to send — an entry is removed when its reminder is sent
 * or its case opened — so the worker's poll reads a handful of documents,
 * not every report (on the embedded database, where any filter but `_id`
 * reads the whole collection, that matters).
 */
export class DeadlineReminderRepository {
  private readonly model: Model<ReminderDoc>;

  constructor(conn: Connection) {
    this.model = reminderModel(conn);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Schedules a case's reminder once: a second call for the same report (a retried store) changes nothing. */
  async schedule(r: PendingReminder, at: Date): Promise<void> {
    try {
      await this.model.create([{ _id: new Types.ObjectId(r.reportId), remindAt: r.remindAt, dueAt: r.dueAt, leaseUntil: null, createdAt: at }]);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /** Drops a case's reminder (opened, or sent); true when there was one. */
  async remove(reportId: string): Promise<boolean> {
    if (!Types.ObjectId.isValid(reportId)) return false;
    const r = await this.model.deleteOne({ _id: new Types.ObjectId(reportId) }).exec();
    return r.deletedCount === 1;
  }

  /** The case's pending reminder, if any. */
  async find(reportId: string): Promise<PendingReminder | null> {
    if (!Types.ObjectId.isValid(reportId)) return null;
    const d = await this.model.findById(reportId).lean<ReminderDoc>().exec();
    return d ? toPending(d) : null;
  }

  /**
   * Takes the next reminder due at `now` for `leaseMs` (one conditional
   * update, so two workers do not both take it); null when none is due.
   */
  async claimDue(now: Date, leaseMs: number): Promise<PendingReminder | null> {
    const d = await this.model
      .findOneAndUpdate(
        { remindAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }] },
        { $set: { leaseUntil: new Date(now.getTime() + leaseMs) } },
        { sort: { remindAt: 1 }, returnDocument: 'after' },
      )
      .lean<ReminderDoc>()
      .exec();
    return d ? toPending(d) : null;
  }

  /** Every pending reminder, soonest first (for tests and the operations view). */
  async list(): Promise<PendingReminder[]> {
    const docs = await this.model.find({}).sort({ remindAt: 1 }).lean<ReminderDoc[]>().exec();
    return docs.map(toPending);
  }
}
