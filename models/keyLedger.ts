import { retryOnDuplicate } from '../core/duplicateKey';
import type { Database } from './database';

interface LedgerDoc {
  _id: string;
  kids: string[];
  at: Date;
}

/**
 * The key ids stored data may be encrypted under, kept in one small
 * document (`report_key_ledger`) so start-up need not read every report: a
 * superset of the ids in use, because every process records its current key
 * id before it writes under it (the server at start-up, `rotate-keys` before
 * re-encrypting). services/reports/keyCheck.ts decides what it means.
 */
export class KeyLedger {
  private readonly docs;

  constructor(db: Database) {
    this.docs = db.collection<LedgerDoc>('report_key_ledger');
  }

  /** The recorded ids, or undefined when nothing was recorded yet (an older database). */
  async read(): Promise<string[] | undefined> {
    return (await this.docs.findOne({ _id: 'kids' }))?.kids;
  }

  /** Adds ids (before anything is written under them). */
  async record(kids: string[]): Promise<void> {
    // Two instances starting at once may both upsert the first record: the loser retries as an update.
    await retryOnDuplicate(() => this.docs.updateOne({ _id: 'kids' }, { $addToSet: { kids: { $each: kids } }, $set: { at: new Date() } }, { upsert: true }));
  }

  /** Replaces the record with ids read from the data itself. */
  async replace(kids: string[]): Promise<void> {
    await retryOnDuplicate(() => this.docs.replaceOne({ _id: 'kids' }, { kids: [...new Set(kids)].sort(), at: new Date() }, { upsert: true }));
  }
}
