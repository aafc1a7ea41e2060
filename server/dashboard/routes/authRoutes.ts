import Joi from 'joi';
import { STAFF_ROLES } from '../../../models/staffUser';
import { passwordSchema } from '../../../services/auth/staffService';
import { DashboardError } from '../../../services/auth/staffErrors';
import { randomToken } from '../../../services/auth/sessionService';
import type { ApiRoute, RouteContext } from '../apiRoute';
import { cookieNames } from '../cookies';
import type { DashboardServices } from '../dashboardServices';
import { staffUserSchema } from './schemas';

const ALL = STAFF_ROLES;

/** Sign-in, sign-out, session, password and second-factor routes. */
export function authRoutes(s: DashboardServices): ApiRoute[] {
  const names = cookieNames(s.config.secureCookies);

  const startSession = async (ctx: Pick<RouteContext, 'setCookie'>, user: { id: string; role: (typeof STAFF_ROLES)[number]; authorityId?: string }) => {
    const { token, session } = await s.sessions.create(user);
    ctx.setCookie(names.session, token, { maxAgeSeconds: s.config.sessionAbsoluteHours * 3600 });
    ctx.setCookie(names.csrf, '', { maxAgeSeconds: 0 });
    return session;
  };

  return [
    {
      method: 'get',
      path: '/api/dashboard/session',
      tag: 'auth',
      summary: 'The current session: the user and the CSRF token to send as X-CSRF-Token, and how often the UI polls for changes (`pollSeconds`). Without a session, issues a pre-login CSRF token.',
      access: 'public',
      response: Joi.object({ authenticated: Joi.boolean(), csrfToken: Joi.string(), user: staffUserSchema, pollSeconds: Joi.number() }),
      handler: async (ctx) => {
        const pollSeconds = s.config.pollSeconds;
        if (ctx.session) {
          const user = await s.staff.get(ctx.session.userId);
          return { json: { authenticated: true, csrfToken: ctx.session.csrfToken, user, pollSeconds } };
        }
        const csrfToken = randomToken();
        ctx.setCookie(names.csrf, csrfToken);
        return { json: { authenticated: false, csrfToken, pollSeconds } };
      },
    },
    {
      method: 'post',
      path: '/api/dashboard/auth/login',
      tag: 'auth',
      summary: 'Sign in with e-mail, password and (when enrolled) a TOTP code. Needs the pre-login CSRF token.',
      access: 'public',
      csrf: 'presession',
      body: Joi.object({
        email: Joi.string().max(254).required(),
        password: Joi.string().max(256).required(),
        totp: Joi.string().pattern(/^\d{6}$/),
      }),
      response: Joi.object({ csrfToken: Joi.string(), user: staffUserSchema }),
      handler: async (ctx: RouteContext<object, object, { email: string; password: string; totp?: string }>) => {
        const result = await s.auth.login({ ...ctx.body, client: ctx.client });
        if (!result.ok) {
          if (result.reason === 'throttled') {
            ctx.res.setHeader('Retry-After', String(Math.ceil((result.retryAfterMs ?? 60_000) / 1000)));
            throw new DashboardError('TooManyAttempts', 'Too many attempts; wait and try again.');
          }
          if (result.reason === 'totp_required') throw new DashboardError('TotpRequired', 'Enter the code from your authenticator app.');
          const known = await s.staff.findByEmail(ctx.body.email);
          await s.audit.append({ id: 'anonymous', role: 'anonymous' }, { action: 'auth.login_failed', targetType: 'staff', targetId: known ? known._id.toHexString() : 'unknown', details: { locked: result.reason === 'locked' } });
          // One answer for wrong credentials and a locked account: no oracle for which accounts exist.
          throw new DashboardError('InvalidCredentials', 'Wrong e-mail, password or code, or the account is temporarily locked.');
        }
        const session = await startSession(ctx, result.user);
        await s.audit.append({ id: result.user.id, role: result.user.role }, { action: 'auth.login', targetType: 'staff', targetId: result.user.id });
        return { json: { csrfToken: session.csrfToken, user: result.user } };
      },
    },
    {
      method: 'post',
      path: '/api/dashboard/auth/logout',
      tag: 'auth',
      summary: 'Sign out: the session is deleted on the server.',
      access: ALL,
      handler: async (ctx) => {
        if (ctx.sessionToken) await s.sessions.destroy(ctx.sessionToken);
        ctx.setCookie(names.session, '', { maxAgeSeconds: 0 });
        await ctx.audit({ action: 'auth.logout', targetType: 'staff', targetId: ctx.session!.userId });
        return { json: { ok: true } };
      },
    },
    {
      method: 'post',
      path: '/api/dashboard/auth/password',
      tag: 'auth',
      summary: 'Change your own password; every session of yours ends, and this one is renewed.',
      access: ALL,
      body: Joi.object({ currentPassword: Joi.string().max(256).required(), newPassword: passwordSchema.required() }),
      handler: async (ctx: RouteContext<object, object, { currentPassword: string; newPassword: string }>) => {
        const me = ctx.session!;
        if (!(await s.auth.checkPassword(me.userId, ctx.body.currentPassword))) throw new DashboardError('WrongPassword', 'The current password is wrong.');
        await s.staff.setPassword(me.userId, ctx.body.newPassword);
        await s.sessions.destroyAllFor(me.userId);
        const session = await startSession(ctx, { id: me.userId, role: me.role, authorityId: me.authorityId });
        await ctx.audit({ action: 'auth.password_changed', targetType: 'staff', targetId: me.userId });
        return { json: { csrfToken: session.csrfToken } };
      },
    },
    {
      method: 'post',
      path: '/api/dashboard/auth/totp/setup',
      tag: 'auth',
      summary: 'Begin TOTP enrolment: returns the secret and otpauth URI once; confirm with a code to enable.',
      access: ALL,
      response: Joi.object({ secret: Joi.string(), otpauthUri: Joi.string() }),
      handler: async (ctx) => {
        if (!s.config.totpKey) throw new DashboardError('TotpUnavailable', 'The second factor needs DASHBOARD_TOTP_KEY to be configured.');
        const out = await s.auth.beginTotp(ctx.session!.userId);
        await ctx.audit({ action: 'auth.totp_setup', targetType: 'staff', targetId: ctx.session!.userId });
        return { json: out };
      },
    },
    {
      method: 'post',
      path: '/api/dashboard/auth/totp/confirm',
      tag: 'auth',
      summary: 'Confirm TOTP enrolment with a current code; the second factor is then required at sign-in.',
      access: ALL,
      body: Joi.object({ code: Joi.string().pattern(/^\d{6}$/).required() }),
      handler: async (ctx: RouteContext<object, object, { code: string }>) => {
        if (!(await s.auth.confirmTotp(ctx.session!.userId, ctx.body.code))) throw new DashboardError('TotpCodeInvalid', 'The code does not match; check the clock of your device.');
        await ctx.audit({ action: 'auth.totp_enabled', targetType: 'staff', targetId: ctx.session!.userId });
        return { json: { enabled: true } };
      },
    },
    {
      method: 'post',
      path: '/api/dashboard/auth/totp/disable',
      tag: 'auth',
      summary: 'Turn the second factor off (needs the password).',
      access: ALL,
      body: Joi.object({ password: Joi.string().max(256).required() }),
      handler: async (ctx: RouteContext<object, object, { password: string }>) => {
        if (!(await s.auth.checkPassword(ctx.session!.userId, ctx.body.password))) throw new DashboardError('WrongPassword', 'The password is wrong.');
        await s.auth.disableTotp(ctx.session!.userId);
        await ctx.audit({ action: 'auth.totp_disabled', targetType: 'staff', targetId: ctx.session!.userId });
        return { json: { enabled: false } };
      },
    },
  ];
}
