import { Connection, Model, Schema, Types } from 'mongoose';
import type { EncryptedField } from './encryptedField';
import { AGE_BANDS, CATEGORIES, REPORTER_ROLES, URGENCIES } from '../core/domain/routing';
import type { AgeBand, Category, ReasonRef, ReporterRole, Urgency } from '../core/domain/routing';
import { REPORT_QUESTIONS, TRI_ANSWERS, VICTIMS, WHEN_ANSWERS, WHEN_QUESTIONS, type ReportAnswerSet } from '../core/domain/reportAnswerSet';
import { DUE_KINDS, type Due } from '../core/domain/due';

/** The status workflow of a report, in order. */
export const REPORT_STATUSES = ['new', 'in_review', 'forwarded', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Why a report was closed; `unverified` and `duplicate` are erased sooner (retention). */
export const RESOLUTIONS = ['acted', 'advice_given', 'unverified', 'duplicate', 'no_action'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** How a report was passed on to an authority. */
export const FORWARD_CHANNELS = ['dashboard', 'email', 'webhook', 'phone', 'post'] as const;
export type ForwardChannel = (typeof FORWARD_CHANNELS)[number];

/** The situation flags routing used; kept (no identifiers) for statistics and re-routing. */
export const SITUATION_FLAGS = [
  'immediateDanger', 'meetingPlanned', 'threatsOfViolence', 'deadlineRunning', 'victimIsPupil', 'personalDataMisuse', 'identityTheft',
  'selfHarmRisk', 'dangerDisclosed',
] as const;
export type SituationFlag = (typeof SITUATION_FLAGS)[number];

/**
 * The flags a crisis recognised during a report sets (the bot's crisis
 * check, in the narrative, at any answer or in a later reply): the reviewer
 * sees them at the top of the report and in the queue, where they sort first.
 */
export const CRISIS_FLAGS = ['selfHarmRisk', 'dangerDisclosed'] as const satisfies readonly SituationFlag[];
export type CrisisFlag = (typeof CRISIS_FLAGS)[number];

/** True when a report carries a crisis flag. */
export function hasCrisisFlag(flags: readonly string[] | undefined): boolean {
  return (flags ?? []).some((f) => (CRISIS_FLAGS as readonly string[]).includes(f));
}

/** `normal` 0, `high` 1, `immediate` 2: the queue sorts on this. */
export function urgencyRank(u: Urgency): number {
  return URGENCIES.indexOf(u);
}

export interface StatusChange {
  status: ReportStatus;
  at: Date;
  /** Staff user id; absent for the system. */
  by?: string;
  reason?: string;
}

/**
 * A notice to an authority (or the on-duty channel) that finally failed
 * after its retries: kept on the report so the queue and the banner show
 * it and the contact centre can phone instead. Codes only, no address.
 */
export interface NoticeFailure {
  /** The notice's id (one entry per notice). */
  noticeId: Types.ObjectId;
  target: 'authority' | 'onduty';
  authorityId?: string;
  channel: 'webhook' | 'email';
  /** The last error code (`http_503`, `timeout`, `smtp_550`, `no_channel`…). */
  error: string;
  at: Date;
}

/**
 * The failures still to act on: a notice to an authority until a forward to
 * that authority is recorded after it (e.g. by phone); the on-duty notice
 * until a reviewer moved the report on from "new"; none once closed.
 * Latest first.
 */
export function openNoticeFailures(r: Pick<ReportDoc, 'status' | 'forwards' | 'noticeFailures'>): NoticeFailure[] {
  if (r.status === 'closed') return [];
  return (r.noticeFailures ?? [])
    .filter((f) => (f.target === 'onduty'
      ? r.status === 'new'
      : !(r.forwards ?? []).some((fw) => fw.authorityId === f.authorityId && new Date(fw.at).getTime() >= new Date(f.at).getTime())))
    .sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime());
}

export interface ReportNote {
  _id: Types.ObjectId;
  at: Date;
  by: string;
  /** Encrypted with field `note:<_id>`. */
  body: EncryptedField;
}

/**
 * A stored report. Everything SPEC.md section 5 forbids is absent by
 * construction: no name, contact, channel or conversation id, IP, user agent
 * or file — the schema is strict, so unknown keys are dropped, and the
 * privacy tests scan what the database holds.
 */
export interface ReportDoc {
  _id: Types.ObjectId;
  caseCode: string;
  /** Keyed digest of the client's submission id (idempotency); the id itself is not stored. */
  submissionKey: string;
  /** argon2id of the follow-up passphrase; null once erased. */
  passphraseHash: string | null;
  access: { failures: number; lockouts: number; lockedUntil?: Date | null; lastVerifiedAt?: Date | null };
  locale: string;
  reporterRole: ReporterRole;
  victimAge: AgeBand;
  category: Category;
  platforms: string[];
  urgency: Urgency;
  urgencyRank: number;
  ongoing: boolean;
  municipality?: string;
  flags: SituationFlag[];
  /**
   * Everything the reporter answered from fixed choices (who it is about,
   * whether it goes on, each category question, "don't know" included);
   * absent in reports stored before answers were kept.
   */
  answers?: ReportAnswerSet;
  /**
   * When the case is due: a blackmailer's deadline or a planned meeting, read
   * from the "when?" answer (services/deadlines). Absent when there is none
   * or the reporter did not know.
   */
  due?: Due;
  /** Anonymised narrative, encrypted (field `narrative`); null once erased. */
  narrative: EncryptedField | null;
  /** `{urls, handles}`, encrypted (field `evidence`); null once erased. */
  evidence: EncryptedField | null;
  /**
   * Links and handles the reporter sent later in follow-up messages, one
   * sealed `{urls, handles}` per message (field `evidence:<id>`), appended
   * with one atomic `$push`; read together with `evidence`
   * (services/reports/reportEvidence.ts). Absent on older reports; emptied
   * when erased.
   */
  evidenceAdded?: AddedEvidence[];
  hasContact: boolean;
  /**
   * Who should act and why. `reasons` are resource keys (or an administrator's
   * text in sr-Latn and en) that the dashboard renders in the reviewer's
   * language; `reason` is the same in English, for tools. Reports stored
   * before keys existed have only `reason` (read back by
   * services/routing/legacyReasons.ts).
   */
  routing: { authorityId: string; reason: string; reasons?: ReasonRef[] }[];
  status: ReportStatus;
  statusHistory: StatusChange[];
  resolution?: Resolution;
  forwards: { authorityId: string; channel: ForwardChannel; at: Date; by: string }[];
  notes: ReportNote[];
  retention: { closedAt?: Date | null; purgedAt?: Date | null };
  /** Messages from the reporter not yet read by staff (queue badge). */
  unreadByStaff: number;
  /** Notices that finally failed after their retries (see {@link openNoticeFailures}). */
  noticeFailures?: NoticeFailure[];
  createdAt: Date;
  updatedAt: Date;
}

/** Evidence from one follow-up message, sealed. */
export interface AddedEvidence {
  _id: Types.ObjectId;
  at: Date;
  body: EncryptedField;
}

/** The shape of an encrypted value inside any schema. */
export const encryptedFieldSchema = new Schema<EncryptedField>(
  {
    kid: { type: String, required: true },
    iv: { type: String, required: true },
    tag: { type: String, required: true },
    ct: { type: String, required: true },
  },
  { _id: false },
);

/** A routing reason: `key`, or the text in `sr-Latn` and `en` (core/domain/routing.ts ReasonRef). */
const reasonRefSchema = new Schema({ key: String, 'sr-Latn': String, en: String }, { _id: false });

const reportSchema = new Schema<ReportDoc>(
  {
    caseCode: { type: String, required: true },
    submissionKey: { type: String, required: true },
    passphraseHash: { type: String, default: null },
    access: {
      failures: { type: Number, required: true, default: 0 },
      lockouts: { type: Number, required: true, default: 0 },
      lockedUntil: { type: Date, default: null },
      lastVerifiedAt: { type: Date, default: null },
    },
    locale: { type: String, required: true },
    reporterRole: { type: String, required: true, enum: REPORTER_ROLES },
    victimAge: { type: String, required: true, enum: AGE_BANDS },
    category: { type: String, required: true, enum: CATEGORIES },
    platforms: { type: [String], default: [] },
    urgency: { type: String, required: true, enum: URGENCIES },
    urgencyRank: { type: Number, required: true },
    ongoing: { type: Boolean, required: true },
    municipality: { type: String },
    flags: { type: [String], enum: SITUATION_FLAGS, default: [] },
    answers: new Schema<ReportAnswerSet>(
      {
        victim: { type: String, enum: VICTIMS },
        ongoing: { type: String, enum: TRI_ANSWERS },
        ...Object.fromEntries(REPORT_QUESTIONS.map((q) => [q, { type: String, enum: TRI_ANSWERS }])),
        ...Object.fromEntries(Object.values(WHEN_QUESTIONS).map((q) => [q, { type: String, enum: WHEN_ANSWERS }])),
      },
      { _id: false, strict: 'throw' },
    ),
    due: {
      type: new Schema<Due>(
        { at: { type: Date, required: true }, kind: { type: String, enum: DUE_KINDS, required: true }, source: { type: String, enum: ['answer', 'narrative'], required: true } },
        { _id: false, strict: 'throw' },
      ),
      default: undefined,
    },
    narrative: { type: encryptedFieldSchema, default: null },
    evidence: { type: encryptedFieldSchema, default: null },
    evidenceAdded: [{ at: { type: Date, required: true }, body: { type: encryptedFieldSchema, required: true } }],
    hasContact: { type: Boolean, required: true, default: false },
    routing: [{ _id: false, authorityId: { type: String, required: true }, reason: { type: String, required: true }, reasons: { type: [reasonRefSchema], default: undefined } }],
    status: { type: String, required: true, enum: REPORT_STATUSES, default: 'new' },
    statusHistory: [
      { _id: false, status: { type: String, enum: REPORT_STATUSES, required: true }, at: { type: Date, required: true }, by: String, reason: String },
    ],
    resolution: { type: String, enum: RESOLUTIONS },
    forwards: [
      { _id: false, authorityId: { type: String, required: true }, channel: { type: String, enum: FORWARD_CHANNELS, required: true }, at: { type: Date, required: true }, by: { type: String, required: true } },
    ],
    notes: [{ at: { type: Date, required: true }, by: { type: String, required: true }, body: { type: encryptedFieldSchema, required: true } }],
    retention: { closedAt: { type: Date, default: null }, purgedAt: { type: Date, default: null } },
    unreadByStaff: { type: Number, required: true, default: 0 },
    noticeFailures: [
      {
        _id: false,
        noticeId: { type: Schema.Types.ObjectId, required: true },
        target: { type: String, enum: ['authority', 'onduty'], required: true },
        authorityId: String,
        channel: { type: String, enum: ['webhook', 'email'], required: true },
        error: { type: String, required: true },
        at: { type: Date, required: true },
      },
    ],
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  // createdAt is the submission time even when a report reaches the database later from the spool,
  // so timestamps are set by the service rather than by mongoose.
  { collection: 'reports', versionKey: false, strict: 'throw' },
);
reportSchema.index({ caseCode: 1 }, { unique: true });
reportSchema.index({ submissionKey: 1 }, { unique: true });
// The queue: most urgent first, oldest first within an urgency.
reportSchema.index({ urgencyRank: -1, createdAt: 1 });
reportSchema.index({ status: 1 });
reportSchema.index({ 'routing.authorityId': 1 });
reportSchema.index({ category: 1 });
reportSchema.index({ createdAt: 1 });

/** The report model bound to a connection. */
export function reportModel(conn: Connection): Model<ReportDoc> {
  return (conn.models.Report as Model<ReportDoc> | undefined) ?? conn.model<ReportDoc>('Report', reportSchema);
}
