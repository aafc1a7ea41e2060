import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Server } from 'restify';
import type { CounterStore } from '../../services/shared/counterStore';
import type { Logger } from '../logger';
import { mountWidgetRoutes } from '../widget/widgetRoutes';
import { AzureTokenClient } from './azureTokenClient';
import { BotBridge } from './botBridge';
import { mountChannelGuard } from './channelGuard';
import type { DirectLineConfig } from './config';
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
  /** Shared rate-limit counters (MongoDB; swept by the server). */
  counters: CounterStore;
}

/** The website channel: widget, token endpoint and (in local mode) Direct Line. */
export interface WebChannel {
  mode: 'local' | 'azure';
  /** Mounts every route; pass to createApp. */
  mount: (server: Server) => void;
  /** This server's connector URL for the bot's replies (local mode, once listening; undefined otherwise). */
  serviceUrl: () => string | undefined;
  /** The local service, for tests and benchmarks (undefined in Azure mode). */
  store?: ConversationStore;
  /** Closes sockets, lets queued bot turns finish, forgets every conversation. */
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
  let listening: Server | undefined;

  // The connector base URL: this server on loopback, known once it listens.
  const serviceUrl = (): string => {
    const address = listening?.server.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('the server is not listening yet');
    const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  };

  let local: { directLine: LocalDirectLine; store: ConversationStore; bridge: BotBridge; stream: StreamServer; connectorKey: string } | undefined;
  if (mode === 'local') {
    const store = new ConversationStore({
      idleMs: config.idleMinutes * 60_000,
      maxActivities: config.maxActivities,
      maxConversations: config.maxConversations,
    });
    const connectorKey = randomBytes(32).toString('base64url');
    const bridge = new BotBridge(deps.adapter, deps.bot, connectorKey, serviceUrl, log);
    const postLimiter = new RateLimiter(deps.counters, 'post', { perMinute: config.postsPerMinute, burst: config.postBurst });
    const readLimiter = new RateLimiter(deps.counters, 'read', { perMinute: config.readsPerMinute, burst: Math.max(30, Math.ceil(config.readsPerMinute / 4)) });
    store.onRemove((c) => {
      // Best effort: a counter left behind expires with its window anyway.
      Promise.all([postLimiter.forget(c.id), readLimiter.forget(c.id)]).catch((err: unknown) =>
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
      serviceUrl,
    });
    const stream = new StreamServer(directLine, store, cors, log, { perConversation: config.maxSocketsPerConversation, perToken: config.maxSocketsPerToken });
    local = { directLine, store, bridge, stream, connectorKey };
  }

  const sweep = setInterval(() => {
    const removed = local?.store.sweep() ?? 0;
    if (removed > 0) log.info({ event: 'directline.expired', removed }, 'idle conversations forgotten');
  }, SWEEP_MS);
  sweep.unref();

  return {
    mode,
    serviceUrl: () => (local && listening?.server.listening ? serviceUrl() : undefined),
    store: local?.store,
    mount: (server: Server) => {
      listening = server;
      mountChannelGuard(server, cors, [DIRECT_LINE_PREFIX, '/api/directline']);
      if (local) {
        mountDirectLineRoutes(server, { directLine: local.directLine, tokenLimiter, trustedProxyHops: config.trustedProxyHops, connectorKey: local.connectorKey, log });
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
      local?.store.clear();
    },
  };
}
