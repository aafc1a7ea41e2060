import type { Model } from 'mongoose';
import { caseMessageModel, type CaseMessageDoc } from './caseMessage';
import type { Database, RecordId } from './database';
import type { EncryptedField } from './encryptedField';
import { ReportChildren } from './embedded/reportChildren';

type ReadField = 'readByStaffAt' | 'readByReporterAt';

/**
 * The case messages (the anonymous threads): a report's thread through its
 * list of message ids (models/embedded/reportChildren.ts) — add, read, mark
 * read, clear — and the whole-collection reads and writes of key rotation
 * and retention. Plain documents in and out.
 */
export class CaseMessageRepository {
  private readonly children: ReportChildren;
  private readonly messages: Model<CaseMessageDoc>;

  constructor(db: Database) {
    this.children = new ReportChildren(db);
    this.messages = caseMessageModel(db);
  }

  /** Creates the collection's indexes (the connection runs with autoIndex off). */
  async createIndexes(): Promise<void> {
    await this.messages.createIndexes();
  }

  /** Stores a message: its id is listed first, then the message written. */
  async add(message: CaseMessageDoc): Promise<void> {
    await this.children.add('messages', message.reportId, message._id);
    await this.messages.create([message]);
  }

  /** The thread, oldest first (ids listed but never stored are skipped); at most the last `limit` messages. */
  async read(reportId: RecordId | string, limit = Infinity): Promise<CaseMessageDoc[]> {
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
  async clear(reportId: RecordId): Promise<number> {
    let deleted = 0;
    for (const id of await this.children.clear('messages', reportId)) deleted += (await this.messages.deleteOne({ _id: id }).exec()).deletedCount;
    return deleted;
  }

  /** Deletes every message of these reports, listed or not (one sweep by report id); returns how many went. */
  async deleteOfReports(reportIds: readonly RecordId[]): Promise<number> {
    return (await this.messages.deleteMany({ reportId: { $in: [...reportIds] } }).exec()).deletedCount;
  }

  /** Lists the messages stored before lists existed, once per database. */
  init(): Promise<number> {
    return this.children.init('messages', this.messages);
  }

  /** Every key id message bodies are sealed under (one `distinct`). */
  async keyIds(): Promise<unknown[]> {
    return this.messages.distinct('body.kid').exec();
  }

  /** The messages whose body is not sealed under `kid`, one at a time. */
  sealedNotUnder(kid: string): AsyncIterable<CaseMessageDoc> {
    return this.messages.find({ 'body.kid': { $ne: kid } }).lean<CaseMessageDoc>().cursor();
  }

  /** Replaces a message's body if it is still the one read (its ciphertext `ct`); true when it was replaced. */
  async replaceBody(id: RecordId, ct: string, body: EncryptedField): Promise<boolean> {
    return (await this.messages.updateOne({ _id: id, 'body.ct': ct }, { $set: { body } }).exec()).modifiedCount === 1;
  }
}
