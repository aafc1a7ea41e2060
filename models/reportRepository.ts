import type { Connection, Model, QueryFilter, Types, UpdateQuery } from 'mongoose';
import { isDuplicateKey } from '../core/duplicateKey';
import { KeyedMutex } from '../core/keyedMutex';
import { AccountLinkRepository, type AccountLinkDoc } from './accountLink';
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
 * Updates of one report in this process take turns. FerretDB applies an
 * update as read-modify-write, so two updates of one report at once (the
 * delivery worker recording a failed notice while a spool flush adopts a
 * reissued passphrase) can lose one of them; on MongoDB this costs nothing
 * measurable (one promise per write).
 */
const perReport = new KeyedMutex();

/**
 * Writes to reports that keep the derived queue entry (models/reportQueueEntry.ts)
 * in step: after an insert, and after an update that writes a field the
 * queue shows, the entry is re-derived from the stored report. Callers never
 * sync the queue themselves, so a new write cannot forget it.
 */
export class ReportRepository {
  private readonly reports: Model<ReportDoc>;
  private readonly links: AccountLinkRepository;

  constructor(private readonly conn: Connection, now?: () => Date) {
    this.reports = reportModel(conn);
    this.links = new AccountLinkRepository(conn, now);
  }

  /**
   * Lists a stored report under the link ids of the accounts it names
   * (repeating it is harmless), then brings in step the queue entries whose
   * `linked` mark changes: this report's, and another's that was alone with
   * an account until now.
   */
  async linkAccounts(reportId: Types.ObjectId, linkIds: readonly string[]): Promise<void> {
    const after = linkIds.length ? await this.links.add(linkIds, reportId) : [];
    await this.syncQueueEntries([reportId, ...othersWhere(after, reportId, 2)]);
  }

  /** Takes a report off these link ids (erased, or re-linked); a report left alone with an account may lose its mark. */
  async unlinkAccounts(reportId: Types.ObjectId, linkIds: readonly string[]): Promise<void> {
    const after = linkIds.length ? await this.links.remove(linkIds, reportId) : [];
    await this.syncQueueEntries([reportId, ...othersWhere(after, reportId, 1)]);
  }

  private async syncQueueEntries(ids: readonly Types.ObjectId[]): Promise<void> {
    const seen = new Set<string>();
    for (const id of ids) {
      const key = id.toHexString();
      if (seen.has(key)) continue;
      seen.add(key);
      await syncReportQueueEntry(this.conn, id);
    }
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
    const res = await perReport.run(filter._id.toHexString(), () => this.reports.updateOne(filter, update).exec());
    if (touchesQueue(update)) await syncReportQueueEntry(this.conn, filter._id);
    return { matchedCount: res.matchedCount, modifiedCount: res.modifiedCount };
  }
}

/** The reports other than `self` on link documents that now list exactly `size` reports. */
function othersWhere(docs: readonly AccountLinkDoc[], self: Types.ObjectId, size: number): Types.ObjectId[] {
  return docs.filter((d) => d.reportIds.length === size).flatMap((d) => d.reportIds.filter((id) => !id.equals(self)));
}
