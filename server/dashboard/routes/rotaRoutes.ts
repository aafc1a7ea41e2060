import Joi from 'joi';
import { DashboardError } from '../../../services/auth/staffErrors';
import { rotaSchema } from '../../../services/notify/rota';
import { type Rota } from '../../../core/domain/rota';
import { RotaEditError } from '../../../services/notify/rotaService';
import type { ApiRoute, RouteContext } from '../apiRoute';
import type { DashboardOnDuty, DashboardServices } from '../dashboardServices';

const ADMIN = ['admin'] as const;

/**
 * The contact centre's on-duty rota (administrators): shifts per weekday,
 * holidays, the on-duty channel and the promised response time, on the
 * Belgrade clock. Read with what it means now (on duty or when next), edited
 * with the version it was read at (409 if someone saved meanwhile), every
 * edit audited like the registry's — the version only, never an address.
 */
export function rotaRoutes(s: DashboardServices): ApiRoute[] {
  const onDuty = (): DashboardOnDuty => {
    if (!s.onDuty) throw new DashboardError('RotaUnavailable', 'The on-duty rota is not available on this server.');
    return s.onDuty;
  };

  return [
    {
      method: 'get',
      path: '/api/dashboard/onduty',
      tag: 'registry',
      summary: 'The on-duty rota in force (saved in the dashboard, or the environment\'s NOTIFY_ONDUTY_HOURS until one is), its version for a conditional edit, who saved it, what it means now (on duty, or when next), and which channels this server can deliver to.',
      access: ADMIN,
      handler: async () => {
        const { rota } = onDuty();
        const current = await rota.current();
        const by = current.updatedBy ? (await s.staff.list()).find((u) => u.id === current.updatedBy)?.displayName : undefined;
        const status = await rota.status();
        return {
          json: {
            rota: current.rota,
            version: current.version,
            source: current.source,
            ...(current.updatedAt ? { updatedAt: current.updatedAt } : {}),
            ...(by ? { updatedByName: by } : {}),
            status,
            channelWorks: rota.channelWorks(current.rota),
            channels: rota.channelsAvailable(),
          },
        };
      },
    },
    {
      method: 'put',
      path: '/api/dashboard/onduty',
      tag: 'registry',
      summary: 'Save the on-duty rota (Belgrade times; a shift ending at or before it starts runs past midnight). expectedVersion is the version read (0 while the environment\'s is shown): 409 if someone saved meanwhile. A webhook must be https (and the server must sign), an e-mail needs SMTP: 400 otherwise.',
      access: ADMIN,
      body: Joi.object({ expectedVersion: Joi.number().integer().min(0).required(), rota: rotaSchema.required() }),
      handler: async (ctx: RouteContext<object, object, { expectedVersion: number; rota: Rota }>) => {
        const { rota } = onDuty();
        let version: number;
        try {
          version = await rota.save(ctx.body.rota, ctx.body.expectedVersion, ctx.session!.userId);
        } catch (err) {
          if (!(err instanceof RotaEditError)) throw err;
          if (err.code === 'conflict') throw new DashboardError('VersionConflict', 'Someone changed the rota since you opened it; reload.');
          throw new DashboardError(err.field === 'channel.email' ? 'EmailNotUsable' : 'WebhookNotUsable', err.message);
        }
        await ctx.audit({ action: 'registry.onduty_edit', targetType: 'onduty-rota', targetId: 'rota', details: { version } });
        return { json: { version } };
      },
    },
  ];
}
