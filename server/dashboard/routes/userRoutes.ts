import Joi from 'joi';
import { newStaffUserSchema, passwordSchema, StaffUserPatch, staffUserPatchSchema, NewStaffUser } from '../../../services/auth/staffService';
import { DashboardError } from '../../../services/auth/staffErrors';
import type { ApiRoute, RouteContext } from '../apiRoute';
import type { DashboardServices } from '../dashboardServices';
import { idParams, staffUserSchema } from './schemas';

const ADMIN = ['admin'] as const;

/** Staff account administration (admin only). */
export function userRoutes(s: DashboardServices): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/api/dashboard/users',
      tag: 'users',
      summary: 'List staff accounts.',
      access: ADMIN,
      response: Joi.object({ items: Joi.array().items(staffUserSchema) }),
      handler: async () => ({ json: { items: await s.staff.list() } }),
    },
    {
      method: 'post',
      path: '/api/dashboard/users',
      tag: 'users',
      summary: 'Create a staff account (role authority needs authorityId).',
      access: ADMIN,
      body: newStaffUserSchema,
      response: staffUserSchema,
      handler: async (ctx: RouteContext<object, object, NewStaffUser>) => {
        const user = await s.staff.create(ctx.body);
        await ctx.audit({ action: 'staff.create', targetType: 'staff', targetId: user.id, details: { role: user.role } });
        return { status: 201, json: user };
      },
    },
    {
      method: 'patch',
      path: '/api/dashboard/users/:id',
      tag: 'users',
      summary: 'Change role, authority, language; disable, unlock, or reset the second factor. A change of role or access ends the account\'s sessions.',
      access: ADMIN,
      params: idParams,
      body: staffUserPatchSchema,
      response: staffUserSchema,
      handler: async (ctx: RouteContext<{ id: string }, object, StaffUserPatch>) => {
        if (ctx.params.id === ctx.session!.userId && (ctx.body.disabled || (ctx.body.role && ctx.body.role !== 'admin'))) {
          throw new DashboardError('SelfLockout', 'You cannot disable or demote your own account.');
        }
        const user = await s.staff.update(ctx.params.id, ctx.body);
        if (ctx.body.role !== undefined || ctx.body.authorityId !== undefined || ctx.body.disabled || ctx.body.resetTotp) {
          await s.sessions.destroyAllFor(user.id);
        }
        const details: Record<string, string | boolean> = {};
        for (const [k, v] of Object.entries(ctx.body)) if (k !== 'displayName' && v !== null && v !== undefined) details[k] = v as string | boolean;
        await ctx.audit({ action: 'staff.update', targetType: 'staff', targetId: user.id, details });
        return { json: user };
      },
    },
    {
      method: 'post',
      path: '/api/dashboard/users/:id/password',
      tag: 'users',
      summary: 'Set a new password for an account (its sessions end).',
      access: ADMIN,
      params: idParams,
      body: Joi.object({ password: passwordSchema.required() }),
      handler: async (ctx: RouteContext<{ id: string }, object, { password: string }>) => {
        await s.staff.setPassword(ctx.params.id, ctx.body.password);
        await s.sessions.destroyAllFor(ctx.params.id);
        await ctx.audit({ action: 'staff.password_reset', targetType: 'staff', targetId: ctx.params.id });
        return { json: { ok: true } };
      },
    },
  ];
}
