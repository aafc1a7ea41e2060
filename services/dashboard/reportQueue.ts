import Joi from 'joi';
import { Types } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { REPORT_STATUSES, ReportDoc, reportModel } from '../../models/report';
import { CATEGORIES, URGENCIES } from '../routing/types';
import { badRequest } from '../auth/staffErrors';
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

interface Cursor {
  u: number;
  c: number;
  i: string;
}

const QUEUE_SORT = { urgencyRank: -1, createdAt: 1, _id: 1 } as const;

function encodeCursor(doc: Pick<ReportDoc, 'urgencyRank' | 'createdAt' | '_id'>): string {
  return Buffer.from(JSON.stringify({ u: doc.urgencyRank, c: doc.createdAt.getTime(), i: doc._id.toHexString() })).toString('base64url');
}

function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.u === 'number' && typeof c.c === 'number' && /^[a-f0-9]{24}$/.test(c.i)) return c;
  } catch {
    // fall through
  }
  throw badRequest('The cursor is not valid; start from the first page.');
}

/** Case codes are shown grouped (K7F9-Q2XM-4HRT); searches accept any spacing or case. */
export function normaliseCaseCode(input: string): string {
  const raw = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return raw.match(/.{1,4}/g)?.join('-') ?? '';
}

/**
 * The review queue: most urgent first, then the longest waiting, with keyset
 * (cursor) pagination on (urgencyRank desc, createdAt asc, _id asc) so a deep
 * page costs what the first page costs — backed by the index below.
 */
export class ReportQueue {
  private readonly model: Model<ReportDoc>;

  constructor(conn: Connection) {
    this.model = reportModel(conn);
  }

  /** The queue's own index: the report model's sort index plus the _id tie-breaker. */
  async init(): Promise<void> {
    await this.model.collection.createIndex(QUEUE_SORT, { name: 'queue_keyset' });
  }

  /** The filter for a query (also used by the alert count). */
  filterFor(viewer: Viewer, q: Partial<QueueQuery>): Record<string, unknown> {
    const f: Record<string, unknown> = { ...scopeFilter(viewer) };
    if (!q.status || q.status === 'open') f.status = { $in: ['new', 'in_review', 'forwarded'] };
    else if (q.status !== 'all') f.status = q.status;
    if (q.category) f.category = q.category;
    if (q.urgency) f.urgencyRank = URGENCIES.indexOf(q.urgency);
    if (q.authority && viewer.role !== 'authority') f['routing.authorityId'] = q.authority;
    if (q.from || q.to) {
      const range: Record<string, Date> = {};
      if (q.from) range.$gte = q.from;
      if (q.to) range.$lt = new Date(q.to.getTime() + 86_400_000);
      f.createdAt = range;
    }
    if (q.caseCode) {
      // A case-code search finds the report whatever its status.
      delete f.status;
      f.caseCode = normaliseCaseCode(q.caseCode);
    }
    return f;
  }

  async page(viewer: Viewer, q: QueueQuery): Promise<{ items: QueueItem[]; nextCursor?: string }> {
    const filter = this.filterFor(viewer, q);
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      const at = new Date(c.c);
      const id = new Types.ObjectId(c.i);
      filter.$or = [
        { urgencyRank: { $lt: c.u } },
        { urgencyRank: c.u, createdAt: { $gt: at } },
        { urgencyRank: c.u, createdAt: at, _id: { $gt: id } },
      ];
    }
    const docs = await this.model
      .find(filter, { caseCode: 1, urgency: 1, urgencyRank: 1, status: 1, category: 1, victimAge: 1, createdAt: 1, routing: 1, unreadByStaff: 1 })
      .sort(QUEUE_SORT)
      .limit(q.limit + 1)
      .lean<ReportDoc[]>()
      .exec();
    const more = docs.length > q.limit;
    const shown = docs.slice(0, q.limit);
    return {
      items: shown.map((d) => ({
        id: d._id.toHexString(),
        caseCode: d.caseCode,
        urgency: d.urgency,
        status: d.status,
        category: d.category,
        victimAge: d.victimAge,
        createdAt: d.createdAt,
        authorities: (d.routing ?? []).map((r) => r.authorityId),
        unreadByStaff: d.unreadByStaff ?? 0,
      })),
      nextCursor: more && shown.length ? encodeCursor(shown[shown.length - 1]!) : undefined,
    };
  }

  /** Open reports of immediate urgency not yet forwarded: the banner count. */
  async immediateOpen(viewer: Viewer): Promise<number> {
    return this.model.countDocuments({ ...scopeFilter(viewer), urgencyRank: URGENCIES.indexOf('immediate'), status: { $in: ['new', 'in_review'] } }).exec();
  }
}
