import type { Connection, Model, QueryFilter, Types, UpdateQuery } from 'mongoose';
import { isDuplicateKey } from '../core/duplicateKey';
import { reportModel, type ReportDoc } from './report';
import { QUEUE_SOURCE_FIELDS, syncReportQueueEntry } from './reportQueueEntry';

/** What a conditional update did. */
export interface ReportUpdateResult {
  matchedCount: number;
  modifiedCount: number;
}

const QUEUE_FIELDS: ReadonlySet<string> = new Set(Object.keys(QUEUE_SOURCE_FIELDS));

/** True when an update writes a field the review queue shows (so its entry must follow). */
function touchesQueue(update: UpdateQuery<ReportDoc>): boolean {
  return Object.entries(update).some(([key, value]) =>
    key.startsWith('$') && value && typeof value === 'object'
      ? Object.keys(value as object).some((path) => QUEUE_FIELDS.has(path.split('.')[0]!))
      : QUEUE_FIELDS.has(key.split('.')[0]!),
  );
}

/**
 * Writes to reports that keep the derived queue entry (models/reportQueueEntry.ts)
 * in step: after an insert, and after an update that writes a field the
 * queue shows, the entry is re-derived from the stored report. Callers never
 * sync the queue themselves, so a new write cannot forget it.
 */
export class ReportRepository {
  private readonly reports: Model<ReportDoc>;

  constructor(private readonly conn: Connection) {
    this.reports = reportModel(conn);
  }

  /**
   * Stores a new report and its queue entry. When a report with this `_id`
   * is stored already (an earlier attempt landed: a write that timed out, a
   * flush interrupted), its queue entry is completed instead; any other
   * duplicate key (the case code or submission key of another report) is
   * thrown, and nothing else is written. A failed entry write fails the
   * call, so a retry completes it.
   */
  async insert(doc: ReportDoc): Promise<void> {
    try {
      await this.reports.create([doc]);
    } catch (err) {
      if (!isDuplicateKey(err) || !(await this.reports.exists({ _id: doc._id }))) throw err;
    }
    await syncReportQueueEntry(this.conn, doc._id);
  }

  /**
   * Applies `update` to the report `filter` names by `_id`, if the rest of
   * `filter` still holds (a conditional write), then brings its queue entry
   * in step when the update writes a field the queue shows.
   */
  async updateOne(filter: QueryFilter<ReportDoc> & { _id: Types.ObjectId }, update: UpdateQuery<ReportDoc>): Promise<ReportUpdateResult> {
    const res = await this.reports.updateOne(filter, update).exec();
    if (touchesQueue(update)) await syncReportQueueEntry(this.conn, filter._id);
    return { matchedCount: res.matchedCount, modifiedCount: res.modifiedCount };
  }
}
