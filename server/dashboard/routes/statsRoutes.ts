import Joi from 'joi';
import { DisplayNames } from '../../../services/dashboard/displayNames';
import { STAT_DIMENSIONS } from '../../../services/dashboard/reportStats';
import { statsCsv, suppressStats } from '../../../services/dashboard/statsCsv';
import type { ApiRoute, RouteContext } from '../apiRoute';
import type { DashboardServices } from '../dashboardServices';

const CONTACT_CENTRE = ['admin', 'reviewer'] as const;
const rangeSchema = Joi.object({ from: Joi.date().iso().empty(''), to: Joi.date().iso().empty('') });

/** Statistics (counts below 5 shown as `<5`) and their CSV export. */
export function statsRoutes(s: DashboardServices): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/api/dashboard/stats',
      tag: 'stats',
      summary: 'Counts by category, month, urgency, platform, victim age, reporter role, district, authority, situation flag (crisis flags included) and answer (`<question>:<value>`); time to first review; `repeatAccounts`, the accounts named in more than one report of the period (matched by keyed hash). Counts below 5 are "<5". Platform, district and authority rows carry a `label` in the reader\'s language (Accept-Language).',
      access: CONTACT_CENTRE,
      query: rangeSchema,
      handler: async (ctx: RouteContext<object, { from?: Date; to?: Date }>) => {
        const [stats, routing] = await Promise.all([s.stats.compute(ctx.query), s.routing.data()]);
        await ctx.audit({ action: 'stats.read', targetType: 'stats', targetId: 'reports' });
        const display = new DisplayNames(ctx.locale, routing.authorities);
        const json = suppressStats(stats);
        // Rows keyed by an id (platform, district, authority) carry its name in the reader's language.
        for (const d of STAT_DIMENSIONS) {
          json[d] = (json[d] as Array<{ key: string; count: number | string }>).map((r) => {
            const label = display.statLabel(d, r.key);
            return label === undefined ? r : { ...r, label };
          });
        }
        return { json };
      },
    },
    {
      method: 'get',
      path: '/api/dashboard/stats.csv',
      tag: 'stats',
      summary: 'The statistics as CSV (dimension,key,count), counts below 5 as "<5".',
      access: CONTACT_CENTRE,
      query: rangeSchema,
      produces: 'text/csv',
      handler: async (ctx: RouteContext<object, { from?: Date; to?: Date }>) => {
        const stats = await s.stats.compute(ctx.query);
        await ctx.audit({ action: 'stats.export', targetType: 'stats', targetId: 'reports' });
        return { file: { contentType: 'text/csv; charset=utf-8', filename: 'bezbedno-statistika.csv', body: statsCsv(stats, ctx.query) } };
      },
    },
  ];
}
