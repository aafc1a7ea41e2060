import type { Model } from 'mongoose';
import { caseMessageModel, type CaseMessageDoc } from './caseMessage';
import { EMBEDDED_DATABASE, type Database, type DatabaseMode, type RecordId } from './database';
import type { EncryptedField } from './encryptedField';
import { reportChildIndex, type ReportChildIndex } from './reportChildIndex';

type ReadField = 'readByStaffAt' | 'readByReporterAt';

/**
 * The case messages (the anonymous threads): a report's thread — add, read,
 * mark read, clear — through its list of message ids on the embedded
 * database (models/embedded/reportChildren.ts) or its `reportId` index on
 * MongoDB (`mode`, models/reportChildIndex.ts), and the whole-collection reads and writes of key rotation
 * and retention. Plain documents in and out.
 */
export class CaseMessageRepository {
  private readonly children: ReportChildIndex;
  private readonly messages: Model<CaseMessageDoc>;

  constructor(db: Database, mode: DatabaseMode = EMBEDDED_DATABASE) {
    this.children = reportChildIndex(db, mode);
    this.messages = caseMessageModel(db);
  }

  /** Creates the collection's indexes (the connection runs with autoIndex off). */
  async createIndexes(): Promise<void> {
    await this.messages.createIndexes();
  }

  /** Stores a message: on the embedded database its id is listed first, then the message written. */
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

  /** Deletes a report's messages (and on the embedded database forgets its list) (retention); returns how many messages went. */
  async clear(reportId: RecordId): Promise<number> {
    return this.children.deleteAll('messages', reportId, this.messages);
  }

  /** Deletes every message of these reports, listed or not (one sweep by report id); returns how many went. */
  async deleteOfReports(reportIds: readonly RecordId[]): Promise<number> {
    return (await this.messages.deleteMany({ reportId: { $in: [...reportIds] } }).exec()).deletedCount;
  }

  /** On the embedded database, lists the messages stored before lists existed, once per database. */
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
