import Joi from 'joi';
import { REPORT_STATUSES, SITUATION_FLAGS } from '../../models/report';
import { ANSWER_MARKS } from '../../core/domain/reportAnswerSet';
import { urgencyKeyRange, urgencyOfKey } from '../../models/reportQueueEntry';
import type { ReportQueueRepository } from '../../models/reportQueueRepository';
import type { QueueMirror } from '../../models/embedded/queueMirror';
import type { QueueSelector } from '../../models/queueSelector';
import { CATEGORIES, URGENCIES } from '../../core/domain/routing';
import { decodeQueueCursor, encodeQueueCursor } from './queueCursor';
import { scopeAuthority, Viewer } from './reportScope';

/** Queue filters (the API's query string). */
export interface QueueQuery {
  /** A status, `open` (default: everything not closed) or `all`. */
  status?: (typeof REPORT_STATUSES)[number] | 'open' | 'all';
  category?: (typeof CATEGORIES)[number];
  urgency?: (typeof URGENCIES)[number];
  authority?: string;
  from?: Date;
  to?: Date;
  caseCode?: string;
  /** A situation flag the report carries (`selfHarmRisk`, `meetingPlanned`…). */
  flag?: (typeof SITUATION_FLAGS)[number];
  /** An answer the reporter gave, `<field>:<value>` (`paidOrSent:yes`, `victim:self`). */
  answer?: string;
  /** Only reports with a notice that finally failed and nobody acted on yet. */
  noticeFailed?: boolean;
  /** Only reports that share an account with at least one other report. */
  linked?: boolean;
  cursor?: string;
  limit: number;
}

export const queueQuerySchema = Joi.object({
  status: Joi.string().valid(...REPORT_STATUSES, 'open', 'all').empty(''),
  category: Joi.string().valid(...CATEGORIES).empty(''),
  urgency: Joi.string().valid(...URGENCIES).empty(''),
  authority: Joi.string().pattern(/^[a-z0-9-]{2,80}$/).empty(''),
  from: Joi.date().iso().empty(''),
  to: Joi.date().iso().empty(''),
  caseCode: Joi.string().max(20).pattern(/^[A-Za-z0-9 -]+$/).empty(''),
  flag: Joi.string().valid(...SITUATION_FLAGS).empty(''),
  answer: Joi.string().valid(...ANSWER_MARKS).empty(''),
  noticeFailed: Joi.boolean().empty(''),
  linked: Joi.boolean().empty(''),
  cursor: Joi.string().max(200).pattern(/^[A-Za-z0-9_-]+$/).empty(''),
  limit: Joi.number().integer().min(1).max(100).default(25),
});

/** One queue row: no narrative, nothing decrypted. */
export interface QueueItem {
  id: string;
  caseCode: string;
  urgency: string;
  status: string;
  category: string;
  victimAge: string;
  createdAt: Date;
  authorities: string[];
  unreadByStaff: number;
  /** The report's situation flags; `selfHarmRisk` and `dangerDisclosed` are marked in the row (and sort first). */
  flags: string[];
  /** A notice finally failed and nobody has acted on it yet: phone them. */
  noticeFailed: boolean;
  /** Who was not notified (authority ids; `onduty` for the on-duty channel). */
  noticeFailedTo: string[];
  /** The last error code (`http_503`, `smtp_550`, `timeout`…). */
  noticeError?: string;
  /** When the case is due (a blackmailer's deadline, a planned meeting): the row's countdown. */
  dueAt?: Date;
  dueKind?: string;
  /** An account this report names appears in another report too. */
  linked: boolean;
}

/** Failed notices nobody has acted on, for the banner: reports of immediate urgency, of other urgencies, and the last error. */
export interface NoticeAlerts {
  immediate: number;
  other: number;
  lastError?: string;
  lastAt?: Date;
}

/** Case codes are shown grouped (K7F9-Q2XM-4HRT); searches accept any spacing or case. */
export function normaliseCaseCode(input: string): string {
  const raw = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return raw.match(/.{1,4}/g)?.join('-') ?? '';
}

/**
 * Where the queue is read: `database` — the `reportqueue` collection and its
 * indexes (models/reportQueueRepository.ts; MongoDB, Cosmos DB; any number
 * of instances); `memory` — a copy held in this process
 * (models/embedded/queueMirror.ts; one writer only, the embedded database).
 */
export type QueueMode = 'database' | 'memory';

/**
 * The review queue: most urgent first, then the longest waiting. It reads
 * the small `reportqueue` entries (models/reportQueueEntry.ts), never the
 * reports: one document per report with only what the queue filters, sorts
 * and shows. The order is one string field, `queueKey`, so a page is
 * `queueKey > cursor` sorted on `queueKey` — an index walk on MongoDB and
 * Cosmos DB whether the page is the first or the thousandth — and every
 * filter is an equality or a range on a top-level field. Given a `mirror`
 * (`memory` mode) the same selection is made on a copy held in this process
 * (for the embedded database, which cannot walk an index).
 */
export class ReportQueue {
  readonly mode: QueueMode;
  private loading?: Promise<QueueMirror>;

  constructor(private readonly entries: ReportQueueRepository, private readonly mirror?: QueueMirror) {
    this.mode = mirror ? 'memory' : 'database';
  }

  /**
   * Creates the entry indexes and fills the entries once for a database that
   * has none yet. In memory mode it also starts loading the copy, without
   * waiting: at 100,000 reports that takes half a minute on the embedded
   * database, and the chat need not wait for it — queue requests do.
   */
  async init(): Promise<void> {
    await this.entries.init();
    this.ready().catch(() => undefined);
  }

  /** Resolves when the queue can answer (memory mode: the copy is loaded; a failed load is tried again on the next call). */
  async ready(): Promise<void> {
    await this.loaded();
  }

  private loaded(): Promise<QueueMirror | undefined> {
    const mirror = this.mirror;
    if (!mirror) return Promise.resolve(undefined);
    this.loading ??= mirror.load().then(
      () => mirror,
      (err: unknown) => {
        this.loading = undefined;
        throw err;
      },
    );
    return this.loading;
  }

  /** Stops following writes (memory mode). */
  close(): void {
    this.mirror?.close();
  }

  /** Which entries a query selects (also used by the alert count). */
  selectorFor(viewer: Viewer, q: Partial<QueueQuery>): QueueSelector {
    const s: QueueSelector = {};
    const scope = scopeAuthority(viewer);
    if (scope !== undefined) s.authority = scope;
    else if (q.authority) s.authority = q.authority;
    if (q.category) s.category = q.category;
    if (q.flag) s.flag = q.flag;
    if (q.answer) s.answer = q.answer;
    if (q.noticeFailed) s.noticeFailed = true;
    if (q.linked) s.linked = true;
    if (q.urgency) {
      const r = urgencyKeyRange(q.urgency);
      s.keyRange = { gte: r.$gte, lt: r.$lt };
    }
    if (q.from || q.to) s.created = { from: q.from, to: q.to ? new Date(q.to.getTime() + 86_400_000) : undefined };
    if (q.caseCode) {
      // A case-code search finds the report whatever its status.
      s.caseCode = normaliseCaseCode(q.caseCode);
    } else if (!q.status || q.status === 'open') s.open = true;
    else if (q.status !== 'all') s.status = q.status;
    return s;
  }

  async page(viewer: Viewer, q: QueueQuery): Promise<{ items: QueueItem[]; nextCursor?: string }> {
    const selector = this.selectorFor(viewer, q);
    const after = q.cursor ? decodeQueueCursor(q.cursor) : undefined;
    const mirror = await this.loaded();
    const docs = mirror
      ? mirror.page(selector, after, q.limit + 1)
      : await this.entries.page(selector, after, q.limit + 1);
    const more = docs.length > q.limit;
    const shown = docs.slice(0, q.limit);
    return {
      items: shown.map((d) => ({
        id: d._id.toHexString(),
        caseCode: d.caseCode,
        urgency: urgencyOfKey(d.queueKey),
        status: d.status,
        category: d.category,
        victimAge: d.victimAge,
        createdAt: d.createdAt,
        authorities: d.authorities ?? [],
        unreadByStaff: d.unreadByStaff ?? 0,
        flags: d.flags ?? [],
        noticeFailed: d.noticeFailed ?? false,
        noticeFailedTo: d.noticeFailedTo ?? [],
        ...(d.noticeFailed && d.noticeError ? { noticeError: d.noticeError } : {}),
        ...(d.dueAt ? { dueAt: d.dueAt, dueKind: d.dueKind } : {}),
        linked: d.linked ?? false,
      })),
      nextCursor: more && shown.length ? encodeQueueCursor(shown[shown.length - 1]!.queueKey) : undefined,
    };
  }

  /**
   * Reports whose notice to an authority (or the on-duty channel) finally
   * failed and nobody has acted on it — immediate ones apart — with the last
   * error: the banner, so the contact centre phones instead. Only the
   * contact centre is told (an authority account gets zeros): phoning is its
   * job.
   */
  async noticeAlerts(viewer: Viewer): Promise<NoticeAlerts> {
    if (viewer.role === 'authority') return { immediate: 0, other: 0 };
    const all: QueueSelector = { noticeFailed: true };
    const r = urgencyKeyRange('immediate');
    const immediate: QueueSelector = { ...all, keyRange: { gte: r.$gte, lt: r.$lt } };
    const mirror = await this.loaded();
    if (mirror) {
      const latest = mirror.latestNoticeFailure(all);
      const nImmediate = mirror.count(immediate);
      return { immediate: nImmediate, other: mirror.count(all) - nImmediate, ...(latest ? { lastError: latest.noticeError, lastAt: latest.noticeFailedAt } : {}) };
    }
    const [total, nImmediate, latest] = await Promise.all([
      this.entries.count(all),
      this.entries.count(immediate),
      this.entries.latestNoticeFailure(all),
    ]);
    return { immediate: nImmediate, other: total - nImmediate, ...(latest ? { lastError: latest.noticeError, lastAt: latest.noticeFailedAt } : {}) };
  }

  /** Open reports of immediate urgency not yet forwarded: the banner count. */
  async immediateOpen(viewer: Viewer): Promise<number> {
    const scope = scopeAuthority(viewer);
    const selector: QueueSelector = { alert: true, ...(scope !== undefined ? { authority: scope } : {}) };
    const mirror = await this.loaded();
    return mirror ? mirror.count(selector) : this.entries.count(selector);
  }
}
