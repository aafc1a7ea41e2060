import type { Connection, Model } from 'mongoose';
import { Types } from 'mongoose';
import { caseMessageModel } from '../../models/caseMessage';
import type { CaseMessageDoc } from '../../models/caseMessage';
import { reportThreadModel } from '../../models/reportThread';
import type { ReportThreadDoc } from '../../models/reportThread';
import { KeyedMutex } from '../shared/keyedMutex';
import { isDuplicateKey } from './dbAvailability';

/** Bumped when the thread lists must be derived again from the messages at the next start. */
const THREADS_VERSION = 1;
const FILL_BATCH = 500;

/** One report's list changes one at a time in this process (FerretDB applies an update as read, change, write). */
const perThread = new KeyedMutex();

type ReadField = 'readByStaffAt' | 'readByReporterAt';

/** A report's message thread through its id list (models/reportThread.ts): add, read, mark read, clear. */
export class ReportThreads {
  private readonly threads: Model<ReportThreadDoc>;
  private readonly messages: Model<CaseMessageDoc>;

  constructor(private readonly conn: Connection) {
    this.threads = reportThreadModel(conn);
    this.messages = caseMessageModel(conn);
  }

  /** Stores a message: its id is listed first, then the message written. */
  async add(message: CaseMessageDoc): Promise<void> {
    const key = message.reportId.toHexString();
    await perThread.run(key, () => this.threads.updateOne({ _id: key }, { $addToSet: { messageIds: message._id } }, { upsert: true }).exec());
    await this.messages.create([message]);
  }

  /** The thread, oldest first (ids listed but never stored are skipped); at most the last `limit` messages. */
  async read(reportId: Types.ObjectId | string, limit = Infinity): Promise<CaseMessageDoc[]> {
    const list = await this.threads.findById(typeof reportId === 'string' ? reportId : reportId.toHexString()).lean<ReportThreadDoc>().exec();
    const ids = list?.messageIds ?? [];
    const docs = await Promise.all(ids.map((id) => this.messages.findById(id).lean<CaseMessageDoc>().exec()));
    const thread = docs
      .filter((d): d is CaseMessageDoc => d !== null)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id.toHexString() < b._id.toHexString() ? -1 : 1));
    return thread.slice(Math.max(0, thread.length - limit));
  }

  /** Sets `field` on each of the messages that lacks it (one update by _id each). */
  async markRead(docs: readonly CaseMessageDoc[], field: ReadField, at: Date): Promise<void> {
    for (const d of docs) {
      if (d[field]) continue;
      await this.messages.updateOne({ _id: d._id }, { $set: { [field]: at } }).exec();
    }
  }

  /** Deletes a report's messages and its list (retention); returns how many messages went. */
  async clear(reportId: Types.ObjectId): Promise<number> {
    const key = reportId.toHexString();
    const thread = await this.threads.findById(key).lean<ReportThreadDoc>().exec();
    let deleted = 0;
    for (const id of thread?.messageIds ?? []) deleted += (await this.messages.deleteOne({ _id: id }).exec()).deletedCount;
    await perThread.run(key, () => this.threads.deleteOne({ _id: key }).exec());
    return deleted;
  }

  /** Lists the messages stored before thread lists existed, once per database (recorded, so a restart does not read them again). */
  async init(): Promise<number> {
    const meta = this.conn.collection<{ _id: string; version: number; at: Date }>('report_threads_meta');
    const built = await meta.findOne({ _id: 'built' });
    if (built?.version === THREADS_VERSION) return 0;
    const byReport = new Map<string, Types.ObjectId[]>();
    let listed = 0;
    for await (const m of this.messages.find({}, { reportId: 1 }).lean<Pick<CaseMessageDoc, '_id' | 'reportId'>>().cursor()) {
      const key = m.reportId.toHexString();
      const ids = byReport.get(key) ?? [];
      ids.push(new Types.ObjectId(m._id));
      byReport.set(key, ids);
      listed++;
    }
    const entries = [...byReport].map(([_id, messageIds]) => ({ _id, messageIds }));
    for (let i = 0; i < entries.length; i += FILL_BATCH) {
      const batch = entries.slice(i, i + FILL_BATCH);
      try {
        await this.conn.collection<ReportThreadDoc>(this.threads.collection.collectionName).insertMany(batch, { ordered: false });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // A list started meanwhile by a new message: add the older ids to it.
        for (const t of batch) {
          await perThread.run(t._id, () => this.threads.updateOne({ _id: t._id }, { $addToSet: { messageIds: { $each: t.messageIds } } }, { upsert: true }).exec());
        }
      }
    }
    await meta.replaceOne({ _id: 'built' }, { version: THREADS_VERSION, at: new Date() }, { upsert: true });
    return listed;
  }
}
