import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { Connection } from 'mongoose';
import { urgencyRank } from '../../models/report';
import { ReportRepository } from '../../models/reportRepository';
import type { NoticeFailure, SituationFlag, StatusChange } from '../../models/report';
import type { ReportAnswerSet } from '../../core/domain/reportAnswerSet';
import { FieldCipher } from '../../services/crypto/fieldCipher';
import { CaseCodeLinks } from '../../models/embedded/caseCodeLinks';
import { CaseMessageRepository } from '../../models/caseMessageRepository';
import { parseKeyring } from '../../services/crypto/keyring';
import type { Category, Urgency } from '../../core/domain/routing';

/** A fixed test key (REPORT_ENCRYPTION_KEYS form). */
export const TEST_REPORT_KEYS = `t1:${Buffer.alloc(32, 3).toString('base64')}`;

export function testCipher(): FieldCipher {
  return new FieldCipher(parseKeyring(TEST_REPORT_KEYS));
}

export interface FixtureReport {
  urgency?: Urgency;
  category?: Category;
  status?: 'new' | 'in_review' | 'forwarded' | 'closed';
  routing?: string[];
  createdAt?: Date;
  narrative?: string;
  evidence?: { urls: string[]; handles: string[] };
  municipality?: string;
  platforms?: string[];
  victimAge?: 'under14' | '14-17' | '18+' | 'unknown';
  reporterRole?: 'pupil' | 'teacher' | 'parent' | 'other';
  reviewedAfterHours?: number;
  /** Situation flags (crisis flags included), as prepareReport stores them. */
  flags?: SituationFlag[];
  /** What the reporter answered (stored as prepareReport stores it). */
  answers?: ReportAnswerSet;
  /** Notices that finally failed (as the delivery worker records them). */
  noticeFailures?: Array<Omit<NoticeFailure, 'noticeId'>>;
}

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random, well-formed case code. */
export function fixtureCaseCode(): string {
  const raw = [...randomBytes(13)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return raw.match(/.{1,4}/g)!.join('-');
}

/**
 * Stores a report as the reports service would (same model, same cipher
 * contexts), without going through anonymisation and routing.
 */
export async function insertReport(conn: Connection, cipher: FieldCipher, r: FixtureReport = {}): Promise<{ id: string; caseCode: string }> {
  const _id = new Types.ObjectId();
  const id = _id.toHexString();
  const createdAt = r.createdAt ?? new Date();
  const urgency = r.urgency ?? 'normal';
  const status = r.status ?? 'new';
  const history: StatusChange[] = [{ status: 'new', at: createdAt }];
  if (r.reviewedAfterHours !== undefined) history.push({ status: 'in_review', at: new Date(createdAt.getTime() + r.reviewedAfterHours * 3_600_000), by: 'aaaaaaaaaaaaaaaaaaaaaaaa', reason: 'review' });
  const caseCode = fixtureCaseCode();
  await new CaseCodeLinks(conn).link(caseCode, _id);
  await new ReportRepository(conn).insert({
    _id,
    caseCode,
    submissionKey: randomBytes(16).toString('base64url'),
    passphraseHash: null,
    access: { failures: 0, lockouts: 0 },
    locale: 'sr-Latn',
    reporterRole: r.reporterRole ?? 'pupil',
    victimAge: r.victimAge ?? '14-17',
    category: r.category ?? 'cyberbullying',
    platforms: r.platforms ?? ['instagram'],
    urgency,
    urgencyRank: urgencyRank(urgency),
    ongoing: true,
    municipality: r.municipality,
    flags: r.flags ?? [],
    ...(r.answers ? { answers: r.answers } : {}),
    ...(r.noticeFailures ? { noticeFailures: r.noticeFailures.map((f) => ({ ...f, noticeId: new Types.ObjectId() })) } : {}),
    narrative: cipher.encrypt(r.narrative ?? 'Neko mi šalje poruke.', { reportId: id, field: 'narrative' }),
    evidence: cipher.encryptJson(r.evidence ?? { urls: ['https://example.org/p/1'], handles: ['@someone'] }, { reportId: id, field: 'evidence' }),
    hasContact: false,
    routing: (r.routing ?? ['nccos']).map((a) => ({ authorityId: a, reason: `reason for ${a}` })),
    status,
    statusHistory: history,
    forwards: [],
    notes: [],
    retention: {},
    unreadByStaff: 0,
    createdAt,
    updatedAt: createdAt,
  });
  return { id, caseCode };
}

/** Adds a reporter message to a report's thread (as the follow-up service would). */
export async function insertReporterMessage(conn: Connection, cipher: FieldCipher, reportId: string, text: string): Promise<void> {
  const _id = new Types.ObjectId();
  await new CaseMessageRepository(conn).add({ _id, reportId: new Types.ObjectId(reportId), from: 'reporter', body: cipher.encrypt(text, { reportId, field: `message:${_id.toHexString()}` }), createdAt: new Date() });
  await new ReportRepository(conn).updateOne({ _id: new Types.ObjectId(reportId) }, { $inc: { unreadByStaff: 1 } });
}

/** A stand-in for followUp.postStaffMessage with the same storage effect, for tests that do not start the reports service. */
export function directStaffMessage(conn: Connection, cipher: FieldCipher) {
  return async (reportId: string, staffId: string, text: string): Promise<string> => {
    const _id = new Types.ObjectId();
    await new CaseMessageRepository(conn).add({ _id, reportId: new Types.ObjectId(reportId), from: 'staff', staffId, body: cipher.encrypt(text, { reportId, field: `message:${_id.toHexString()}` }), createdAt: new Date() });
    return _id.toHexString();
  };
}
