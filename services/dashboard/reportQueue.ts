import Joi from 'joi';
import type { Connection, Model } from 'mongoose';
import { REPORT_STATUSES } from '../../models/report';
import { reportQueueEntryModel, urgencyKeyRange, urgencyOfKey } from '../../models/reportQueueEntry';
import type { ReportQueueEntryDoc } from '../../models/reportQueueEntry';
import { CATEGORIES, URGENCIES } from '../routing/types';
import { decodeQueueCursor, encodeQueueCursor } from './queueCursor';
import { QueueIndex } from './queueIndex';
import { scopeFilter, Viewer } from './reportScope';

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
}

/** Everything a row shows: the filter-only flags stay in the database. */
const ROW_FIELDS = { queueKey: 1, caseCode: 1, status: 1, category: 1, victimAge: 1, createdAt: 1, authorities: 1, unreadByStaff: 1 } as const;

/** Case codes are shown grouped (K7F9-Q2XM-4HRT); searches accept any spacing or case. */
export function normaliseCaseCode(input: string): string {
  const raw = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return raw.match(/.{1,4}/g)?.join('-') ?? '';
}

/** The authority scope on queue entries (the entry's copy of the routing). */
function entryScope(viewer: Viewer): Record<string, unknown> {
  const scope = scopeFilter(viewer);
  return 'routing.authorityId' in scope ? { authorities: scope['routing.authorityId'] } : {};
}

/**
 * The review queue: most urgent first, then the longest waiting. It reads
 * the small `reportqueue` entries (models/reportQueueEntry.ts), never the
 * reports: one document per report with only what the queue filters, sorts
 * and shows. The order is one string field, `queueKey`, so a page is
 * `queueKey > cursor` sorted on `queueKey` — an index walk on MongoDB and
 * Cosmos DB whether the page is the first or the thousandth — and every
 * filter is an equality or a range on a top-level field.
 */
export class ReportQueue {
  private readonly entries: Model<ReportQueueEntryDoc>;
  private readonly index: QueueIndex;

  constructor(conn: Connection) {
    this.entries = reportQueueEntryModel(conn);
    this.index = new QueueIndex(conn);
  }

  /** Creates the entry indexes and fills the entries once for a database that has none yet. */
  async init(): Promise<void> {
    await this.index.init();
  }

  /** The filter for a query (also used by the alert count). */
  filterFor(viewer: Viewer, q: Partial<QueueQuery>): Record<string, unknown> {
    const f: Record<string, unknown> = { ...entryScope(viewer) };
    if (!q.status || q.status === 'open') f.open = true;
    else if (q.status !== 'all') f.status = q.status;
    if (q.category) f.category = q.category;
    if (q.urgency) f.queueKey = urgencyKeyRange(q.urgency);
    if (q.authority && viewer.role !== 'authority') f.authorities = q.authority;
    if (q.from || q.to) {
      const range: Record<string, Date> = {};
      if (q.from) range.$gte = q.from;
      if (q.to) range.$lt = new Date(q.to.getTime() + 86_400_000);
      f.createdAt = range;
    }
    if (q.caseCode) {
      // A case-code search finds the report whatever its status.
      delete f.open;
      delete f.status;
      f.caseCode = normaliseCaseCode(q.caseCode);
    }
    return f;
  }

  async page(viewer: Viewer, q: QueueQuery): Promise<{ items: QueueItem[]; nextCursor?: string }> {
    const filter = this.filterFor(viewer, q);
    if (q.cursor) {
      const after = decodeQueueCursor(q.cursor);
      filter.queueKey = { ...(filter.queueKey as Record<string, string> | undefined), $gt: after };
    }
    const docs = await this.entries
      .find(filter, ROW_FIELDS)
      .sort({ queueKey: 1 })
      .limit(q.limit + 1)
      .lean<ReportQueueEntryDoc[]>()
      .exec();
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
      })),
      nextCursor: more && shown.length ? encodeQueueCursor(shown[shown.length - 1]!.queueKey) : undefined,
    };
  }

  /** Open reports of immediate urgency not yet forwarded: the banner count. */
  async immediateOpen(viewer: Viewer): Promise<number> {
    return this.entries.countDocuments({ alert: true, ...entryScope(viewer) }).exec();
  }
}
