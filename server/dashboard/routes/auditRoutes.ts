import Joi from 'joi';
import type { ApiRoute, RouteContext } from '../apiRoute';
import type { DashboardServices } from '../dashboardServices';
import { auditEventSchema } from './schemas';

const ADMIN = ['admin'] as const;

interface AuditQuery {
  before?: number;
  limit: number;
  targetId?: string;
  actorId?: string;
  action?: string;
}

/** The audit log, for administrators. Viewing it is itself audited. */
export function auditRoutes(s: DashboardServices): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/api/dashboard/audit',
      tag: 'audit',
      summary: 'Audit events, newest first; page with `before` (the last seq seen).',
      access: ADMIN,
      query: Joi.object({
        before: Joi.number().integer().min(1),
        limit: Joi.number().integer().min(1).max(200).default(50),
        targetId: Joi.string().max(64),
        actorId: Joi.string().max(64),
        action: Joi.string().max(64),
      }),
      response: Joi.object({ items: Joi.array().items(auditEventSchema), nextBefore: Joi.number() }),
      handler: async (ctx: RouteContext<object, AuditQuery>) => {
        const q = ctx.query;
        const items = await s.audit.list({ beforeSeq: q.before, limit: q.limit, targetId: q.targetId, actorId: q.actorId, action: q.action });
        await ctx.audit({ action: 'audit.read', targetType: 'audit', targetId: 'log' });
        const last = items[items.length - 1];
        return { json: { items, nextBefore: items.length === q.limit && last ? last.seq : undefined } };
      },
    },
    {
      method: 'get',
      path: '/api/dashboard/audit/verify',
      tag: 'audit',
      summary: 'Verify the hash chain; names the first broken link.',
      access: ADMIN,
      response: Joi.object({ ok: Joi.boolean(), checked: Joi.number(), brokenAt: Joi.number(), reason: Joi.string() }),
      handler: async (ctx) => {
        const verdict = await s.audit.verify();
        await ctx.audit({ action: 'audit.verify', targetType: 'audit', targetId: 'log', details: { ok: verdict.ok } });
        return { json: verdict };
      },
    },
  ];
}
