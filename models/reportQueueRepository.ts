import type { Model } from 'mongoose';
import type { Database } from './database';
import { toMongoFilter, type QueueSelector } from './queueSelector';
import { reportQueueEntryModel, type ReportQueueEntryDoc } from './reportQueueEntry';
import { QueueIndex } from './reportQueueIndex';

/** Everything a queue row shows: the filter-only fields stay in the database. */
const ROW_FIELDS = { queueKey: 1, caseCode: 1, status: 1, category: 1, victimAge: 1, createdAt: 1, authorities: 1, unreadByStaff: 1, flags: 1, noticeFailed: 1, noticeFailedTo: 1, noticeError: 1, dueAt: 1, dueKind: 1, linked: 1 } as const;

/** A queue entry as a page reads it (an entry held in memory has more fields, which a row ignores). */
export type QueueRow = Pick<ReportQueueEntryDoc, '_id' | keyof typeof ROW_FIELDS>;

/** When the latest of the selected failed notices failed, and its error. */
export type LatestNoticeFailure = Pick<ReportQueueEntryDoc, 'noticeError' | 'noticeFailedAt'>;

/**
 * The review queue read from the `reportqueue` collection
 * (models/reportQueueEntry.ts) and its indexes: a page is `queueKey > cursor`
 * sorted on `queueKey`, an index walk on MongoDB and Cosmos DB whatever its
 * depth, and every filter an equality or a range on a top-level field (see
 * the indexes in models/reportQueueEntry.ts). Entries are written by
 * `syncReportQueueEntry` only; this reads them.
 */
export class ReportQueueRepository {
  private readonly entries: Model<ReportQueueEntryDoc>;
  private readonly index: QueueIndex;

  constructor(db: Database) {
    this.entries = reportQueueEntryModel(db);
    this.index = new QueueIndex(db);
  }

  /** Creates the entry indexes and fills the entries once for a database that has none yet. */
  init(): Promise<void> {
    return this.index.init();
  }

  /** Up to `limit` selected entries after the cursor key `after`, in queue order. */
  page(s: QueueSelector, after: string | undefined, limit: number): Promise<QueueRow[]> {
    return this.entries.find(toMongoFilter(s, after), ROW_FIELDS).sort({ queueKey: 1 }).limit(limit).lean<QueueRow[]>().exec();
  }

  /** How many entries are selected. */
  count(s: QueueSelector): Promise<number> {
    return this.entries.countDocuments(toMongoFilter(s)).exec();
  }

  /** The selected entry whose notice failed last (the banner's "last error"). */
  async latestNoticeFailure(s: QueueSelector): Promise<LatestNoticeFailure | undefined> {
    const latest = await this.entries.findOne(toMongoFilter(s), { noticeError: 1, noticeFailedAt: 1 }).sort({ noticeFailedAt: -1 }).lean<LatestNoticeFailure>().exec();
    return latest ?? undefined;
  }
}
