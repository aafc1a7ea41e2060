import Joi from 'joi';
import { RegistryVersions } from '../../../models/registryVersions';
import { DashboardError } from '../../../services/auth/staffErrors';
import type { AuthorityDef } from '../../../core/domain/authorityDef';
import type { RoutingRuleDef } from '../../../core/domain/ruleDef';
import { RoutingEditError } from '../../../services/routing/routingEdits';
import { authoritySchema, routingRuleSchema } from '../../../services/routing/routingSchemas';
import { situationSchema } from '../../../services/routing/situationSchema';
import type { Situation } from '../../../core/domain/routing';
import { DisplayNames } from '../../../services/dashboard/displayNames';
import { authorityDisplay, ruleDisplay } from '../../../services/dashboard/ruleDisplay';
import { renderReason } from '../../../services/routing/reasonTemplate';
import type { ApiRoute, RouteContext } from '../apiRoute';
import type { DashboardServices } from '../dashboardServices';

const READERS = ['admin', 'reviewer'] as const;
const ADMIN = ['admin'] as const;
const registryId = Joi.object({ id: Joi.string().pattern(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(80).required() });

function mapEditError(err: unknown): never {
  if (err instanceof RoutingEditError) {
    throw err.code === 'conflict'
      ? new DashboardError('VersionConflict', 'Someone changed this entry since you opened it; reload.')
      : new DashboardError('ValidationError', err.message);
  }
  throw err;
}

/** The authority registry and routing rules: read (contact centre), edit (admin). */
export function registryRoutes(s: DashboardServices): ApiRoute[] {
  const versions = new RegistryVersions(s.db);

  return [
    {
      method: 'get',
      path: '/api/dashboard/authorities',
      tag: 'registry',
      summary: 'The authority registry, with each entry\'s version (for conditional edits) and provenance; `display` holds its name, area and remit in the reader\'s language (Accept-Language).',
      access: READERS,
      handler: async (ctx) => {
        const data = await s.routing.data();
        const v = await versions.authorities();
        return { json: { from: data.from, items: data.authorities.map((a) => ({ ...a, ...(v.get(a.id) ?? {}), display: authorityDisplay(a, ctx.locale) })) } };
      },
    },
    {
      method: 'put',
      path: '/api/dashboard/authorities/:id',
      tag: 'registry',
      summary: 'Edit an authority (validated by the routing schema); with expectedVersion the edit fails with 409 if someone changed it meanwhile.',
      access: ADMIN,
      params: registryId,
      body: Joi.object({ expectedVersion: Joi.number().integer().min(1), authority: authoritySchema.required() }),
      handler: async (ctx: RouteContext<{ id: string }, object, { expectedVersion?: number; authority: AuthorityDef }>) => {
        if (ctx.body.authority.id !== ctx.params.id) throw new DashboardError('ValidationError', 'The id in the body must match the path.');
        const version = await s.routing.editAuthority(ctx.body.authority, ctx.body.expectedVersion).catch(mapEditError);
        await ctx.audit({ action: 'registry.authority_edit', targetType: 'authority', targetId: ctx.params.id, details: { version } });
        return { json: { id: ctx.params.id, version } };
      },
    },
    {
      method: 'get',
      path: '/api/dashboard/routing-rules',
      tag: 'registry',
      summary: 'The routing rules in evaluation order, with versions; `display` holds the description, whom each rule adds and why, in the reader\'s language (Accept-Language).',
      access: READERS,
      handler: async (ctx) => {
        const data = await s.routing.data();
        const v = await versions.rules();
        const byId = new Map(data.authorities.map((a) => [a.id, a]));
        return { json: { from: data.from, items: data.rules.map((r) => ({ ...r, ...(v.get(r.id) ?? {}), display: ruleDisplay(r, ctx.locale, byId) })) } };
      },
    },
    {
      method: 'put',
      path: '/api/dashboard/routing-rules/:id',
      tag: 'registry',
      summary: 'Edit or add a routing rule (validated by the routing schema; 409 on a version conflict).',
      access: ADMIN,
      params: registryId,
      body: Joi.object({ expectedVersion: Joi.number().integer().min(1), rule: routingRuleSchema.required() }),
      handler: async (ctx: RouteContext<{ id: string }, object, { expectedVersion?: number; rule: RoutingRuleDef }>) => {
        if (ctx.body.rule.id !== ctx.params.id) throw new DashboardError('ValidationError', 'The id in the body must match the path.');
        const version = await s.routing.editRule(ctx.body.rule, ctx.body.expectedVersion).catch(mapEditError);
        await ctx.audit({ action: 'registry.rule_edit', targetType: 'routing-rule', targetId: ctx.params.id, details: { version } });
        return { json: { id: ctx.params.id, version } };
      },
    },
    {
      method: 'post',
      path: '/api/dashboard/routing/preview',
      tag: 'registry',
      summary: 'Route a made-up situation with the current rules, to check an edit (nothing is stored).',
      access: READERS,
      body: Joi.object({ situation: situationSchema.required() }),
      handler: async (ctx: RouteContext<object, object, { situation: Situation }>) => {
        const [decision, data] = await Promise.all([s.routing.route(ctx.body.situation), s.routing.data()]);
        const display = new DisplayNames(ctx.locale, data.authorities);
        return {
          json: {
            ...decision,
            authorities: decision.authorities.map((a) => ({ ...a, display: display.routing({ authorityId: a.id, reason: a.reason, reasons: a.reasons }) })),
            urgencyReasonTexts: (decision.urgencyReasons ?? []).map((r) => renderReason(r, ctx.locale)),
          },
        };
      },
    },
  ];
}
