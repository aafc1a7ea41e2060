import Joi from 'joi';
import { ConfigError } from './configError';
import { num, str, strEither } from './field';
import { section } from './section';
import { shared } from './shared';

const originRule = Joi.string().uri({ scheme: ['http', 'https'] });

/** Strips a trailing slash: `https://a.b/` and `https://a.b` are one origin. */
function normaliseOrigin(origin: string): string {
  return new URL(origin).origin;
}

/**
 * The web channel: the local Direct Line service, the Azure Direct Line
 * token exchange and the widget. DIRECTLINE_TOKEN_SECRET is required in
 * production and with more than one instance: every instance must accept
 * the tokens of the others, and a restart must not end the widget's chats.
 * (Without it in development, server/directline/tokenKey.ts keeps a key in
 * DATA_DIR.)
 */
export const directLineSection = section(
  {
    NODE_ENV: shared.NODE_ENV,
    INSTANCES: shared.INSTANCES,
    TRUSTED_PROXY_HOPS: shared.TRUSTED_PROXY_HOPS,
    DIRECTLINE_SECRET: str((s) => s.min(16).empty('')).secret(),
    DIRECTLINE_AZURE_BASE_URL: str((s) => s.uri({ scheme: ['https', 'http'] })).default('https://directline.botframework.com/v3/directline'),
    DIRECTLINE_TOKEN_SECRET: str((s) => s.min(32).empty('')).secret(),
    DIRECTLINE_POLL_MS: num((n) => n.integer().min(20).max(10_000)).default(250),
    DIRECTLINE_TOKEN_TTL_SECONDS: num((n) => n.integer().min(60).max(24 * 3600)).default(1800),
    DIRECTLINE_IDLE_MINUTES: num((n) => n.positive().max(24 * 60)).default(30),
    DIRECTLINE_MAX_ACTIVITIES: num((n) => n.integer().min(10).max(10000)).default(200),
    DIRECTLINE_MAX_CONVERSATIONS: num((n) => n.integer().min(1).max(1_000_000)).default(10000),
    DIRECTLINE_MAX_TEXT_LENGTH: num((n) => n.integer().min(100).max(20000)).default(2000),
    DIRECTLINE_POSTS_PER_MINUTE: num((n) => n.integer().min(1).max(100000)).default(60),
    DIRECTLINE_POST_BURST: num((n) => n.integer().min(1).max(100000)).default(20),
    DIRECTLINE_READS_PER_MINUTE: num((n) => n.integer().min(1).max(100000)).default(300),
    DIRECTLINE_TOKENS_PER_MINUTE: num((n) => n.integer().min(1).max(100000)).default(20),
    DIRECTLINE_MAX_SOCKETS_PER_CONVERSATION: num((n) => n.integer().min(1).max(100)).default(4),
    DIRECTLINE_MAX_SOCKETS_PER_TOKEN: num((n) => n.integer().min(1).max(100)).default(2),
    WIDGET_ALLOWED_ORIGINS: str((s) => s.allow('')).default(''),
    WIDGET_EXIT_URL: strEither(Joi.string().uri({ scheme: ['https', 'http'] }), Joi.string().pattern(/^\/(?!\/)[^\s]*$/)).default('/widget/exit.html'),
  },
  (v) => {
    const origins = v.WIDGET_ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
    for (const origin of origins) {
      if (originRule.validate(origin).error) throw new ConfigError('WIDGET_ALLOWED_ORIGINS', `"${origin}" is not an http(s) origin`);
    }
    const production = v.NODE_ENV === 'production';
    if (!v.DIRECTLINE_TOKEN_SECRET && !v.DIRECTLINE_SECRET && (production || v.INSTANCES > 1)) {
      throw new ConfigError(
        'DIRECTLINE_TOKEN_SECRET',
        `required ${production ? 'when NODE_ENV=production' : `when INSTANCES=${v.INSTANCES}`} for the built-in web chat: every instance must accept ` +
          'the tokens of the others and a restart must not end the chats. Set the same value (at least 32 random characters, ' +
          'e.g. openssl rand -base64 48) on every instance.',
      );
    }
    return {
      /**
       * Azure Direct Line secret. Set: the widget talks to Azure Direct Line and
       * the local service is not mounted. Unset: the local service (no cloud).
       */
      azureSecret: v.DIRECTLINE_SECRET,
      /** Azure Direct Line base URL, configurable so tests can stand in for it. */
      azureBaseUrl: v.DIRECTLINE_AZURE_BASE_URL.replace(/\/+$/, ''),
      /** DIRECTLINE_TOKEN_SECRET: signs local tokens and keys stored conversations (absent: see server/directline/tokenKey.ts). */
      configuredTokenSecret: v.DIRECTLINE_TOKEN_SECRET ? Buffer.from(v.DIRECTLINE_TOKEN_SECRET, 'utf8') : undefined,
      /** With several instances: how often a socket's instance looks for replies written by another (ms). */
      pollMs: v.DIRECTLINE_POLL_MS,
      tokenTtlSeconds: v.DIRECTLINE_TOKEN_TTL_SECONDS,
      /** A conversation with no traffic for this long is forgotten. */
      idleMinutes: v.DIRECTLINE_IDLE_MINUTES,
      /** Activities kept per conversation; older ones are dropped. */
      maxActivities: v.DIRECTLINE_MAX_ACTIVITIES,
      /** Conversations held at once; beyond this new conversations get 503. */
      maxConversations: v.DIRECTLINE_MAX_CONVERSATIONS,
      /** Longest message text a user may send. */
      maxTextLength: v.DIRECTLINE_MAX_TEXT_LENGTH,
      /** Per-conversation limit on posted activities. */
      postsPerMinute: v.DIRECTLINE_POSTS_PER_MINUTE,
      postBurst: v.DIRECTLINE_POST_BURST,
      /** Per-conversation limit on reads (polling, reconnects, refreshes). */
      readsPerMinute: v.DIRECTLINE_READS_PER_MINUTE,
      /** Per-client limit on new tokens / conversations. */
      tokensPerMinute: v.DIRECTLINE_TOKENS_PER_MINUTE,
      /** Open WebSockets allowed per conversation, and per stream token (on each instance). */
      maxSocketsPerConversation: v.DIRECTLINE_MAX_SOCKETS_PER_CONVERSATION,
      maxSocketsPerToken: v.DIRECTLINE_MAX_SOCKETS_PER_TOKEN,
      /** Proxies of this deployment in front of the server (X-Forwarded-For hops to skip for the client address). */
      trustedProxyHops: v.TRUSTED_PROXY_HOPS ?? 0,
      /** Origins (scheme://host[:port]) of the schools allowed to embed the widget. */
      allowedOrigins: [...new Set(origins.map(normaliseOrigin))],
      /** Where quick exit sends the pupil: an absolute http(s) URL or a path on this server. */
      exitUrl: v.WIDGET_EXIT_URL,
    };
  },
);
