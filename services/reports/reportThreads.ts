import type { Connection, Model } from 'mongoose';
import type { Types } from 'mongoose';
import { caseMessageModel } from '../../models/caseMessage';
import type { CaseMessageDoc } from '../../models/caseMessage';
import { ReportChildren } from '../../models/embedded/reportChildren';

type ReadField = 'readByStaffAt' | 'readByReporterAt';

/** A report's message thread through its list of message ids (models/reportChildren.ts): add, read, mark read, clear. */
export class ReportThreads {
  private readonly children: ReportChildren;
  private readonly messages: Model<CaseMessageDoc>;

  constructor(conn: Connection) {
    this.children = new ReportChildren(conn);
    this.messages = caseMessageModel(conn);
  }

  /** Stores a message: its id is listed first, then the message written. */
  async add(message: CaseMessageDoc): Promise<void> {
    await this.children.add('messages', message.reportId, message._id);
    await this.messages.create([message]);
  }

  /** The thread, oldest first (ids listed but never stored are skipped); at most the last `limit` messages. */
  async read(reportId: Types.ObjectId | string, limit = Infinity): Promise<CaseMessageDoc[]> {
    const thread = (await this.children.read('messages', reportId, this.messages)).sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id.toHexString() < b._id.toHexString() ? -1 : 1),
    );
    return thread.slice(Math.max(0, thread.length - limit));
  }

  /** Sets `field` on each of the messages that lacks it (one update by _id each). */
  async markRead(docs: readonly CaseMessageDoc[], field: ReadField, at: Date): Promise<void> {
    for (const d of docs) {
      if (d[field]) continue;
      await this.messages.updateOne({ _id: d._id }, { $set: { [field]: at } }).exec();
    }
  }

  /** Deletes a report's messages and forgets its list (retention); returns how many messages went. */
  async clear(reportId: Types.ObjectId): Promise<number> {
    let deleted = 0;
    for (const id of await this.children.clear('messages', reportId)) deleted += (await this.messages.deleteOne({ _id: id }).exec()).deletedCount;
    return deleted;
  }

  /** Lists the messages stored before lists existed, once per database. */
  init(): Promise<number> {
    return this.children.init('messages', this.messages);
  }
}
