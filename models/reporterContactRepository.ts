import type { Model } from 'mongoose';
import { isDuplicateKey } from '../core/duplicateKey';
import type { Database, RecordId } from './database';
import type { EncryptedField } from './encryptedField';
import { reporterContactModel, type ReporterContactDoc } from './reporterContact';

/**
 * The reporters' contact details (models/reporterContact.ts), one document
 * per report at most: stored with the report, re-sealed by key rotation,
 * deleted by retention. Plain documents in and out.
 */
export class ReporterContactRepository {
  private readonly contacts: Model<ReporterContactDoc>;

  constructor(db: Database) {
    this.contacts = reporterContactModel(db);
  }

  /** Creates the collection's indexes (the connection runs with autoIndex off). */
  async createIndexes(): Promise<void> {
    await this.contacts.createIndexes();
  }

  /** Stores a report's contact; one stored already for the report (a repeated store) is kept as it is. */
  async insertOnce(doc: ReporterContactDoc): Promise<void> {
    try {
      await this.contacts.create([doc]);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /** Deletes a report's contact (retention); returns how many went. */
  async deleteOfReport(reportId: RecordId): Promise<number> {
    return (await this.contacts.deleteMany({ reportId }).exec()).deletedCount;
  }

  /** Every key id contacts are sealed under (one `distinct`). */
  async keyIds(): Promise<unknown[]> {
    return this.contacts.distinct('contact.kid').exec();
  }

  /** The contacts not sealed under `kid`, one at a time. */
  sealedNotUnder(kid: string): AsyncIterable<ReporterContactDoc> {
    return this.contacts.find({ 'contact.kid': { $ne: kid } }).lean<ReporterContactDoc>().cursor();
  }

  /** Replaces a contact's sealed details if they are still the ones read (ciphertext `ct`); true when replaced. */
  async replaceContact(id: RecordId, ct: string, contact: EncryptedField): Promise<boolean> {
    return (await this.contacts.updateOne({ _id: id, 'contact.ct': ct }, { $set: { contact } }).exec()).modifiedCount === 1;
  }
}
