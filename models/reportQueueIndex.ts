import type { Connection, Model } from 'mongoose';
import { reportModel } from './report';
import type { ReportDoc } from './report';
import { QUEUE_SOURCE_FIELDS, queueEntryOf, reportQueueEntryModel, syncReportQueueEntry } from './reportQueueEntry';
import type { ReportQueueEntryDoc } from './reportQueueEntry';
import { AccountLinkRepository } from './accountLink';
import { isDuplicateKey } from '../core/duplicateKey';
import { fillOnce } from './fillOnce';

/** What {@link QueueIndex.rebuild} found and did. */
export interface QueueRebuildResult {
  reports: number;
  /** Entries that were missing and were added. */
  inserted: number;
  /** Entries that differed from their report and were corrected. */
  corrected: number;
  /** Entries whose report no longer exists, removed. */
  removed: number;
}

/** Bumped when the entry's derivation changes, so the next start re-derives every entry. */
const INDEX_VERSION = 6;
const BATCH = 500;

type Entry = ReportQueueEntryDoc;

/** Field values in a fixed order, so a stored entry and a derived one compare equal whatever the key order. */
function fingerprint(e: Entry): string {
  return JSON.stringify([e._id.toHexString(), e.queueKey, e.open, e.alert, e.status, e.category, e.victimAge, e.caseCode, e.authorities, e.flags ?? [], e.answers ?? [], e.noticeFailed ?? false, e.noticeFailedTo ?? [], e.noticeError ?? null, e.noticeFailedAt?.getTime() ?? null, e.createdAt.getTime(), e.unreadByStaff, e.dueAt?.getTime() ?? null, e.dueKind ?? null, e.linked ?? false]);
}

/**
 * Keeps the `reportqueue` collection (models/reportQueueEntry.ts) whole: its
 * indexes, a first fill for a database that has reports but no entries yet,
 * and a rebuild that re-derives every entry after a drift (a writer that
 * crashed between its report write and its entry write).
 */
export class QueueIndex {
  private readonly entries: Model<Entry>;
  private readonly reports: Model<ReportDoc>;

  constructor(private readonly conn: Connection) {
    this.entries = reportQueueEntryModel(conn);
    this.reports = reportModel(conn);
  }

  /** Creates the indexes; fills the collection once (recorded, so a restart does not repeat it). */
  async init(): Promise<void> {
    await this.entries.createIndexes();
    await fillOnce(this.conn, { collection: 'reportqueue_meta', version: INDEX_VERSION }, () => this.rebuild(), undefined);
  }

  /**
   * Re-derives every entry from its report. Missing entries are inserted in
   * batches (an insert never overwrites: if a live writer got there first,
   * its entry stands); entries that differ, and entries without a report,
   * go through {@link syncReportQueueEntry}, which re-reads the report — so a
   * report created or changed while this runs is never dropped or reverted.
   */
  async rebuild(): Promise<QueueRebuildResult> {
    const stored = new Map<string, string>();
    for await (const e of this.entries.find({}).lean<Entry>().cursor()) stored.set(e._id.toHexString(), fingerprint(e));

    const linked = await new AccountLinkRepository(this.conn).linkedReportIds();
    const result: QueueRebuildResult = { reports: 0, inserted: 0, corrected: 0, removed: 0 };
    const toCheck: string[] = [];
    let batch: Entry[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      result.inserted += await this.insertMissing(batch);
      batch = [];
    };
    const cursor = this.reports.find({}, QUEUE_SOURCE_FIELDS).lean<Pick<ReportDoc, '_id' | keyof typeof QUEUE_SOURCE_FIELDS>>().cursor();
    for await (const r of cursor) {
      result.reports++;
      const entry = queueEntryOf(r, linked.has(r._id.toHexString()));
      const id = r._id.toHexString();
      const have = stored.get(id);
      stored.delete(id);
      if (have === undefined) batch.push(entry);
      else if (have !== fingerprint(entry)) toCheck.push(id);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    for (const id of toCheck) {
      await syncReportQueueEntry(this.conn, id);
      result.corrected++;
    }
    // What is left in `stored` had no report when the reports were read (or was created since): let sync decide.
    for (const id of stored.keys()) {
      await syncReportQueueEntry(this.conn, id);
      if (!(await this.entries.exists({ _id: id }))) result.removed++;
    }
    return result;
  }

  private async insertMissing(batch: Entry[]): Promise<number> {
    try {
      await this.entries.collection.insertMany(batch, { ordered: false });
      return batch.length;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const inserted = (err as { result?: { insertedCount?: number } }).result?.insertedCount;
      return inserted ?? 0;
    }
  }
}
