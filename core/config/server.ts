import { ConfigError } from './configError';
import { bool, num, oneOf, str } from './field';
import { section } from './section';
import { shared } from './shared';

/** The HTTP server, the database connection, conversation state and Bot Framework authentication. */
export const serverSection = section(
  {
    NODE_ENV: shared.NODE_ENV,
    DATA_DIR: shared.DATA_DIR,
    INSTANCES: shared.INSTANCES,
    PORT: num((n) => n.integer().min(0).max(65535)).default(3978),
    HOST: str((s) => s.hostname()).default('127.0.0.1'),
    // A production image has neither Go nor mongodb-memory-server: say what is missing.
    MONGODB_URI: str((s) => s.uri({ scheme: ['mongodb', 'mongodb+srv'] }).empty(''))
      .secret()
      .requiredInProduction('required in production (the embedded database is for development)'),
    LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT_BYTES: num((n) => n.integer().min(1024).max(10 * 1024 * 1024)).default(262144),
    SHUTDOWN_TIMEOUT_MS: num((n) => n.integer().min(0).max(120000)).default(10000),
    STATE_TTL_HOURS: num((n) => n.positive().max(24 * 30)).default(24),
    STATE_SWEEP_MINUTES: num((n) => n.positive().max(24 * 60)).default(10),
    DB_CONNECT_ATTEMPTS: num((n) => n.integer().min(1).max(1000)).default(10),
    DB_RETRY_MAX_DELAY_MS: num((n) => n.integer().min(10).max(600000)).default(10000),
    DB_OPERATION_TIMEOUT_MS: num((n) => n.integer().min(100).max(60000)).default(1500),
    DB_SERVER_SELECTION_TIMEOUT_MS: num((n) => n.integer().min(200).max(120000)).default(3000),
    DB_SOCKET_TIMEOUT_MS: num((n) => n.integer().min(1000).max(600000)).default(30000),
    STATE_CACHE_ITEMS: num((n) => n.integer().min(0).max(1_000_000)).default(5000),
    MicrosoftAppId: str((s) => s.empty('')),
    MicrosoftAppPassword: str((s) => s.empty('')).secret(),
    MicrosoftAppType: oneOf(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: str((s) => s.empty('')),
    ALLOW_UNAUTHENTICATED_BOT: bool().default(false),
    BOT_SERVICE_URL_HOSTS: str((s) => s.allow('')).default(''),
  },
  (v) => {
    // A user-assigned managed identity has no password: the app id (its client id) and the tenant are enough.
    const msi = v.MicrosoftAppType === 'UserAssignedMSI';
    if (v.MicrosoftAppId && !msi && !v.MicrosoftAppPassword) {
      throw new ConfigError('MicrosoftAppPassword', 'MicrosoftAppId and MicrosoftAppPassword must be set together');
    }
    if (v.MicrosoftAppPassword && !v.MicrosoftAppId) {
      throw new ConfigError('MicrosoftAppId', 'MicrosoftAppId and MicrosoftAppPassword must be set together');
    }
    if (v.MicrosoftAppId && v.MicrosoftAppType !== 'MultiTenant' && !v.MicrosoftAppTenantId) {
      throw new ConfigError('MicrosoftAppTenantId', `required when MicrosoftAppType is ${v.MicrosoftAppType}`);
    }
    if (v.INSTANCES > 1 && !v.MONGODB_URI) {
      throw new ConfigError(
        'INSTANCES',
        'more than one instance needs one shared database: set MONGODB_URI (MongoDB or Azure Cosmos DB). ' +
          'The embedded database belongs to one server.',
      );
    }
    const production = v.NODE_ENV === 'production';
    if (production && !v.MicrosoftAppId && !v.ALLOW_UNAUTHENTICATED_BOT) {
      throw new ConfigError(
        'MicrosoftAppId',
        'required when NODE_ENV=production (with MicrosoftAppPassword): without Bot Framework authentication anyone could post ' +
          'activities to /api/messages. To run only the built-in web chat without it, set ALLOW_UNAUTHENTICATED_BOT=true.',
      );
    }
    const serviceUrlHosts = v.BOT_SERVICE_URL_HOSTS.split(',').map((h) => h.trim()).filter(Boolean);
    for (const host of serviceUrlHosts) {
      if (!/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(host)) {
        throw new ConfigError('BOT_SERVICE_URL_HOSTS', `"${host}" is not a host name or *.domain pattern`);
      }
    }
    return {
      port: v.PORT,
      host: v.HOST,
      /** Absent: start the embedded database under `dataDir`. */
      mongodbUri: v.MONGODB_URI,
      dataDir: v.DATA_DIR,
      logLevel: v.LOG_LEVEL,
      bodyLimitBytes: v.BODY_LIMIT_BYTES,
      shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
      stateTtlHours: v.STATE_TTL_HOURS,
      stateSweepMinutes: v.STATE_SWEEP_MINUTES,
      dbConnectAttempts: v.DB_CONNECT_ATTEMPTS,
      dbRetryMaxDelayMs: v.DB_RETRY_MAX_DELAY_MS,
      /** Time budget of one database operation on the chat's path before it carries on without the database. */
      dbOperationTimeoutMs: v.DB_OPERATION_TIMEOUT_MS,
      /** How long the driver looks for a server before an operation fails. */
      dbServerSelectionTimeoutMs: v.DB_SERVER_SELECTION_TIMEOUT_MS,
      /** How long the driver waits on a socket before giving up on an operation (a paused database). */
      dbSocketTimeoutMs: v.DB_SOCKET_TIMEOUT_MS,
      /** Conversations whose state is kept in memory, so a turn can run while the database is away. */
      stateCacheItems: v.STATE_CACHE_ITEMS,
      /** Servers sharing the database (INSTANCES). */
      instances: v.INSTANCES,
      /** NODE_ENV=production. */
      production,
      /**
       * ALLOW_UNAUTHENTICATED_BOT: production without Bot Framework credentials
       * was asked for explicitly; the bot then answers only its own web chat.
       */
      allowUnauthenticatedBot: v.ALLOW_UNAUTHENTICATED_BOT,
      /** BOT_SERVICE_URL_HOSTS: channel hosts besides Bot Framework's own (authenticated mode only). */
      serviceUrlHosts,
      /** Bot Framework credentials; both absent = local unauthenticated mode. */
      botAuth: v.MicrosoftAppId
        ? { appId: v.MicrosoftAppId, appPassword: v.MicrosoftAppPassword, appType: v.MicrosoftAppType, tenantId: v.MicrosoftAppTenantId }
        : undefined,
    };
  },
);
