import Joi from 'joi';
import type { CaseMessageDoc, MessageAuthor } from '../../models/caseMessage';
import type { CaseMessageRepository } from '../../models/caseMessageRepository';
import { newRecordId, toRecordId } from '../../models/database';
import { urgencyRank, type CrisisFlag, type ReportDoc, type ReportStatus } from '../../models/report';
import type { ReportRepository } from '../../models/reportRepository';
import type { Logger } from '../../core/logger';
import type { FieldCipher } from '../crypto/fieldCipher';
import { normaliseCaseCode } from './caseCode';
import { issueFollowUpToken, readFollowUpToken } from './followUpToken';
import { KeyedMutex } from '../../core/keyedMutex';
import { lockDurationMs, type LockoutPolicy } from './lockoutPolicy';
import { sealAddedEvidence } from './reportEvidence';
import type { AccountLinks } from './accountLinks';
import { dummyHash, type PassphraseHasher } from './passphrase';
import { maxUrgency } from '../routing/urgency';
import { situationOfReport, type AnonymiseFn, type RouteFn } from './prepareReport';
import { AppError } from '../../core/errors';

/** Longest message in the anonymous thread (characters). */
export const MESSAGE_MAX = 2000;

const messageSchema = Joi.string().trim().min(1).max(MESSAGE_MAX).required();

/** One message as shown to the reporter or to staff. */
export interface ThreadMessage {
  id: string;
  from: MessageAuthor;
  text: string;
  at: Date;
  /** Staff view only: who wrote a staff message. */
  staffId?: string;
}

/** What a verified reporter sees: the status as a resource key, and the thread. */
export interface ReporterView {
  caseCode: string;
  status: ReportStatus;
  /** `report.status.<status>`: the dialog renders it in the reporter's language. */
  statusKey: string;
  submittedAt: Date;
  updatedAt: Date;
  messages: ThreadMessage[];
  /** Staff messages the reporter had not seen before this view. */
  newFromStaff: number;
}

export type VerifyResult =
  | { ok: true; token: string; view: ReporterView }
  /**
   * `malformed`: not a case code at all (no attempt counted). `invalid`: the
   * same answer for an unknown code and a wrong passphrase. `locked`: too
   * many failures on this code; try again after `retryAfterSeconds`.
   */
  | { ok: false; reason: 'malformed' | 'invalid' | 'locked'; retryAfterSeconds?: number };

/** Raised when a follow-up token is missing, forged or expired: verify again. */
export class FollowUpTokenError extends AppError<'FollowUpTokenInvalid'> {
  constructor() {
    super('FollowUpTokenInvalid', 'follow-up token invalid or expired');
  }
}

/** Raised for a message that is empty or too long. */
export class InvalidMessageError extends AppError<'InvalidMessage'> {
  constructor() {
    super('InvalidMessage', `message must be 1-${MESSAGE_MAX} characters`);
  }
}

/** Raised when a report is unknown or its content was erased by retention. */
export class ReportUnavailableError extends AppError<'ReportUnavailable'> {
  constructor() {
    super('ReportUnavailable', 'report not found or no longer available');
  }
}

export interface FollowUpDeps {
  /** The reports (reads, and writes that keep their queue entries in step). */
  reports: ReportRepository;
  /** The anonymous threads. */
  messages: CaseMessageRepository;
  cipher: FieldCipher;
  hasher: PassphraseHasher;
  anonymise: AnonymiseFn;
  policy: LockoutPolicy;
  tokenMinutes: number;
  log: Logger;
  /** Routing, for a crisis disclosed in a reply ({@link FollowUpService.flagCrisis}); without it only the flag and urgency change. */
  route?: RouteFn;
  /** Called after a crisis added authorities to a report (queues their notices); must be idempotent. */
  onRerouted?: (report: ReportDoc) => Promise<void>;
  now?: () => Date;
  /** Links the accounts named in a reply with the other reports that name them (services/reports/accountLinks.ts). */
  accounts?: AccountLinks;
}

/**
 * The reporter's way back: case code + passphrase → status and the anonymous
 * thread with the contact centre. Failed attempts are counted on the report
 * in MongoDB (so limits hold across restarts and instances) and serialised
 * per code within a process; unknown codes cost the same argon2 work as
 * known ones.
 */
export class FollowUpService {
  private readonly reports: ReportRepository;
  private readonly threads: CaseMessageRepository;
  private readonly perCode = new KeyedMutex();
  private readonly perReport = new KeyedMutex();
  private readonly now: () => Date;

  constructor(private readonly deps: FollowUpDeps) {
    this.reports = deps.reports;
    this.threads = deps.messages;
    this.now = deps.now ?? (() => new Date());
  }

  async verify(codeInput: string, passphrase: string): Promise<VerifyResult> {
    const code = normaliseCaseCode(codeInput);
    if (!code) return { ok: false, reason: 'malformed' };
    return this.perCode.run(code, () => this.verifyCode(code, passphrase));
  }

  /** The reporter's view for a token from {@link verify}; marks staff messages read by the reporter. */
  async view(token: string): Promise<ReporterView> {
    const report = await this.reportOf(token);
    return this.reporterView(report);
  }

  /**
   * Adds a reporter message: anonymised like the narrative; its links and
   * handles join the evidence. The report changes in one update — the new
   * evidence is appended sealed with `$push` (never read, merged and written
   * back), together with the unread count — so messages posted through
   * several instances at once all keep their evidence on MongoDB and Cosmos
   * DB. The per-report lock orders one process's messages: FerretDB applies
   * even a `$push` as read-modify-write (20 concurrent pushes kept 1–7),
   * which is why the embedded database has a single writer.
   */
  async postReporterMessage(token: string, text: string): Promise<{ messageId: string }> {
    const body = this.validText(text);
    const report = await this.reportOf(token);
    const reportId = report._id.toHexString();
    return this.perReport.run(reportId, async () => {
      const anon = await this.deps.anonymise(body, { locale: report.locale as 'sr-Latn' | 'sr-Cyrl' | 'en' });
      const found = anon.evidence.urls.length + anon.evidence.handles.length > 0;
      const _id = newRecordId();
      const now = this.now();
      await this.threads.add({ _id, reportId: report._id, from: 'reporter', body: this.deps.cipher.encrypt(anon.text, { reportId, field: `message:${_id.toHexString()}` }), createdAt: now });
      const evidence = found ? sealAddedEvidence(this.deps.cipher, reportId, anon.evidence, now) : undefined;
      // The accounts it names join the report's link ids in the same update (hashes only, never the names).
      const linkIds = found && this.deps.accounts ? this.deps.accounts.linkIdsOf(anon.evidence, report.platforms ?? []) : [];
      await this.reports.addReporterMessage(report._id, now, { evidence, linkIds });
      if (linkIds.length) await this.deps.accounts!.link(report._id, linkIds);
      return { messageId: _id.toHexString() };
    });
  }

  /**
   * A crisis the reporter disclosed in a reply (the bot's crisis check) goes
   * on the stored report, as it would have on a new one: the flag; urgency
   * at least what routing gives with it; the authorities it adds, each with
   * its reason (their notices are queued); and a closed report is opened
   * again, so the contact centre sees it — first in the queue. Only the
   * flag's effect is added: what routing gives without it stays as stored.
   * Idempotent: a second crisis of the same kind changes nothing.
   */
  async flagCrisis(token: string, flag: CrisisFlag): Promise<void> {
    const report = await this.reportOf(token);
    const reportId = report._id.toHexString();
    const rerouted = await this.perReport.run(reportId, async () => {
      const fresh = await this.reports.findById(report._id);
      if (!fresh || (fresh.flags ?? []).includes(flag)) return undefined;
      const now = this.now();
      let urgency = maxUrgency(fresh.urgency, 'high');
      const routing = [...fresh.routing];
      if (this.deps.route) {
        const base = situationOfReport(fresh);
        const [without, withFlag] = await Promise.all([this.deps.route(base), this.deps.route({ ...base, [flag]: true })]);
        const had = new Set([...routing.map((r) => r.authorityId), ...without.authorities.map((a) => a.id)]);
        const added = withFlag.authorities.filter((a) => !had.has(a.id));
        // emergency-192 is told to the user first, so it is listed first, as routing lists it.
        for (const a of added) routing[a.id === 'emergency-192' ? 'unshift' : 'push']({ authorityId: a.id, reason: a.reason });
        urgency = maxUrgency(urgency, withFlag.urgency);
      }
      // A closed report is opened again (in review), so the contact centre sees it.
      await this.reports.flagCrisis(fresh._id, flag, { urgency, urgencyRank: urgencyRank(urgency), routing, updatedAt: now }, fresh.status === 'closed' ? now : undefined);
      this.deps.log.warn({ event: 'followup.crisis_flagged', flag, urgency, reopened: fresh.status === 'closed' }, 'crisis disclosed in a follow-up reply: report flagged');
      return routing.length > fresh.routing.length || urgency !== fresh.urgency ? { ...fresh, urgency, urgencyRank: urgencyRank(urgency), routing } : undefined;
    });
    if (rerouted) await this.deps.onRerouted?.(rerouted);
  }

  /** Adds a contact-centre message to a report's thread (dashboard). */
  async postStaffMessage(reportId: string, staffId: string, text: string): Promise<{ messageId: string }> {
    const body = this.validText(text);
    const report = await this.reports.findById(reportId);
    if (!report || report.retention.purgedAt) throw new ReportUnavailableError();
    const _id = newRecordId();
    await this.threads.add({ _id, reportId: report._id, from: 'staff', staffId, body: this.deps.cipher.encrypt(body, { reportId, field: `message:${_id.toHexString()}` }), createdAt: this.now() });
    await this.reports.touch(report._id, this.now());
    return { messageId: _id.toHexString() };
  }

  /** The whole thread for staff, oldest first; `markRead` clears the unread badge. */
  async staffThread(reportId: string, opts: { markRead?: boolean } = {}): Promise<ThreadMessage[]> {
    const id = toRecordId(reportId);
    const docs = await this.threads.read(id);
    if (opts.markRead) {
      await this.threads.markRead(docs.filter((d) => d.from === 'reporter'), 'readByStaffAt', this.now());
      await this.reports.clearUnreadByStaff(id);
    }
    return docs.map((d) => this.toMessage(d, true));
  }

  private async verifyCode(code: string, passphrase: string): Promise<VerifyResult> {
    const now = this.now();
    // One lookup: through the code's link on the embedded database, the caseCode index on MongoDB (models/reportRepository.ts).
    const report = await this.reports.findByCaseCode(code);
    if (!report || !report.passphraseHash) {
      await this.deps.hasher.verify(await dummyHash(this.deps.hasher), passphrase);
      return { ok: false, reason: 'invalid' };
    }
    const lockedUntil = report.access.lockedUntil?.getTime() ?? 0;
    if (lockedUntil > now.getTime()) {
      return { ok: false, reason: 'locked', retryAfterSeconds: Math.ceil((lockedUntil - now.getTime()) / 1000) };
    }
    if (await this.deps.hasher.verify(report.passphraseHash, passphrase)) {
      await this.reports.recordVerified(report._id, now);
      const token = issueFollowUpToken(this.deps.cipher, report._id.toHexString(), now.getTime() + this.deps.tokenMinutes * 60_000);
      return { ok: true, token, view: await this.reporterView(report) };
    }
    // $inc is atomic on MongoDB across instances; within a process the per-code mutex orders attempts.
    const after = await this.reports.countFailedAttempt(report._id);
    const failures = after?.access.failures ?? report.access.failures + 1;
    if (failures >= this.deps.policy.maxFailures) {
      const lockouts = (after?.access.lockouts ?? report.access.lockouts) + 1;
      const until = new Date(now.getTime() + lockDurationMs(this.deps.policy, lockouts));
      await this.reports.lockFollowUp(report._id, lockouts, until);
      this.deps.log.warn({ event: 'followup.locked', lockouts }, 'follow-up locked after repeated wrong passphrases');
      return { ok: false, reason: 'locked', retryAfterSeconds: Math.ceil((until.getTime() - now.getTime()) / 1000) };
    }
    return { ok: false, reason: 'invalid' };
  }

  private async reportOf(token: string): Promise<ReportDoc> {
    const reportId = readFollowUpToken(this.deps.cipher, token, this.now().getTime());
    if (!reportId) throw new FollowUpTokenError();
    const report = await this.reports.findById(reportId);
    if (!report || !report.passphraseHash) throw new ReportUnavailableError();
    return report;
  }

  private async reporterView(report: ReportDoc): Promise<ReporterView> {
    const docs = await this.threads.read(report._id);
    const unseen = docs.filter((d) => d.from === 'staff' && !d.readByReporterAt);
    await this.threads.markRead(unseen, 'readByReporterAt', this.now());
    return {
      caseCode: report.caseCode,
      status: report.status,
      statusKey: `report.status.${report.status}`,
      submittedAt: report.createdAt,
      updatedAt: report.updatedAt,
      messages: docs.map((d) => this.toMessage(d, false)),
      newFromStaff: unseen.length,
    };
  }

  private toMessage(d: CaseMessageDoc, forStaff: boolean): ThreadMessage {
    const text = this.deps.cipher.decrypt(d.body, { reportId: d.reportId.toHexString(), field: `message:${d._id.toHexString()}` });
    const m: ThreadMessage = { id: d._id.toHexString(), from: d.from, text, at: d.createdAt };
    if (forStaff && d.staffId) m.staffId = d.staffId;
    return m;
  }

  private validText(text: string): string {
    const { value, error } = messageSchema.validate(text);
    if (error) throw new InvalidMessageError();
    return value as string;
  }
}
