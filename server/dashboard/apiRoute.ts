import type Joi from 'joi';
import type { Request, Response } from 'restify';
import type { StaffRole } from '../../models/staffUser';
import type { AuditEntry } from '../../services/audit/auditLog';
import type { StaffSession } from '../../services/auth/sessionService';
import type { Locale } from '../../services/i18n/locales';

/** Who may call a route: `public` needs no session; otherwise the roles listed. */
export type RouteAccess = 'public' | readonly StaffRole[];

/** What a handler gets: validated input and the caller. */
export interface RouteContext<P = Record<string, string>, Q = Record<string, unknown>, B = Record<string, unknown>> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  body: B;
  /** Present on every non-public route. */
  session?: StaffSession;
  /** The session cookie token (for logout). */
  sessionToken?: string;
  /** An opaque per-client string (the address, never stored or logged). */
  client: string;
  /** The reader's locale (the UI sends it as Accept-Language): names and reasons are rendered in it. */
  locale: Locale;
  /** Appends an audit event as the caller; awaited before the response. */
  audit: (entry: AuditEntry) => Promise<void>;
  /** Sets a cookie on the response. */
  setCookie: (name: string, value: string, opts?: { maxAgeSeconds?: number; httpOnly?: boolean }) => void;
}

/**
 * A JSON response (with its ETag when the route supports polling), "not
 * modified" (304: the client's copy, named by its ETag, is still current),
 * or a file download.
 */
export type RouteResult =
  | { status?: number; json: unknown; etag?: string }
  | { notModified: true; etag: string }
  | { status?: number; file: { contentType: string; filename: string; body: string } };

/**
 * One REST endpoint, declared as data: the same table mounts the route,
 * enforces access and CSRF, validates input with joi, and generates the
 * OpenAPI document — so the document cannot drift from the routes.
 */
export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'del';
  /** restify path, e.g. `/api/dashboard/reports/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: RouteAccess;
  params?: Joi.ObjectSchema;
  query?: Joi.ObjectSchema;
  body?: Joi.ObjectSchema;
  /** Main success response shape for the document (optional). */
  response?: Joi.Schema;
  /** Content type of a file response (documentation). */
  produces?: string;
  /** Login is state-changing but checked against the pre-session CSRF cookie. */
  csrf?: 'session' | 'presession' | 'none';
  // Handlers receive validated values whose shapes the route's schemas define.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route narrows its own context types
  handler: (ctx: RouteContext<any, any, any>) => Promise<RouteResult>;
}
