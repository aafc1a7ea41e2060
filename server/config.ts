import Joi from 'joi';
import { ConfigError } from '../core/config';

/** The validated configuration, read once from the environment at start-up. */
export interface Config {
  port: number;
  host: string;
  /** Absent: start the embedded database under `dataDir`. */
  mongodbUri?: string;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  shutdownTimeoutMs: number;
  stateTtlHours: number;
  stateSweepMinutes: number;
  dbConnectAttempts: number;
  dbRetryMaxDelayMs: number;
  /** Time budget of one database operation on the chat's path before it carries on without the database. */
  dbOperationTimeoutMs: number;
  /** How long the driver looks for a server before an operation fails. */
  dbServerSelectionTimeoutMs: number;
  /** How long the driver waits on a socket before giving up on an operation (a paused database). */
  dbSocketTimeoutMs: number;
  /** Conversations whose state is kept in memory, so a turn can run while the database is away. */
  stateCacheItems: number;
  /** Servers sharing the database (INSTANCES); more than one needs MONGODB_URI and DIRECTLINE_TOKEN_SECRET. */
  instances: number;
  /** NODE_ENV=production. */
  production: boolean;
  /**
   * ALLOW_UNAUTHENTICATED_BOT: production without Bot Framework credentials
   * was asked for explicitly; the bot then answers only its own web chat.
   */
  allowUnauthenticatedBot: boolean;
  /** BOT_SERVICE_URL_HOSTS: channel hosts besides Bot Framework's own (authenticated mode only). */
  serviceUrlHosts: string[];
  /** Bot Framework credentials; both absent = local unauthenticated mode. */
  botAuth?: {
    appId: string;
    appPassword?: string;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId?: string;
  };
}

const envSchema = Joi.object({
  PORT: Joi.number().integer().min(0).max(65535).default(3978),
  HOST: Joi.string().hostname().default('127.0.0.1'),
  MONGODB_URI: Joi.string()
    .uri({ scheme: ['mongodb', 'mongodb+srv'] })
    .empty('')
    .meta({ secret: true })
    // A production image has neither Go nor mongodb-memory-server: say what is missing.
    .when('NODE_ENV', { is: 'production', then: Joi.required() })
    .messages({ 'any.required': 'required in production (the embedded database is for development)' }),
  DATA_DIR: Joi.string().default('.data'),
  LOG_LEVEL: Joi.string()
    .valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent')
    .default('info'),
  BODY_LIMIT_BYTES: Joi.number().integer().min(1024).max(10 * 1024 * 1024).default(262144),
  SHUTDOWN_TIMEOUT_MS: Joi.number().integer().min(0).max(120000).default(10000),
  STATE_TTL_HOURS: Joi.number().positive().max(24 * 30).default(24),
  STATE_SWEEP_MINUTES: Joi.number().positive().max(24 * 60).default(10),
  DB_CONNECT_ATTEMPTS: Joi.number().integer().min(1).max(1000).default(10),
  DB_RETRY_MAX_DELAY_MS: Joi.number().integer().min(10).max(600000).default(10000),
  DB_OPERATION_TIMEOUT_MS: Joi.number().integer().min(100).max(60000).default(1500),
  DB_SERVER_SELECTION_TIMEOUT_MS: Joi.number().integer().min(200).max(120000).default(3000),
  DB_SOCKET_TIMEOUT_MS: Joi.number().integer().min(1000).max(600000).default(30000),
  STATE_CACHE_ITEMS: Joi.number().integer().min(0).max(1_000_000).default(5000),
  INSTANCES: Joi.number().integer().min(1).max(1000).default(1),
  MicrosoftAppId: Joi.string().empty(''),
  MicrosoftAppPassword: Joi.string().empty('').meta({ secret: true }),
  MicrosoftAppType: Joi.string()
    .valid('MultiTenant', 'SingleTenant', 'UserAssignedMSI')
    .default('MultiTenant'),
  MicrosoftAppTenantId: Joi.string().empty(''),
  NODE_ENV: Joi.string().empty('').default('development'),
  ALLOW_UNAUTHENTICATED_BOT: Joi.boolean().default(false),
  BOT_SERVICE_URL_HOSTS: Joi.string().allow('').default(''),
}).unknown(true);

/** The environment schema (joi), exported so the deployment templates can be held against it. */
export const serverEnvSchema = envSchema;

/** The prefix of an App Service Key Vault reference; the platform replaces it with the secret when it can. */
const KEY_VAULT_REFERENCE = '@Microsoft.KeyVault(';

/**
 * An app setting that still reads "@Microsoft.KeyVault(...)" was not
 * resolved (the secret is missing, or the app's identity may not read it):
 * App Service then passes the reference text itself, which would pass for a
 * secret (a 60-character HMAC key, say). Refused by name instead.
 */
function refuseUnresolvedKeyVaultReferences(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) {
    if (value?.startsWith(KEY_VAULT_REFERENCE)) {
      throw new ConfigError(name, 'is an unresolved Key Vault reference: create the secret in the vault and let the app\'s identity read it');
    }
  }
}

/**
 * Validates the environment and returns the configuration, or throws a
 * {@link ConfigError} that names the first offending variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  refuseUnresolvedKeyVaultReferences(env);
  const { value, error } = envSchema.validate(env, { abortEarly: true, convert: true });
  if (error) {
    const detail = error.details[0];
    const variable = detail?.context?.key ?? detail?.path.join('.') ?? 'environment';
    throw new ConfigError(variable, detail?.message ?? error.message);
  }
  const v = value as Record<string, unknown>;
  // A user-assigned managed identity has no password: the app id (its client id) and the tenant are enough.
  const msi = v.MicrosoftAppType === 'UserAssignedMSI';
  if (v.MicrosoftAppId && !msi && !v.MicrosoftAppPassword) {
    throw new ConfigError('MicrosoftAppPassword', 'MicrosoftAppId and MicrosoftAppPassword must be set together');
  }
  if (v.MicrosoftAppPassword && !v.MicrosoftAppId) {
    throw new ConfigError('MicrosoftAppId', 'MicrosoftAppId and MicrosoftAppPassword must be set together');
  }
  if (v.MicrosoftAppId && v.MicrosoftAppType !== 'MultiTenant' && !v.MicrosoftAppTenantId) {
    throw new ConfigError('MicrosoftAppTenantId', `required when MicrosoftAppType is ${String(v.MicrosoftAppType)}`);
  }
  if ((v.INSTANCES as number) > 1 && !v.MONGODB_URI) {
    throw new ConfigError(
      'INSTANCES',
      'more than one instance needs one shared database: set MONGODB_URI (MongoDB or Azure Cosmos DB). ' +
        'The embedded database belongs to one server.',
    );
  }
  const production = v.NODE_ENV === 'production';
  if (production && !v.MicrosoftAppId && v.ALLOW_UNAUTHENTICATED_BOT !== true) {
    throw new ConfigError(
      'MicrosoftAppId',
      'required when NODE_ENV=production (with MicrosoftAppPassword): without Bot Framework authentication anyone could post ' +
        'activities to /api/messages. To run only the built-in web chat without it, set ALLOW_UNAUTHENTICATED_BOT=true.',
    );
  }
  const serviceUrlHosts = String(v.BOT_SERVICE_URL_HOSTS).split(',').map((h) => h.trim()).filter(Boolean);
  for (const host of serviceUrlHosts) {
    if (!/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(host)) {
      throw new ConfigError('BOT_SERVICE_URL_HOSTS', `"${host}" is not a host name or *.domain pattern`);
    }
  }
  return {
    port: v.PORT as number,
    host: v.HOST as string,
    mongodbUri: v.MONGODB_URI as string | undefined,
    dataDir: v.DATA_DIR as string,
    logLevel: v.LOG_LEVEL as Config['logLevel'],
    bodyLimitBytes: v.BODY_LIMIT_BYTES as number,
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS as number,
    stateTtlHours: v.STATE_TTL_HOURS as number,
    stateSweepMinutes: v.STATE_SWEEP_MINUTES as number,
    dbConnectAttempts: v.DB_CONNECT_ATTEMPTS as number,
    dbRetryMaxDelayMs: v.DB_RETRY_MAX_DELAY_MS as number,
    dbOperationTimeoutMs: v.DB_OPERATION_TIMEOUT_MS as number,
    dbServerSelectionTimeoutMs: v.DB_SERVER_SELECTION_TIMEOUT_MS as number,
    dbSocketTimeoutMs: v.DB_SOCKET_TIMEOUT_MS as number,
    stateCacheItems: v.STATE_CACHE_ITEMS as number,
    instances: v.INSTANCES as number,
    production,
    allowUnauthenticatedBot: v.ALLOW_UNAUTHENTICATED_BOT === true,
    serviceUrlHosts,
    botAuth: v.MicrosoftAppId
      ? {
          appId: v.MicrosoftAppId as string,
          appPassword: v.MicrosoftAppPassword as string | undefined,
          appType: v.MicrosoftAppType as 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI',
          tenantId: v.MicrosoftAppTenantId as string | undefined,
        }
      : undefined,
  };
}
