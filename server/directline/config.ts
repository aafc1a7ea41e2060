import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Joi from 'joi';
import { ConfigError } from '../../core/config';
import type { Logger } from '../../core/logger';

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
  /**
   * Signs local tokens and keys stored conversations (DIRECTLINE_TOKEN_SECRET;
   * in development a key kept in DATA_DIR, so tokens survive a restart).
   */
  tokenSecret: Buffer;
  /** Where the token secret came from. */
  tokenSecretSource: 'configured' | 'development-file' | 'random';
  /** With several instances: how often a socket's instance looks for replies written by another (ms). */
  pollMs: number;
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
  DIRECTLINE_POLL_MS: Joi.number().integer().min(20).max(10_000).default(250),
  NODE_ENV: Joi.string().empty('').default('development'),
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

/** What the web channel's configuration depends on beyond its own variables. */
export interface DirectLineContext {
  /** DATA_DIR: where a development token key is kept (absent: a random key per process, for unit tests). */
  dataDir?: string;
  /** INSTANCES: servers sharing the database (each must verify the others' tokens). */
  instances?: number;
  log?: Logger;
}

const DEV_KEY_FILE = 'directline-token';

/**
 * The development token key: read from `dataDir/keys/directline-token`, or
 * generated there once (mode 0600), so a restarted development server still
 * accepts the widget's tokens. Never used in production or with several
 * instances (start-up requires DIRECTLINE_TOKEN_SECRET there).
 */
function developmentTokenKey(dataDir: string, log?: Logger): Buffer {
  const dir = path.resolve(dataDir, 'keys');
  const file = path.join(dir, DEV_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      // 'wx': never overwrite a key another process just wrote.
      fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      log?.warn({ event: 'directline.dev_key_generated', file }, `no DIRECTLINE_TOKEN_SECRET: generated a development key in ${file}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new ConfigError('DIRECTLINE_TOKEN_SECRET', `not set, and the development key in ${file} is damaged (delete it to make a new one)`);
  return key;
}

/**
 * Validates the web channel's environment variables, or throws a
 * {@link ConfigError} naming the first wrong one. DIRECTLINE_TOKEN_SECRET is
 * required in production and with more than one instance: every instance
 * must accept the tokens of the others, and a restart must not end the
 * widget's chats.
 */
export function loadDirectLineConfig(env: NodeJS.ProcessEnv = process.env, context: DirectLineContext = {}): DirectLineConfig {
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
  const configured = v.DIRECTLINE_TOKEN_SECRET as string | undefined;
  const production = v.NODE_ENV === 'production';
  const instances = context.instances ?? 1;
  if (!configured && !v.DIRECTLINE_SECRET && (production || instances > 1)) {
    throw new ConfigError(
      'DIRECTLINE_TOKEN_SECRET',
      `required ${production ? 'when NODE_ENV=production' : `when INSTANCES=${instances}`} for the built-in web chat: every instance must accept ` +
        'the tokens of the others and a restart must not end the chats. Set the same value (at least 32 random characters, ' +
        'e.g. openssl rand -base64 48) on every instance.',
    );
  }
  let tokenSecret: Buffer;
  let tokenSecretSource: DirectLineConfig['tokenSecretSource'];
  if (configured) {
    tokenSecret = Buffer.from(configured, 'utf8');
    tokenSecretSource = 'configured';
  } else if (context.dataDir) {
    tokenSecret = developmentTokenKey(context.dataDir, context.log);
    tokenSecretSource = 'development-file';
  } else {
    tokenSecret = randomBytes(32);
    tokenSecretSource = 'random';
  }
  return {
    azureSecret: v.DIRECTLINE_SECRET as string | undefined,
    azureBaseUrl: String(v.DIRECTLINE_AZURE_BASE_URL).replace(/\/+$/, ''),
    tokenSecret,
    tokenSecretSource,
    pollMs: v.DIRECTLINE_POLL_MS as number,
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
