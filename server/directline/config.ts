import { randomBytes } from 'node:crypto';
import Joi from 'joi';
import { ConfigError } from '../config';

/**
 * Configuration of the web channel: the local Direct Line service, the
 * Azure Direct Line token exchange and the widget. Read once at start-up.
 */
export interface DirectLineConfig {
  /**
   * Azure Direct Line secret. Set: the widget talks to Azure Direct Line and
   * the local service is not mounted. Unset: the local service (no cloud).
   */
  azureSecret?: string;
  /** Azure Direct Line base URL, configurable so tests can stand in for it. */
  azureBaseUrl: string;
  /** HMAC key for local tokens (generated per process when not configured). */
  tokenSecret: Buffer;
  tokenTtlSeconds: number;
  /** A conversation with no traffic for this long is forgotten. */
  idleMinutes: number;
  /** Activities kept per conversation; older ones are dropped. */
  maxActivities: number;
  /** Conversations held at once; beyond this new conversations get 503. */
  maxConversations: number;
  /** Longest message text a user may send. */
  maxTextLength: number;
  /** Per-conversation limit on posted activities. */
  postsPerMinute: number;
  postBurst: number;
  /** Per-conversation limit on reads (polling, reconnects, refreshes). */
  readsPerMinute: number;
  /** Per-client limit on new tokens / conversations. */
  tokensPerMinute: number;
  /** Open WebSockets allowed per conversation, and per stream token (on each instance). */
  maxSocketsPerConversation: number;
  maxSocketsPerToken: number;
  /** Proxies of this deployment in front of the server (X-Forwarded-For hops to skip for the client address). */
  trustedProxyHops: number;
  /** Origins (scheme://host[:port]) of the schools allowed to embed the widget. */
  allowedOrigins: string[];
  /** Where quick exit sends the pupil: an absolute http(s) URL or a path on this server. */
  exitUrl: string;
}

const originSchema = Joi.string().uri({ scheme: ['http', 'https'] });

const envSchema = Joi.object({
  DIRECTLINE_SECRET: Joi.string().min(16).empty('').meta({ secret: true }),
  DIRECTLINE_AZURE_BASE_URL: Joi.string()
    .uri({ scheme: ['https', 'http'] })
    .default('https://directline.botframework.com/v3/directline'),
  DIRECTLINE_TOKEN_SECRET: Joi.string().min(32).empty('').meta({ secret: true }),
  DIRECTLINE_TOKEN_TTL_SECONDS: Joi.number().integer().min(60).max(24 * 3600).default(1800),
  DIRECTLINE_IDLE_MINUTES: Joi.number().positive().max(24 * 60).default(30),
  DIRECTLINE_MAX_ACTIVITIES: Joi.number().integer().min(10).max(10000).default(200),
  DIRECTLINE_MAX_CONVERSATIONS: Joi.number().integer().min(1).max(1_000_000).default(10000),
  DIRECTLINE_MAX_TEXT_LENGTH: Joi.number().integer().min(100).max(20000).default(2000),
  DIRECTLINE_POSTS_PER_MINUTE: Joi.number().integer().min(1).max(100000).default(60),
  DIRECTLINE_POST_BURST: Joi.number().integer().min(1).max(100000).default(20),
  DIRECTLINE_READS_PER_MINUTE: Joi.number().integer().min(1).max(100000).default(300),
  DIRECTLINE_TOKENS_PER_MINUTE: Joi.number().integer().min(1).max(100000).default(20),
  DIRECTLINE_MAX_SOCKETS_PER_CONVERSATION: Joi.number().integer().min(1).max(100).default(4),
  DIRECTLINE_MAX_SOCKETS_PER_TOKEN: Joi.number().integer().min(1).max(100).default(2),
  TRUSTED_PROXY_HOPS: Joi.number().integer().min(0).max(10).default(0),
  WIDGET_ALLOWED_ORIGINS: Joi.string().allow('').default(''),
  WIDGET_EXIT_URL: Joi.alternatives()
    .try(Joi.string().uri({ scheme: ['https', 'http'] }), Joi.string().pattern(/^\/(?!\/)[^\s]*$/))
    .default('/widget/exit.html'),
}).unknown(true);

/** The web channel's environment schema, exported so the deployment templates can be held against it. */
export const directLineEnvSchema = envSchema;

/** Strips a trailing slash: `https://a.b/` and `https://a.b` are one origin. */
function normaliseOrigin(origin: string): string {
  return new URL(origin).origin;
}

/**
 * Validates the web channel's environment variables, or throws a
 * {@link ConfigError} naming the first wrong one.
 */
export function loadDirectLineConfig(env: NodeJS.ProcessEnv = process.env): DirectLineConfig {
  const { value, error } = envSchema.validate(env, { abortEarly: true, convert: true });
  if (error) {
    const detail = error.details[0];
    throw new ConfigError(String(detail?.context?.key ?? detail?.path.join('.') ?? 'environment'), detail?.message ?? error.message);
  }
  const v = value as Record<string, unknown>;
  const origins = String(v.WIDGET_ALLOWED_ORIGINS)
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (originSchema.validate(origin).error) {
      throw new ConfigError('WIDGET_ALLOWED_ORIGINS', `"${origin}" is not an http(s) origin`);
    }
  }
  return {
    azureSecret: v.DIRECTLINE_SECRET as string | undefined,
    azureBaseUrl: String(v.DIRECTLINE_AZURE_BASE_URL).replace(/\/+$/, ''),
    tokenSecret: v.DIRECTLINE_TOKEN_SECRET ? Buffer.from(String(v.DIRECTLINE_TOKEN_SECRET), 'utf8') : randomBytes(32),
    tokenTtlSeconds: v.DIRECTLINE_TOKEN_TTL_SECONDS as number,
    idleMinutes: v.DIRECTLINE_IDLE_MINUTES as number,
    maxActivities: v.DIRECTLINE_MAX_ACTIVITIES as number,
    maxConversations: v.DIRECTLINE_MAX_CONVERSATIONS as number,
    maxTextLength: v.DIRECTLINE_MAX_TEXT_LENGTH as number,
    postsPerMinute: v.DIRECTLINE_POSTS_PER_MINUTE as number,
    postBurst: v.DIRECTLINE_POST_BURST as number,
    readsPerMinute: v.DIRECTLINE_READS_PER_MINUTE as number,
    tokensPerMinute: v.DIRECTLINE_TOKENS_PER_MINUTE as number,
    maxSocketsPerConversation: v.DIRECTLINE_MAX_SOCKETS_PER_CONVERSATION as number,
    maxSocketsPerToken: v.DIRECTLINE_MAX_SOCKETS_PER_TOKEN as number,
    trustedProxyHops: v.TRUSTED_PROXY_HOPS as number,
    allowedOrigins: [...new Set(origins.map(normaliseOrigin))],
    exitUrl: v.WIDGET_EXIT_URL as string,
  };
}
