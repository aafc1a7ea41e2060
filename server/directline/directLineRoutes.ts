import type { Request, Response, Server } from 'restify';
import { clientAddress } from '../clientAddress';
import type { Logger } from '../../core/logger';
import { DirectLineError } from './directLineError';
import type { LocalDirectLine } from './localDirectLine';
import type { RateLimiter } from './rateLimiter';
import { bearerToken, publicOrigin } from './requestInfo';
import { sendError } from './sendError';

export interface DirectLineRouteDeps {
  directLine: LocalDirectLine;
  tokenLimiter: RateLimiter;
  /** Proxy hops to skip in X-Forwarded-For for the per-client token limit. */
  trustedProxyHops: number;
  log: Logger;
}

/** The path prefix of the client-facing API. */
export const DIRECT_LINE_PREFIX = '/v3/directline';

type Handler = (req: Request, res: Response) => Promise<void> | void;

function handle(log: Logger, fn: (req: Request, res: Response) => Promise<unknown> | unknown, status = 200): Handler {
  return async (req, res) => {
    try {
      const body = await fn(req, res);
      res.setHeader('Cache-Control', 'no-store');
      res.send(status, body);
    } catch (err) {
      sendError(res, err, log);
    }
  };
}

/** Refuses a client (by address, never kept in clear) that asks for too many tokens. */
export async function takeTokenBudget(limiter: RateLimiter, req: Request, trustedProxyHops: number): Promise<void> {
  const decision = await limiter.take(clientAddress(req, trustedProxyHops));
  if (!decision.ok) throw new DirectLineError(429, 'TooManyRequests', 'Too many new conversations; try again later.', decision.retryAfterSeconds);
}

/**
 * Mounts the Direct Line 3.0 REST API (what Web Chat calls). Routes only
 * translate HTTP. The bot's replies do not come over HTTP: they reach the
 * Direct Line in-process (botBridge.ts), so there is no connector route for
 * anyone else to post into a conversation.
 */
export function mountDirectLineRoutes(server: Server, deps: DirectLineRouteDeps): void {
  const { directLine, log } = deps;
  const p = DIRECT_LINE_PREFIX;
  const param = (req: Request, name: string): string => String((req.params as Record<string, string>)[name] ?? '');
  const query = (req: Request, name: string): string | undefined => {
    const value = (req.query as Record<string, unknown> | undefined)?.[name];
    return typeof value === 'string' ? value : undefined;
  };

  server.post(`${p}/tokens/generate`, handle(log, async (req) => {
    await takeTokenBudget(deps.tokenLimiter, req, deps.trustedProxyHops);
    return directLine.generate(req.body);
  }));
  server.post(`${p}/tokens/refresh`, handle(log, (req) => directLine.refresh(bearerToken(req))));

  server.post(`${p}/conversations`, async (req: Request, res: Response) => {
    try {
      const { created, info } = await directLine.start(bearerToken(req), req.body, publicOrigin(req, 'ws'));
      res.setHeader('Cache-Control', 'no-store');
      res.send(created ? 201 : 200, info);
    } catch (err) {
      sendError(res, err, log);
    }
  });
  server.get(`${p}/conversations/:conversationId`, handle(log, (req) =>
    directLine.reconnect(bearerToken(req), param(req, 'conversationId'), query(req, 'watermark'), publicOrigin(req, 'ws'))));
  server.get(`${p}/conversations/:conversationId/activities`, handle(log, (req) =>
    directLine.activities(bearerToken(req), param(req, 'conversationId'), query(req, 'watermark'))));
  server.post(`${p}/conversations/:conversationId/activities`, handle(log, (req) =>
    directLine.post(bearerToken(req), param(req, 'conversationId'), req.body)));
}
