import type { Model } from 'mongoose';
import { isDuplicateKey } from '../core/duplicateKey';
import { EMBEDDED_DATABASE, type Database, type DatabaseMode, type RecordId } from './database';
import { notificationOutboxModel, type NotificationOutboxDoc } from './embedded/notificationOutbox';
import { fillOnce } from './fillOnce';
import { notificationModel, type NotificationDoc } from './notification';
import { reportModel, type NoticeFailure, type ReportDoc } from './report';
import { reportChildIndex, type ReportChildIndex } from './reportChildIndex';
import { ReportRepository } from './reportRepository';

/** Bumped when the outbox must be filled again from the notices at the next start. */
const OUTBOX_VERSION = 1;
/** An outbox entry whose notice has not appeared for this long was left by a failed enqueue. */
const ORPHAN_AFTER_MS = 10 * 60_000;
/** Until then it is looked at again this often. */
const ORPHAN_RECHECK_MS = 5_000;

/** What the worker needs of a notice's report to build the notice: no content. */
export type NoticeReport = Pick<ReportDoc, 'caseCode' | 'urgency'>;

/**
 * The notifications' repository: the notices (models/notification.ts), their
 * outbox (models/embedded/notificationOutbox.ts, on every database) and, on
 * the embedded database, their lists with each report
 * (models/embedded/reportChildren.ts, so a report's notices are read by
 * `_id`; on MongoDB by the `reportId` index: `mode`, models/reportChildIndex.ts), kept in step here, and the failures recorded on the report. Every
 * notice still to deliver has an outbox entry, written before the notice and
 * removed once it is sent or has failed for good; the worker claims from
 * the outbox with a lease (one atomic update on a small collection).
 */
export class NotificationRepository {
  private readonly model: Model<NotificationDoc>;
  private readonly outbox: Model<NotificationOutboxDoc>;
  private readonly reports: Model<ReportDoc>;
  private readonly reportWrites: ReportRepository;
  private readonly lists: ReportChildIndex;

  constructor(private readonly db: Database, mode: DatabaseMode = EMBEDDED_DATABASE) {
    this.lists = reportChildIndex(db, mode);
    this.model = notificationModel(db);
    this.outbox = notificationOutboxModel(db);
    this.reports = reportModel(db);
    this.reportWrites = new ReportRepository(db, undefined, mode);
  }

  /**
   * Creates the outbox's index, lists every notice with its report and gives
   * every undelivered notice from before the outbox existed its entry, once
   * per database (recorded); returns how many outbox entries it added.
   */
  async init(now: () => Date = () => new Date()): Promise<number> {
    await this.outbox.createIndexes();
    await this.lists.init('notices', this.model);
    return fillOnce(this.db, { collection: 'notification_outbox_meta', version: OUTBOX_VERSION }, () => this.fillOutbox(now), 0);
  }

  private async fillOutbox(now: () => Date): Promise<number> {
    let added = 0;
    for await (const n of this.model.find({ state: { $in: ['pending', 'sending'] } }, { nextAttemptAt: 1, leaseUntil: 1 }).lean<Pick<NotificationDoc, '_id' | 'nextAttemptAt' | 'leaseUntil'>>().cursor()) {
      try {
        await this.outbox.create([{ _id: n._id, nextAttemptAt: n.nextAttemptAt, leaseUntil: n.leaseUntil ?? null, createdAt: now() }]);
        added++;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    return added;
  }

  /**
   * Lists, outboxes and stores new notices of a report; returns how many
   * were new (a notice with a `dedupeKey` already stored is not).
   */
  async store(reportId: RecordId, docs: NotificationDoc[], now: Date): Promise<number> {
    let created = 0;
    for (const doc of docs) {
      // Listed with its report, and in the outbox, before it is stored: a stored notice is always found.
      await this.lists.add('notices', reportId, doc._id);
      await this.outbox.create([{ _id: doc._id, nextAttemptAt: doc.nextAttemptAt, leaseUntil: null, createdAt: now }]);
      try {
        await this.model.create([doc]);
        created++;
      } catch (err) {
        // Queued before (same report, target, channel): this entry has no notice.
        await this.outbox.deleteOne({ _id: doc._id }).catch(() => undefined);
        if (!isDuplicateKey(err)) throw err;
      }
    }
    return created;
  }

  /** Every stored notice of a report, oldest listed first. */
  forReport(reportId: RecordId | string): Promise<NotificationDoc[]> {
    return this.lists.read('notices', reportId, this.model);
  }

  /**
   * Takes the next due notice and marks it `sending` until `leaseMs` from
   * now: an outbox entry is leased, then its notification marked. An entry
   * whose notice was already sent or failed (a worker stopped between the
   * two writes) is removed; one whose notice is missing waits for it — it
   * is written just after its entry — and is removed once it is old.
   */
  async claim(now: () => Date, leaseMs: number): Promise<NotificationDoc | null> {
    for (;;) {
      const at = now();
      const leaseUntil = new Date(at.getTime() + leaseMs);
      const entry = await this.outbox
        .findOneAndUpdate(
          { $or: [{ leaseUntil: null, nextAttemptAt: { $lte: at } }, { leaseUntil: { $lte: at } }] },
          { $set: { leaseUntil } },
          { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
        )
        .lean<NotificationOutboxDoc>();
      if (!entry) return null;
      const doc = await this.model.findById(entry._id).lean<NotificationDoc>();
      if (!doc) {
        if (at.getTime() - entry.createdAt.getTime() > ORPHAN_AFTER_MS) await this.outbox.deleteOne({ _id: entry._id });
        else await this.outbox.updateOne({ _id: entry._id }, { $set: { leaseUntil: null, nextAttemptAt: new Date(at.getTime() + ORPHAN_RECHECK_MS) } });
        continue;
      }
      if (doc.state === 'sent' || doc.state === 'failed') {
        await this.outbox.deleteOne({ _id: entry._id });
        continue;
      }
      await this.model.updateOne({ _id: doc._id }, { $set: { state: 'sending', leaseUntil, updatedAt: at } });
      return { ...doc, state: 'sending', leaseUntil, updatedAt: at };
    }
  }

  /** The case code and urgency of a notice's report, or null when the report is gone. */
  noticeReport(reportId: RecordId): Promise<NoticeReport | null> {
    return this.reports.findById(reportId).select({ caseCode: 1, urgency: 1 }).lean<NoticeReport>().exec();
  }

  /** A notice was delivered: marked sent, out of the outbox. */
  async markSent(id: RecordId, attempts: number, at: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { state: 'sent', attempts, sentAt: at, leaseUntil: null, lastError: null, updatedAt: at } });
    await this.outbox.deleteOne({ _id: id });
  }

  /** A notice will be tried again at `next`. */
  async retryLater(id: RecordId, attempts: number, error: string, next: Date, at: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { state: 'pending', attempts, lastError: error, nextAttemptAt: next, leaseUntil: null, updatedAt: at } });
    await this.outbox.updateOne({ _id: id }, { $set: { nextAttemptAt: next, leaseUntil: null } });
  }

  /**
   * A notice failed for good: put on its report first (once per notice,
   * with the report's queue entry in step, so the queue row and the
   * dashboard's banner show it), so a worker stopped in between leaves a
   * notice that is tried again rather than a failure nobody sees; then
   * marked failed and taken out of the outbox.
   */
  async markFailed(doc: NotificationDoc, attempts: number, error: string, at: Date): Promise<void> {
    await this.recordOnReport(doc, error, at);
    await this.model.updateOne({ _id: doc._id }, { $set: { state: 'failed', attempts, lastError: error, leaseUntil: null, updatedAt: at } });
    await this.outbox.deleteOne({ _id: doc._id });
  }

  private async recordOnReport(doc: NotificationDoc, error: string, at: Date): Promise<void> {
    const report = await this.reports.findById(doc.reportId).select({ noticeFailures: 1 }).lean<Pick<ReportDoc, '_id' | 'noticeFailures'>>();
    if (!report) return;
    if ((report.noticeFailures ?? []).some((f) => f.noticeId.equals(doc._id))) return;
    const failure: NoticeFailure = { noticeId: doc._id, target: doc.target, channel: doc.channel, error, at, ...(doc.authorityId ? { authorityId: doc.authorityId } : {}) };
    await this.reportWrites.updateOne({ _id: report._id }, { $push: { noticeFailures: failure } });
  }
}
