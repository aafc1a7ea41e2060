import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Server } from 'restify';
import type { DatabaseGate } from '../../models/databaseGate';
import type { DirectLineRecords } from '../../models/directLineRecords';
import type { CounterStore } from '../../models/counterStore';
import type { Logger } from '../../core/logger';
import { mountWidgetRoutes } from '../widget/widgetRoutes';
import { ConversationKeys } from './activitySeal';
import { AzureTokenClient } from './azureTokenClient';
import { BotBridge, LOCAL_SERVICE_URL } from './botBridge';
import { mountChannelGuard } from './channelGuard';
import type { DirectLineConfig } from './tokenKey';
import { ConversationStore } from './conversationStore';
import { CorsPolicy } from './corsPolicy';
import { DIRECT_LINE_PREFIX, mountDirectLineRoutes } from './directLineRoutes';
import { LocalDirectLine } from './localDirectLine';
import { RateLimiter } from './rateLimiter';
import { StreamServer } from './streamServer';
import { mountTokenRoute } from './tokenRoute';
import { TokenSigner } from './tokenSigner';

export interface WebChannelDeps {
  config: DirectLineConfig;
  adapter: CloudAdapter;
  bot: ActivityHandler;
  log: Logger;
  /** The bot's id in conversations (its app id when it has one). */
  botId?: string;
  /** Where conversations are kept (absent: memory only, for tests that need no database). */
  records?: DirectLineRecords;
  /** The database's availability, so the chat carries on from memory while it is away. */
  gate?: DatabaseGate;
  /** Shared rate-limit counters (MongoDB; swept by the server). */
  counters: CounterStore;
}

/** The website channel: widget, token endpoint and (in local mode) Direct Line. */
export interface WebChannel {
  mode: 'local' | 'azure';
  /** Mounts every route; pass to createApp. */
  mount: (server: Server) => void;
  /**
   * This server's connector URL for the bot's replies: none — the local
   * Direct Line takes the bot's replies in-process (botBridge.ts), so no
   * reply ever goes to a URL of this server. Kept for the reply allow-list.
   */
  serviceUrl: () => string | undefined;
  /** The local service, for tests and benchmarks (undefined in Azure mode). */
  store?: ConversationStore;
  /** Closes sockets, lets queued bot turns finish, writes what is pending, forgets every conversation here. */
  close: () => Promise<void>;
}

const SWEEP_MS = 60_000;

/**
 * Composes the website channel. With DIRECTLINE_SECRET the widget uses Azure
 * Direct Line and only the token exchange is mounted; without it the local
 * Direct Line 3.0 service runs inside this server — no cloud needed.
 */
export function createWebChannel(deps: WebChannelDeps): WebChannel {
  const { config, log } = deps;
  const cors = new CorsPolicy(config.allowedOrigins);
  const tokenLimiter = new RateLimiter(deps.counters, 'token', { perMinute: config.tokensPerMinute, burst: config.tokensPerMinute });
  const mode = config.azureSecret ? 'azure' : 'local';

  let local: { directLine: LocalDirectLine; store: ConversationStore; bridge: BotBridge; stream: StreamServer } | undefined;
  if (mode === 'local') {
    const store = new ConversationStore({
      idleMs: config.idleMinutes * 60_000,
      maxActivities: config.maxActivities,
      maxConversations: config.maxConversations,
      keys: new ConversationKeys(config.tokenSecret),
      records: deps.records,
      gate: deps.gate,
      pollMs: config.pollMs,
      log,
    });
    // The bot's replies come straight back into this Direct Line (no loopback HTTP).
    const sink = (conversationId: string, activity: unknown, replyToId?: string): Promise<{ id: string }> => directLine.fromBot(conversationId, activity, replyToId);
    const bridge = new BotBridge(deps.adapter, deps.bot, sink, log);
    // Hit on every post and read: counted here and added to the shared counters in batches.
    const postLimiter = new RateLimiter(deps.counters, 'post', { perMinute: config.postsPerMinute, burst: config.postBurst }, Date.now, { batched: true });
    const readLimiter = new RateLimiter(deps.counters, 'read', { perMinute: config.readsPerMinute, burst: Math.max(30, Math.ceil(config.readsPerMinute / 4)) }, Date.now, { batched: true });
    store.onRemove((c) => {
      // Best effort: a counter left behind expires with its window anyway.
      Promise.all([postLimiter.forget(c.key), readLimiter.forget(c.key)]).catch((err: unknown) =>
        log.warn({ event: 'directline.limit_forget_failed', err }, 'could not clear a finished conversation\'s rate counters'));
    });
    const directLine = new LocalDirectLine({
      store,
      signer: new TokenSigner(config.tokenSecret),
      bridge,
      postLimiter,
      readLimiter,
      tokenTtlSeconds: config.tokenTtlSeconds,
      maxTextLength: config.maxTextLength,
      botId: deps.botId ?? 'bezbedno',
      botName: 'Bezbedno',
      serviceUrl: () => LOCAL_SERVICE_URL,
    });
    const stream = new StreamServer(directLine, store, cors, log, { perConversation: config.maxSocketsPerConversation, perToken: config.maxSocketsPerToken });
    local = { directLine, store, bridge, stream };
  }

  const sweep = setInterval(() => {
    local?.store.sweep().then(
      (removed) => removed > 0 && log.info({ event: 'directline.expired', removed }, 'idle conversations forgotten'),
      (err: unknown) => log.warn({ event: 'directline.sweep_failed', err }, 'conversation sweep failed; will retry'),
    );
  }, SWEEP_MS);
  sweep.unref();

  return {
    mode,
    serviceUrl: () => undefined,
    store: local?.store,
    mount: (server: Server) => {
      mountChannelGuard(server, cors, [DIRECT_LINE_PREFIX, '/api/directline']);
      if (local) {
        mountDirectLineRoutes(server, { directLine: local.directLine, tokenLimiter, trustedProxyHops: config.trustedProxyHops, log });
        local.stream.attach(server.server);
      }
      mountTokenRoute(server, {
        azure: config.azureSecret ? new AzureTokenClient(config.azureBaseUrl, config.azureSecret) : undefined,
        local: local?.directLine,
        tokenLimiter,
        trustedProxyHops: config.trustedProxyHops,
        log,
      });
      mountWidgetRoutes(server, { config, cors, mode, log });
    },
    close: async () => {
      clearInterval(sweep);
      local?.stream.close();
      await local?.bridge.drain();
      await local?.store.close();
    },
  };
}
