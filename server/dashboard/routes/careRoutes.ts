import Joi from 'joi';
import type { ApiRoute, RouteContext } from '../apiRoute';
import type { DashboardServices } from '../dashboardServices';

const counts = Joi.object({ today: Joi.number().integer(), week: Joi.number().integer() });

/** Care for reviewers: each person's own count of distressing reports opened; administrators also see the team's sums. */
export function careRoutes(s: DashboardServices): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/api/dashboard/care',
      tag: 'care',
      summary: 'How many reports of the distressing categories (DASHBOARD_CARE_CATEGORIES) you opened today and this week (Europe/Belgrade day; the week from Monday), each report once a day; `suggestPause` once today reaches DASHBOARD_CARE_PAUSE_AFTER. Administrators also get the team\'s sums (`team`), never anyone else\'s own count. Counts only: no report, no content. Not audited (nothing about a report is read).',
      access: ['admin', 'reviewer', 'authority'],
      response: Joi.object({
        day: Joi.string(), weekStart: Joi.string(), today: Joi.number().integer(), week: Joi.number().integer(),
        pauseAfter: Joi.number().integer(), suggestPause: Joi.boolean(), categories: Joi.array().items(Joi.string()), team: counts,
      }),
      handler: async (ctx: RouteContext<object>) => {
        const status = await s.care.status(ctx.session!.userId, { team: ctx.session!.role === 'admin' });
        return { json: status };
      },
    },
  ];
}
