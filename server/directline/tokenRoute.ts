import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../core/logger';
import { startBodySchema } from './activitySchemas';
import type { AzureTokenClient } from './azureTokenClient';
import { DIRECT_LINE_PREFIX, takeTokenBudget } from './directLineRoutes';
import { DirectLineError } from './directLineError';
import type { LocalDirectLine } from './localDirectLine';
import type { RateLimiter } from './rateLimiter';
import { publicOrigin } from './requestInfo';
import { sendError } from './sendError';

/** What the widget receives: where to connect and with which token. */
export interface WidgetToken {
  mode: 'local' | 'azure';
  domain: string;
  conversationId: string;
  token: string;
  expires_in: number;
  userId: string;
}

export const TOKEN_PATH = '/api/directline/token';

export interface TokenRouteDeps {
  /** Set in production mode (DIRECTLINE_SECRET). */
  azure?: AzureTokenClient;
  /** Set in local mode. */
  local?: LocalDirectLine;
  tokenLimiter: RateLimiter;
  trustedProxyHops: number;
  log: Logger;
}

/**
 * POST /api/directline/token: the widget's one way to get a Direct Line
 * token. With an Azure secret configured the secret is exchanged for a
 * conversation-scoped token; otherwise the local service issues one.
 */
export function mountTokenRoute(server: Server, deps: TokenRouteDeps): void {
  server.post(TOKEN_PATH, async (req: Request, res: Response) => {
    try {
      await takeTokenBudget(deps.tokenLimiter, req, deps.trustedProxyHops);
      const { value, error } = startBodySchema.validate(req.body ?? null);
      if (error) throw new DirectLineError(400, 'BadArgument', 'The request body is not valid.');
      const userId = (value as { user?: { id?: string } } | null)?.user?.id ?? `dl_${randomBytes(12).toString('base64url')}`;
      let out: WidgetToken;
      if (deps.azure) {
        const token = await deps.azure.generate(userId);
        out = { mode: 'azure', domain: deps.azure.domain, ...token, userId };
      } else if (deps.local) {
        const info = await deps.local.generate({ user: { id: userId } });
        out = { mode: 'local', domain: `${publicOrigin(req)}${DIRECT_LINE_PREFIX}`, ...info, userId };
      } else {
        throw new DirectLineError(503, 'NotConfigured', 'No Direct Line is configured.');
      }
      res.setHeader('Cache-Control', 'no-store');
      res.send(200, out);
    } catch (err) {
      if (err instanceof DirectLineError && err.status === 502) {
        deps.log.warn({ event: 'directline.azure_token_failed', code: err.code }, 'Azure Direct Line token exchange failed');
      }
      sendError(res, err, deps.log);
    }
  });
}
