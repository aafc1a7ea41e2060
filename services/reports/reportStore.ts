import type { Connection, Model } from 'mongoose';
import { reportModel, type ReportDoc } from '../../models/report';
import { reporterContactModel, type ReporterContactDoc } from '../../models/reporterContact';
import { syncReportQueueEntry } from '../../models/reportQueueEntry';
import { isDuplicateKey } from './dbAvailability';
import type { PreparedReport } from './preparedReport';

/** Raised in the astronomically unlikely case that a new case code already exists. */
export class CaseCodeCollisionError extends Error {
  constructor() {
    super('case code already in use');
    this.name = 'CaseCodeCollisionError';
  }
}

/** What {@link ReportStore.store} did. */
export type StoreOutcome =
  | { outcome: 'stored'; report: ReportDoc }
  /** Another report was already stored for the same submission. */
  | { outcome: 'duplicate'; existing: ReportDoc };

/** Called once a report is in the database (queues its notices); must be idempotent. */
export type OnStored = (report: ReportDoc) => Promise<void>;

/**
 * Writes a prepared report in idempotent steps — report, contact, then the
 * `onStored` hook — so any step can be repeated after a failure (from the
 * spool, or after a write that timed out but landed) without creating a
 * second report, contact or notice.
 */
export class ReportStore {
  private readonly reports: Model<ReportDoc>;
  private readonly contacts: Model<ReporterContactDoc>;

  constructor(private readonly conn: Connection, private readonly onStored?: OnStored) {
    this.reports = reportModel(conn);
    this.contacts = reporterContactModel(conn);
  }

  /** Finds a stored report by any of its submission digests (see FieldCipher#digests). */
  async findBySubmission(keys: string[]): Promise<ReportDoc | null> {
    return this.reports.findOne({ submissionKey: { $in: keys } }).lean<ReportDoc>().exec();
  }

  async store(p: PreparedReport, submissionKeys: string[] = [p.report.submissionKey]): Promise<StoreOutcome> {
    try {
      await this.reports.create([p.report]);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.findBySubmission(submissionKeys);
      if (!existing) throw new CaseCodeCollisionError();
      if (!existing._id.equals(p.report._id)) return { outcome: 'duplicate', existing };
      // The same report landed earlier (a write that timed out, or a flush interrupted): finish its steps.
    }
    // The review queue lists the report from its queue entry; a failure here fails the store, so a retry completes it.
    await syncReportQueueEntry(this.conn, p.report._id);
    if (p.contact) {
      try {
        await this.contacts.create([p.contact]);
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    await this.onStored?.(p.report);
    return { outcome: 'stored', report: p.report };
  }
}
