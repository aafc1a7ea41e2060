import type Joi from 'joi';
import type { Request, Response, Server } from 'restify';
import type { AuditLog } from '../../services/audit/auditLog';
import type { SessionService, StaffSession } from '../../services/auth/sessionService';
import { tokensEqual } from '../../services/auth/sessionService';
import { DASHBOARD_ERROR_STATUS } from './errorStatus';
import { DashboardError, DashboardErrorCode } from '../../services/auth/staffErrors';
import { isDatabaseUnavailable } from '../../models/dbAvailability';
import { localeFromTag } from '../../services/i18n/localeChoice';
import type { Locale } from '../../services/i18n/locales';
import { clientAddress } from '../clientAddress';
import type { Logger } from '../../core/logger';
import type { ApiRoute, RouteContext } from './apiRoute';
import { cookieNames, parseCookies, serializeCookie } from './cookies';

export interface ApiDeps {
  sessions: SessionService;
  audit: AuditLog;
  log: Logger;
  secureCookies: boolean;
  /** Proxy hops to skip in X-Forwarded-For (server/clientAddress.ts). */
  trustedProxyHops: number;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);


/** The reader's locale: the first tag of Accept-Language (the UI sends exactly one of ours). */
export function requestLocale(req: Request): Locale {
  const header = req.headers['accept-language'];
  const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.split(';')[0]?.trim();
  return localeFromTag(first);
}

/** Answers `{code, message}` with the code's status (the only place a dashboard code becomes one). */
function sendError(res: Response, code: DashboardErrorCode, message: string): void {
  res.send(DASHBOARD_ERROR_STATUS[code], { code, message });
}

function validate(schema: Joi.ObjectSchema | undefined, value: unknown, where: string): unknown {
  if (!schema) return value ?? {};
  const { value: out, error } = schema.validate(value ?? {}, { abortEarly: true, convert: true });
  if (error) throw new DashboardError('ValidationError', `${where}: ${error.details[0]?.message ?? error.message}`);
  return out;
}

/**
 * Mounts each declared route: session → access (401/403) → CSRF → joi
 * validation → handler; errors become `{code, message}` JSON.
 */
export function mountApiRoutes(server: Server, routes: readonly ApiRoute[], deps: ApiDeps): void {
  const names = cookieNames(deps.secureCookies);
  for (const route of routes) {
    server[route.method](route.path, async (req: Request, res: Response) => {
      res.setHeader('Cache-Control', 'no-store');
      // Names, reasons and labels in a response depend on the reader's language.
      res.setHeader('Vary', 'Accept-Language');
      res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
      try {
        await handle(route, req, res);
      } catch (err) {
        if (err instanceof DashboardError) return sendError(res, err.code, err.message);
        if (isDatabaseUnavailable(err)) {
          deps.log.warn({ event: 'dashboard.db_unavailable', route: route.path, method: route.method }, 'dashboard request failed: database unavailable');
          if (!res.headersSent) sendError(res, 'DatabaseUnavailable', 'The database cannot be reached; try again in a moment.');
          return;
        }
        deps.log.error({ event: 'dashboard.error', route: route.path, method: route.method, err }, 'dashboard request failed');
        if (!res.headersSent) sendError(res, 'InternalError', 'Internal error.');
      }
    });
  }

  async function handle(route: ApiRoute, req: Request, res: Response): Promise<void> {
    const cookies = parseCookies(req.headers.cookie);
    const sessionToken = cookies[names.session];
    let session: StaffSession | undefined;
    // The UI marks its polls (X-Bezbedno-Background: 1): they do not extend an idle session.
    if (sessionToken) session = await deps.sessions.touch(sessionToken, { extend: req.headers['x-bezbedno-background'] !== '1' });

    if (route.access !== 'public') {
      if (!session) return sendError(res, 'Unauthenticated', 'Sign in first.');
    }

    if (STATE_CHANGING.has(req.method ?? 'GET')) {
      const header = req.headers['x-csrf-token'];
      const sent = typeof header === 'string' ? header : '';
      const mode = route.csrf ?? (route.access === 'public' ? 'presession' : 'session');
      const expected = mode === 'session' ? session?.csrfToken : mode === 'presession' ? cookies[names.csrf] : undefined;
      if (mode !== 'none' && (!expected || !sent || !tokensEqual(sent, expected))) {
        return sendError(res, 'CsrfTokenInvalid', 'Missing or wrong CSRF token; reload the page.');
      }
      const body: unknown = req.body;
      if (body !== undefined && (typeof body !== 'object' || Buffer.isBuffer(body)) && route.body) {
        return sendError(res, 'UnsupportedMediaType', 'Send JSON.');
      }
    }

    if (route.access !== 'public' && !route.access.includes(session!.role)) {
      return sendError(res, 'Forbidden', 'Not allowed for your role.');
    }

    const ctx: RouteContext = {
      req,
      res,
      params: validate(route.params, req.params, 'path') as Record<string, string>,
      query: validate(route.query, req.query, 'query') as Record<string, unknown>,
      body: validate(route.body, req.body, 'body') as Record<string, unknown>,
      session,
      sessionToken,
      client: clientAddress(req, deps.trustedProxyHops),
      locale: requestLocale(req),
      audit: async (entry) => {
        await deps.audit.append({ id: session?.userId ?? 'anonymous', role: session?.role ?? 'anonymous' }, entry);
      },
      setCookie: (name, value, opts = {}) => {
        const prev = res.getHeader('Set-Cookie');
        const list = Array.isArray(prev) ? prev.map(String) : prev ? [String(prev)] : [];
        list.push(serializeCookie(name, value, { secure: deps.secureCookies, httpOnly: opts.httpOnly ?? true, maxAgeSeconds: opts.maxAgeSeconds }));
        res.setHeader('Set-Cookie', list);
      },
    };
    const result = await route.handler(ctx);
    if ('notModified' in result) {
      res.setHeader('ETag', result.etag);
      res.send(304);
      return;
    }
    if ('file' in result) {
      res.setHeader('Content-Type', result.file.contentType);
      res.setHeader('Content-Disposition', `attachment; filename="${result.file.filename.replace(/[^\w.-]/g, '_')}"`);
      res.sendRaw(result.status ?? 200, result.file.body);
      return;
    }
    if (result.etag) res.setHeader('ETag', result.etag);
    res.send(result.status ?? 200, result.json);
  }
}
