import type { Model } from 'mongoose';
import { EMBEDDED_DATABASE, type Database, type DatabaseMode, type RecordId } from './database';
import type { EncryptedField } from './encryptedField';
import { notificationModel, type NotificationDoc } from './notification';
import { reportModel, type ForwardChannel, type ReportDoc, type ReportStatus, type Resolution } from './report';
import { reportChildIndex, type ReportChildIndex } from './reportChildIndex';
import { ReportRepository } from './reportRepository';

/** Another report as a report view lists it among the linked ones. */
export type ReportSummary = Pick<ReportDoc, '_id' | 'caseCode' | 'status' | 'urgency' | 'createdAt' | 'routing'>;

/** One workflow step as it is stored: the new status, who took it and when, and what came with it. */
export interface StatusStep {
  to: ReportStatus;
  at: Date;
  by: string;
  reason?: string;
  /** When closing. */
  resolution?: Resolution;
  /** A forward recorded with the step. */
  forward?: { authorityId: string; channel: ForwardChannel };
}

/**
 * A report as the contact centre works on it (services/dashboard/reportCase.ts):
 * reads by `_id`, and its conditional single-document writes — each applies
 * only while what the caller saw still holds (no transactions). Writes go
 * through {@link ReportRepository}, so an update of one report takes turns
 * with the others in this process and the queue entry follows.
 */
export class ReportCaseRepository {
  private readonly reports: Model<ReportDoc>;
  private readonly writes: ReportRepository;
  private readonly children: ReportChildIndex;
  private readonly notifications: Model<NotificationDoc>;

  constructor(db: Database, mode: DatabaseMode = EMBEDDED_DATABASE) {
    this.reports = reportModel(db);
    this.writes = new ReportRepository(db, undefined, mode);
    this.children = reportChildIndex(db, mode);
    this.notifications = notificationModel(db);
  }

  /** The whole report, or null. */
  findById(id: RecordId | string): Promise<ReportDoc | null> {
    return this.reports.findById(id).lean<ReportDoc>().exec();
  }

  /** What a report view shows of other reports: one lookup by `_id` each; missing ones are left out. */
  async summaries(ids: readonly RecordId[]): Promise<ReportSummary[]> {
    const found = await Promise.all(ids.map((id) => this.reports.findById(id, { caseCode: 1, status: 1, urgency: 1, createdAt: 1, routing: 1 }).lean<ReportSummary>().exec()));
    return found.filter((r): r is ReportSummary => r !== null);
  }

  /** The report's notices (models/reportChildIndex.ts), oldest listed first. */
  notices(reportId: RecordId): Promise<NotificationDoc[]> {
    return this.children.read('notices', reportId, this.notifications);
  }

  /**
   * Marks the report's replies read: clears the unread count, but only while
   * it is still `seen` — a reply that came in meanwhile stays unread.
   */
  async clearUnread(id: RecordId, seen: number): Promise<void> {
    await this.writes.updateOne({ _id: id, unreadByStaff: seen }, { $set: { unreadByStaff: 0 } });
  }

  /**
   * Applies a workflow step if the report is still in status `from`; false
   * when it is not (someone else changed it). Closing starts the retention
   * clock; reopening a closed report stops it.
   */
  async changeStatus(id: RecordId, from: ReportStatus, step: StatusStep): Promise<boolean> {
    const set: Record<string, unknown> = { status: step.to, updatedAt: step.at };
    if (step.to === 'closed') {
      set.resolution = step.resolution;
      set['retention.closedAt'] = step.at;
    } else if (from === 'closed') {
      set['retention.closedAt'] = null;
    }
    const push: Record<string, unknown> = { statusHistory: { status: step.to, at: step.at, by: step.by, reason: step.reason } };
    if (step.forward) push.forwards = { authorityId: step.forward.authorityId, channel: step.forward.channel, at: step.at, by: step.by };
    const res = await this.writes.updateOne({ _id: id, status: from }, { $set: set, $push: push });
    return res.matchedCount === 1;
  }

  /** Adds an internal note unless retention has erased the report's content (then false). */
  async addNote(id: RecordId, note: { _id: RecordId; at: Date; by: string; body: EncryptedField }, updatedAt: Date): Promise<boolean> {
    const res = await this.reports.updateOne({ _id: id, 'retention.purgedAt': null }, { $push: { notes: note }, $set: { updatedAt } }).exec();
    return res.matchedCount === 1;
  }
}
