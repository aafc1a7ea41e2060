import restify, { Request, Response, Server } from 'restify';
import type { ActivityHandler } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import { checkInboundActivity } from '../bots/activitySchema';
import type { Logger } from '../core/logger';
import type { EdgeAdapter } from './adapter';
import type { ServiceUrlPolicy } from './serviceUrlPolicy';

export interface AppDeps {
  adapter: EdgeAdapter;
  bot: ActivityHandler;
  log: Logger;
  /** Which serviceUrls an inbound activity may name (the bot replies there). */
  serviceUrls: ServiceUrlPolicy;
  bodyLimitBytes: number;
  /** Resolves true when the database answers. */
  isReady: () => Promise<boolean>;
}

/** Extra routes mounted by later parts (dashboard, Direct Line, widget). */
export type RouteMounter = (server: Server) => void;

/** The HTTP app plus a counter of requests still being handled. */
export interface App {
  server: Server;
  inFlight: () => number;
  /** Resolves when no request is in flight (or after `timeoutMs`). */
  drain: (timeoutMs: number) => Promise<boolean>;
}

/** Builds the restify server: thin routes, no business logic. */
export function createApp(deps: AppDeps, mounters: RouteMounter[] = []): App {
  const server = restify.createServer({ name: 'bezbedno', handleUncaughtExceptions: false });
  let inFlight = 0;
  const idleWaiters: Array<() => void> = [];

  server.pre((_req: Request, res: Response, next: restify.Next) => {
    inFlight++;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      inFlight--;
      if (inFlight === 0) idleWaiters.splice(0).forEach((w) => w());
    };
    res.once('finish', finish);
    res.once('close', finish);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  // Files are never accepted (SPEC.md section 5): a multipart body would be
  // spooled to a temporary folder by the body parser, so it is refused first.
  server.pre((req: Request, res: Response, next: restify.Next) => {
    if (/^multipart\//i.test(req.headers['content-type'] ?? '')) {
      res.send(415, { code: 'UnsupportedMediaType', message: 'Files are not accepted.' });
      return next(false);
    }
    next();
  });

  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(
    restify.plugins.bodyParser({
      maxBodySize: deps.bodyLimitBytes,
      mapParams: false,
      mapFiles: false,
      rejectUnknown: false,
    }),
  );

  server.get('/healthz', (_req: Request, res: Response, next: restify.Next) => {
    res.send(200, { status: 'ok' });
    next();
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    const ready = await deps.isReady();
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'database unavailable' });
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    // One schema at the edge: a malformed activity is a 400 here, never an
    // exception inside botbuilder or inside a turn.
    const checked = checkInboundActivity(req.body);
    if (!checked.ok) {
      deps.log.info({ event: 'activity.refused', field: checked.field }, 'malformed activity refused');
      res.send(400, { code: 'BadActivity', message: 'The activity is not valid.', details: { field: checked.field } });
      return;
    }
    // The bot replies to the activity's serviceUrl: only configured channels,
    // refused before authentication, state or any outbound request.
    if (!deps.serviceUrls.allowsChannel(checked.activity.serviceUrl)) {
      deps.log.info({ event: 'activity.service_url_refused' }, 'activity for a reply address that is not a configured channel refused');
      res.send(403, { code: 'ServiceUrlNotAllowed', message: 'This service does not reply to that address.' });
      return;
    }
    // The checked activity goes to the adapter directly (EdgeAdapter); the
    // status and body are written here as CloudAdapter#process writes them:
    // 200, or an invoke's or expectReplies' own status and body.
    const auth = req.headers.authorization;
    try {
      const invokeResponse = await deps.adapter.processChecked(typeof auth === 'string' ? auth : '', checked.activity, (context) => deps.bot.run(context));
      res.status(invokeResponse?.status ?? 200);
      if (invokeResponse?.body) res.send(invokeResponse.body);
      res.end();
    } catch (err) {
      if (err instanceof AuthenticationError) {
        deps.log.info({ event: 'activity.unauthenticated' }, 'activity without a valid Bot Framework token refused');
        if (!res.headersSent) res.send(401, { code: 'Unauthorized', message: 'The request is not authenticated.' });
        return;
      }
      deps.log.error({ event: 'activity.process_failed', err }, 'the adapter failed outside a turn');
      if (!res.headersSent) res.send(500, { code: 'InternalError', message: 'Internal error.' });
    }
  });

  for (const mount of mounters) mount(server);

  // Errors become a small JSON body; stacks and request content never leave
  // the server or reach the log.
  server.on('restifyError', (req: Request, _res: Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, cb: () => void) => {
    const status = err.statusCode ?? 500;
    const code = status === 413 ? 'PayloadTooLarge' : status === 400 ? 'BadRequest' : status === 404 ? 'NotFound' : status === 405 ? 'MethodNotAllowed' : status >= 500 ? 'InternalError' : 'RequestError';
    const message =
      status === 413 ? 'The request body is too large.' :
      status === 400 ? 'The request body is not valid JSON or is malformed.' :
      status === 404 ? 'Not found.' :
      status >= 500 ? 'Internal error.' : 'The request could not be handled.';
    err.toJSON = () => ({ code, message });
    (err as { toString: () => string }).toString = () => `${code}: ${message}`;
    const level = status >= 500 ? 'error' : 'info';
    deps.log[level]({ event: 'http.error', method: req.method, route: req.getRoute()?.path, status, err }, 'request failed');
    cb();
  });

  return {
    server,
    inFlight: () => inFlight,
    drain: (timeoutMs: number) =>
      new Promise<boolean>((resolve) => {
        if (inFlight === 0) return resolve(true);
        const timer = setTimeout(() => resolve(false), timeoutMs);
        idleWaiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      }),
  };
}
