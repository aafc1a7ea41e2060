import { Connection, Model, Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../core/duplicateKey';
import { KeyedMutex } from '../core/keyedMutex';
import { AGE_BANDS, CATEGORIES, URGENCIES } from '../core/domain/routing';
import type { AgeBand, Category, Urgency } from '../core/domain/routing';
import { answerMarks } from '../core/domain/reportAnswerSet';
import { DUE_KINDS, type DueKind } from '../core/domain/due';
import { hasCrisisFlag, openNoticeFailures, REPORT_STATUSES, reportModel, SITUATION_FLAGS } from './report';
import type { ReportDoc, ReportStatus } from './report';

/** Statuses the default queue shows. */
export const OPEN_STATUSES: readonly ReportStatus[] = ['new', 'in_review', 'forwarded'];

/** Statuses in which an `immediate` report raises the red banner (not yet passed on). */
export const ALERT_STATUSES: readonly ReportStatus[] = ['new', 'in_review'];

/**
 * One report as the review queue needs it, and nothing else: a small
 * document per report (same `_id`) that the queue filters, sorts and lists
 * without touching the large report (encrypted narrative, evidence, notes,
 * history). It is derived data: {@link syncReportQueueEntry} copies it from
 * the report after every change, and `npm run admin -- rebuild-queue`
 * re-derives all of it.
 */
export interface ReportQueueEntryDoc {
  /** The report's `_id`. */
  _id: Types.ObjectId;
  /** Queue order as one string: see {@link queueKeyOf}. Unique. */
  queueKey: string;
  /** `status` is one of {@link OPEN_STATUSES}: the default queue, as an equality. */
  open: boolean;
  /** `immediate` and one of {@link ALERT_STATUSES}: the banner count, as an equality. */
  alert: boolean;
  status: ReportStatus;
  category: Category;
  victimAge: AgeBand;
  caseCode: string;
  /** The authorities the report is routed to (authority scope and filter). */
  authorities: string[];
  /** The report's situation flags, crisis flags included (row marks and the `flag` filter). */
  flags: string[];
  /** What the reporter answered, as `<field>:<value>` (`paidOrSent:yes`, `victim:self`): the `answer` filter. */
  answers: string[];
  /**
   * A notice finally failed and nobody has acted on it yet (no forward to
   * that authority recorded since; see openNoticeFailures): the row's mark,
   * the banner and the `noticeFailed` filter.
   */
  noticeFailed: boolean;
  /** Who was not notified: authority ids, `onduty` for the contact centre's on-duty channel. */
  noticeFailedTo: string[];
  /** The last error code of those failures, and when it happened. */
  noticeError?: string;
  noticeFailedAt?: Date;
  createdAt: Date;
  unreadByStaff: number;
  /** When the case is due (a deadline, a planned meeting): the row's countdown; part of {@link queueKeyOf}. */
  dueAt?: Date;
  dueKind?: DueKind;
}

const TIME_DIGITS = 15;
const pad = (d: Date): string => String(d.getTime()).padStart(TIME_DIGITS, '0');

/**
 * The queue's order — urgency (immediate first); within an urgency a crisis
 * recognised during the report (self-harm risk, danger disclosed) first;
 * then cases with a due time, the soonest due first (so an overdue case,
 * whose due time is past, comes before one still running); then age (oldest
 * first); then id — as one string that sorts the same way, so a page is a
 * range on one indexed field: `<urgency digit, 0 = immediate>-<crisis digit,
 * 0 = crisis>-<due digit, 0 = has a due time>-<due ms, zero padded, zeros
 * when none>-<creation ms, zero padded>-<report id hex>`. The order does not
 * change as time passes (an earlier due time is always more pressing), so
 * the key is written once per change of the report, not re-computed by a
 * clock. An urgency is a prefix, and a keyset cursor is simply the last key
 * seen.
 */
export function queueKeyOf(urgencyRank: number, crisis: boolean, createdAt: Date, id: Types.ObjectId, dueAt?: Date): string {
  const due = dueAt ? `0-${pad(dueAt)}` : `1-${'0'.repeat(TIME_DIGITS)}`;
  return `${URGENCIES.length - 1 - urgencyRank}-${crisis ? 0 : 1}-${due}-${pad(createdAt)}-${id.toHexString()}`;
}

/** The shape every queue key has (used to validate cursors). */
export const QUEUE_KEY_PATTERN = new RegExp(`^[0-${URGENCIES.length - 1}]-[01]-[01]-\\d{${TIME_DIGITS}}-\\d{${TIME_DIGITS}}-[a-f0-9]{24}$`);

/** The key prefix of one urgency: its entries are the keys in `[prefix, next prefix)`. */
export function urgencyKeyRange(urgency: Urgency): { $gte: string; $lt: string } {
  const digit = URGENCIES.length - 1 - URGENCIES.indexOf(urgency);
  return { $gte: `${digit}-`, $lt: `${digit + 1}-` };
}

/** The urgency a queue key encodes. */
export function urgencyOfKey(key: string): Urgency {
  return URGENCIES[URGENCIES.length - 1 - Number(key[0])]!;
}

/** The report fields an entry is derived from. */
export const QUEUE_SOURCE_FIELDS = { caseCode: 1, urgencyRank: 1, status: 1, category: 1, victimAge: 1, routing: 1, flags: 1, answers: 1, forwards: 1, noticeFailures: 1, createdAt: 1, unreadByStaff: 1, due: 1 } as const;

type QueueSource = Pick<ReportDoc, '_id' | keyof typeof QUEUE_SOURCE_FIELDS>;

/** Derives a report's queue entry. */
export function queueEntryOf(r: QueueSource): ReportQueueEntryDoc {
  const failed = openNoticeFailures(r);
  const latest = failed[0];
  return {
    _id: r._id,
    queueKey: queueKeyOf(r.urgencyRank, hasCrisisFlag(r.flags), r.createdAt, r._id, r.due?.at),
    open: OPEN_STATUSES.includes(r.status),
    alert: r.urgencyRank === URGENCIES.indexOf('immediate') && ALERT_STATUSES.includes(r.status),
    status: r.status,
    category: r.category,
    victimAge: r.victimAge,
    caseCode: r.caseCode,
    authorities: (r.routing ?? []).map((x) => x.authorityId),
    flags: [...(r.flags ?? [])],
    answers: answerMarks(r.answers),
    noticeFailed: failed.length > 0,
    noticeFailedTo: [...new Set(failed.map((f) => f.authorityId ?? 'onduty'))],
    ...(latest ? { noticeError: latest.error, noticeFailedAt: new Date(latest.at) } : {}),
    createdAt: r.createdAt,
    unreadByStaff: r.unreadByStaff ?? 0,
    ...(r.due ? { dueAt: r.due.at, dueKind: r.due.kind } : {}),
  };
}

const entrySchema = new Schema<ReportQueueEntryDoc>(
  {
    queueKey: { type: String, required: true },
    open: { type: Boolean, required: true },
    alert: { type: Boolean, required: true },
    status: { type: String, required: true, enum: REPORT_STATUSES },
    category: { type: String, required: true, enum: CATEGORIES },
    victimAge: { type: String, required: true, enum: AGE_BANDS },
    caseCode: { type: String, required: true },
    authorities: { type: [String], default: [] },
    flags: { type: [String], enum: SITUATION_FLAGS, default: [] },
    answers: { type: [String], default: [] },
    noticeFailed: { type: Boolean, required: true, default: false },
    noticeFailedTo: { type: [String], default: [] },
    noticeError: { type: String },
    noticeFailedAt: { type: Date },
    createdAt: { type: Date, required: true },
    unreadByStaff: { type: Number, required: true, default: 0 },
    dueAt: { type: Date },
    dueKind: { type: String, enum: DUE_KINDS },
  },
  { collection: 'reportqueue', versionKey: false, strict: 'throw' },
);
// Each index is the equality fields of one query shape followed by the sort key
// (equality, sort, range), so MongoDB and Cosmos DB walk a page in index order.
entrySchema.index({ queueKey: 1 }, { unique: true, name: 'queue_key' });
entrySchema.index({ open: 1, queueKey: 1 }, { name: 'queue_open' });
entrySchema.index({ status: 1, queueKey: 1 }, { name: 'queue_status' });
entrySchema.index({ authorities: 1, open: 1, queueKey: 1 }, { name: 'queue_authority' });
entrySchema.index({ caseCode: 1 }, { name: 'queue_case' });
entrySchema.index({ flags: 1, open: 1, queueKey: 1 }, { name: 'queue_flag' });
entrySchema.index({ answers: 1, open: 1, queueKey: 1 }, { name: 'queue_answer' });
entrySchema.index({ noticeFailed: 1, queueKey: 1 }, { name: 'queue_notice_failed' });
entrySchema.index({ alert: 1, authorities: 1 }, { name: 'queue_alert' });

/** The queue-entry model bound to a connection. */
export function reportQueueEntryModel(conn: Connection): Model<ReportQueueEntryDoc> {
  return (conn.models.ReportQueueEntry as Model<ReportQueueEntryDoc> | undefined) ?? conn.model<ReportQueueEntryDoc>('ReportQueueEntry', entrySchema);
}

/** Told of each entry this process writes: the report's id and the entry, or null when it was removed. */
export type QueueEntryListener = (reportId: string, entry: ReportQueueEntryDoc | null) => void;

const listeners = new WeakMap<Connection, Set<QueueEntryListener>>();

/** Calls `listener` after every entry write on `conn` by this process; returns the unsubscribe. */
export function onQueueEntryWritten(conn: Connection, listener: QueueEntryListener): () => void {
  let set = listeners.get(conn);
  if (!set) listeners.set(conn, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/** One sync per report at a time in this process, so the writes — and what listeners hear — come in order. */
const syncs = new KeyedMutex();

/**
 * Brings a report's queue entry up to date with the report (or removes it if
 * the report is gone). Every code path that creates a report or changes a
 * listed field (status, routing, unread count) calls this after its write.
 *
 * Without transactions two writers can race: A reads the report, B changes
 * it and writes its entry, then A writes its older copy. So after writing,
 * the report is read again, and written again until the copy matches — the
 * last writer to finish always leaves the entry equal to the report (an
 * upsert that loses an insert race to another writer just goes round again).
 * Within
 * one process syncs of a report also run one at a time, so the last entry a
 * listener hears is the one left in the database.
 */
export async function syncReportQueueEntry(conn: Connection, reportId: Types.ObjectId | string): Promise<void> {
  const _id = typeof reportId === 'string' ? new Types.ObjectId(reportId) : reportId;
  const key = _id.toHexString();
  await syncs.run(key, async () => {
    const reports = reportModel(conn);
    const entries = reportQueueEntryModel(conn);
    let written: string | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      const report = await reports.findById(_id, QUEUE_SOURCE_FIELDS).lean<QueueSource>().exec();
      const entry = report ? queueEntryOf(report) : null;
      const copy = JSON.stringify(entry);
      if (copy === written) return;
      try {
        if (entry) await entries.replaceOne({ _id }, entry, { upsert: true }).exec();
        else await entries.deleteOne({ _id }).exec();
      } catch (err) {
        // Another writer (a first fill, another instance) inserted the entry between
        // this upsert's read and its insert: the next round replaces it.
        if (isDuplicateKey(err)) continue;
        throw err;
      }
      written = copy;
      for (const listener of listeners.get(conn) ?? []) listener(key, entry);
    }
    throw new Error('report queue entry did not settle: the report kept changing');
  });
}
