import { Types, type Connection, type Model } from 'mongoose';
import { reportModel, REPORT_STATUSES, type ForwardChannel, type ReportDoc, type ReportStatus, type Resolution } from '../../models/report';
import { reporterContactModel, type ReporterContact, type ReporterContactDoc } from '../../models/reporterContact';
import { syncReportQueueEntry } from '../../models/reportQueueEntry';
import type { Evidence } from '../anonymise/types';
import type { FieldCipher } from '../crypto/fieldCipher';
import { ReportUnavailableError } from './followUp';
import { openEvidence } from './reportEvidence';

/** A report as staff see it: decrypted content, no passphrase hash or access counters. */
export interface ReportCaseView {
  id: string;
  caseCode: string;
  reporterRole: ReportDoc['reporterRole'];
  victimAge: ReportDoc['victimAge'];
  category: ReportDoc['category'];
  platforms: string[];
  urgency: ReportDoc['urgency'];
  ongoing: boolean;
  municipality?: string;
  flags: ReportDoc['flags'];
  /** null once erased by retention. */
  narrative: string | null;
  evidence: Evidence | null;
  routing: ReportDoc['routing'];
  status: ReportStatus;
  statusHistory: ReportDoc['statusHistory'];
  resolution?: Resolution;
  forwards: ReportDoc['forwards'];
  notes: { id: string; at: Date; by: string; text: string }[];
  hasContact: boolean;
  unreadByStaff: number;
  createdAt: Date;
  updatedAt: Date;
  purgedAt?: Date;
}

/** Raised when a status change is not allowed (closing needs a resolution). */
export class InvalidStatusChangeError extends Error {
  constructor(detail: string) {
    super(`invalid status change: ${detail}`);
    this.name = 'InvalidStatusChangeError';
  }
}

/**
 * The contact centre's side of a report: read it decrypted, add internal
 * notes, move it through the status workflow, record forwards, and read an
 * adult reporter's contact details. Access control (who may call what) is
 * the dashboard's job; this class only keeps the data consistent.
 */
export class ReportCaseService {
  private readonly reports: Model<ReportDoc>;
  private readonly contacts: Model<ReporterContactDoc>;

  constructor(private readonly conn: Connection, private readonly cipher: FieldCipher, private readonly now: () => Date = () => new Date()) {
    this.reports = reportModel(conn);
    this.contacts = reporterContactModel(conn);
  }

  async read(reportId: string): Promise<ReportCaseView> {
    const r = await this.reports.findById(reportId).lean<ReportDoc>();
    if (!r) throw new ReportUnavailableError();
    const id = r._id.toHexString();
    const view: ReportCaseView = {
      id, caseCode: r.caseCode, reporterRole: r.reporterRole, victimAge: r.victimAge, category: r.category, platforms: r.platforms,
      urgency: r.urgency, ongoing: r.ongoing, flags: r.flags, routing: r.routing, status: r.status, statusHistory: r.statusHistory,
      forwards: r.forwards, hasContact: r.hasContact, unreadByStaff: r.unreadByStaff, createdAt: r.createdAt, updatedAt: r.updatedAt,
      narrative: r.narrative ? this.cipher.decrypt(r.narrative, { reportId: id, field: 'narrative' }) : null,
      evidence: openEvidence(this.cipher, r),
      notes: r.notes.map((n) => ({ id: n._id.toHexString(), at: n.at, by: n.by, text: this.cipher.decrypt(n.body, { reportId: id, field: `note:${n._id.toHexString()}` }) })),
    };
    if (r.municipality) view.municipality = r.municipality;
    if (r.resolution) view.resolution = r.resolution;
    if (r.retention.purgedAt) view.purgedAt = r.retention.purgedAt;
    return view;
  }

  /** Adds an internal note (encrypted; never shown to the reporter). */
  async addNote(reportId: string, staffId: string, text: string): Promise<string> {
    const _id = new Types.ObjectId();
    const body = this.cipher.encrypt(text, { reportId, field: `note:${_id.toHexString()}` });
    const res = await this.reports.updateOne(
      { _id: new Types.ObjectId(reportId), 'retention.purgedAt': null },
      { $push: { notes: { _id, at: this.now(), by: staffId, body } }, $set: { updatedAt: this.now() } },
    );
    if (res.matchedCount !== 1) throw new ReportUnavailableError();
    return _id.toHexString();
  }

  /**
   * Moves a report to `status`, recording who and why. Closing requires a
   * resolution and starts the retention clock; reopening stops it.
   */
  async changeStatus(reportId: string, status: ReportStatus, staffId: string, opts: { reason?: string; resolution?: Resolution } = {}): Promise<void> {
    if (!REPORT_STATUSES.includes(status)) throw new InvalidStatusChangeError('unknown status');
    if (status === 'closed' && !opts.resolution) throw new InvalidStatusChangeError('closing needs a resolution');
    const now = this.now();
    const set: Record<string, unknown> = { status, updatedAt: now, 'retention.closedAt': status === 'closed' ? now : null };
    const update: Record<string, unknown> = { $set: set, $push: { statusHistory: { status, at: now, by: staffId, ...(opts.reason ? { reason: opts.reason } : {}) } } };
    if (status === 'closed') set.resolution = opts.resolution;
    else update.$unset = { resolution: 1 };
    const res = await this.reports.updateOne({ _id: new Types.ObjectId(reportId), 'retention.purgedAt': null }, update);
    if (res.matchedCount !== 1) throw new ReportUnavailableError();
    await syncReportQueueEntry(this.conn, reportId);
  }

  /** Records that the report was passed to an authority (and marks it forwarded if it was earlier in the workflow). */
  async recordForward(reportId: string, authorityId: string, channel: ForwardChannel, staffId: string): Promise<void> {
    const now = this.now();
    const _id = new Types.ObjectId(reportId);
    const res = await this.reports.updateOne({ _id }, { $push: { forwards: { authorityId, channel, at: now, by: staffId } }, $set: { updatedAt: now } });
    if (res.matchedCount !== 1) throw new ReportUnavailableError();
    await this.reports.updateOne(
      { _id, status: { $in: ['new', 'in_review'] } },
      { $set: { status: 'forwarded' }, $push: { statusHistory: { status: 'forwarded', at: now, by: staffId } } },
    );
    await syncReportQueueEntry(this.conn, _id);
  }

  /** An adult reporter's contact details (contact centre only), or undefined. */
  async readContact(reportId: string): Promise<ReporterContact | undefined> {
    const doc = await this.contacts.findOne({ reportId: new Types.ObjectId(reportId) }).lean<ReporterContactDoc>();
    return doc ? this.cipher.decryptJson<ReporterContact>(doc.contact, { reportId, field: 'contact' }) : undefined;
  }
}
