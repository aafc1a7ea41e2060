import { KeyedMutex } from '../core/keyedMutex';
import { createHash } from 'node:crypto';
import { Connection, Model, Schema } from 'mongoose';
import { isDuplicateKey } from '../core/duplicateKey';

/**
 * How many distressing reports one staff member opened on one Belgrade day.
 * `_id` is `<staffId>:<YYYY-MM-DD>`. No report content, no report id: `seen`
 * holds a short digest per report opened that day, only so that opening the
 * same report again (back from the queue, a language switch, a reload after
 * an action) does not count twice; it is dropped once the day is over, and
 * the whole document after {@link CARE_KEEP_DAYS} days.
 */
interface CareCounterDoc {
  _id: string;
  staffId: string;
  /** The Belgrade day, `YYYY-MM-DD`. */
  day: string;
  count: number;
  /** Digests of the reports opened that day (16 hex characters each); absent once the day is over. */
  seen?: string[];
}

/** Counters older than this many days are deleted (the view needs the current week only). */
export const CARE_KEEP_DAYS = 14;

const schema = new Schema<CareCounterDoc>(
  {
    _id: { type: String, required: true },
    staffId: { type: String, required: true },
    day: { type: String, required: true },
    count: { type: Number, required: true },
    seen: { type: [String], default: undefined },
  },
  { collection: 'carecounters', versionKey: false, strict: 'throw' },
);
schema.index({ day: 1 }, { name: 'day' });

function careCounterModel(conn: Connection): Model<CareCounterDoc> {
  return (conn.models.CareCounter as Model<CareCounterDoc> | undefined) ?? conn.model<CareCounterDoc>('CareCounter', schema);
}

/** One staff member's (or the team's) count per day. */
export interface DayCount {
  day: string;
  count: number;
}

/**
 * A report's digest within one staff member's day. Unkeyed on purpose: it
 * only tells two openings of the same report apart, and who can read this
 * collection can already read the same link in the audit log (`report.read`
 * names the staff member and the report); it is deleted when the day ends.
 */
function digest(staffId: string, day: string, reportId: string): string {
  return createHash('sha256').update(`care:${staffId}:${day}:${reportId}`).digest('hex').slice(0, 16);
}

/** Writes of one counter document in this process, in turn (see {@link CareCounterRepository.record}). */
const perCounter = new KeyedMutex();

/**
 * The counters' repository. Every write is one conditional update of one
 * document by `_id`, so two instances opening reports for the same person
 * add up, and a restart loses nothing.
 */
export class CareCounterRepository {
  private readonly model: Model<CareCounterDoc>;

  constructor(conn: Connection) {
    this.model = careCounterModel(conn);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  /**
   * Counts one opening of a report on `day`, unless this person already opened
   * that report that day; true when it was counted. `keepFrom` is the first day
   * still kept: older counters of this person go, and earlier days lose their digests.
   */
  async record(staffId: string, day: string, reportId: string, keepFrom: string): Promise<boolean> {
    const _id = `${staffId}:${day}`;
    // One person's openings in this process take turns: FerretDB applies the
    // update as read-modify-write, so two at once could keep only one count.
    return perCounter.run(_id, () => this.recordOnce(_id, staffId, day, reportId, keepFrom));
  }

  private async recordOnce(_id: string, staffId: string, day: string, reportId: string, keepFrom: string): Promise<boolean> {
    const d = digest(staffId, day, reportId);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const res = await this.model.updateOne(
          { _id, seen: { $ne: d } },
          { $inc: { count: 1 }, $push: { seen: d }, $setOnInsert: { staffId, day } },
          { upsert: true },
        ).exec();
        // The first count of a new day: tidy this person's older days (rarely, so cheaply).
        if (res.upsertedCount === 1) await this.tidy(staffId, day, keepFrom);
        return true;
      } catch (err) {
        // The filter missed an existing document: either it has the digest
        // already, or another instance created it between our read and write.
        if (!isDuplicateKey(err)) throw err;
        const existing = await this.model.findById(_id).lean<CareCounterDoc>().exec();
        if (existing?.seen?.includes(d)) return false;
      }
    }
    return false;
  }

  private async tidy(staffId: string, today: string, keepFrom: string): Promise<void> {
    await this.model.deleteMany({ staffId, day: { $lt: keepFrom } }).exec();
    await this.model.updateMany({ staffId, day: { $lt: today }, seen: { $exists: true } }, { $unset: { seen: 1 } }).exec();
  }

  /** This person's counts from `from` on (days without an opening are absent). */
  async ofStaff(staffId: string, from: string): Promise<DayCount[]> {
    const docs = await this.model.find({ staffId, day: { $gte: from } }, { day: 1, count: 1 }).lean<CareCounterDoc[]>().exec();
    return docs.map((x) => ({ day: x.day, count: x.count }));
  }

  /** Everyone's counts from `from` on, summed per day: the team's, with nobody named. */
  async ofTeam(from: string): Promise<DayCount[]> {
    const docs = await this.model.find({ day: { $gte: from } }, { day: 1, count: 1 }).lean<CareCounterDoc[]>().exec();
    const perDay = new Map<string, number>();
    for (const x of docs) perDay.set(x.day, (perDay.get(x.day) ?? 0) + x.count);
    return [...perDay].map(([day, count]) => ({ day, count }));
  }
}
