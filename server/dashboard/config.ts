import Joi from 'joi';
import { ConfigError } from '../../core/config';
import { CATEGORIES, type Category } from '../../core/domain/routing';

/** The categories collapsed and counted by default: child sexual abuse material, sextortion, intimate images of a minor, grooming. */
export const DEFAULT_CARE_CATEGORIES: readonly Category[] = ['csam', 'sextortion', 'nudes', 'grooming'];

/** The dashboard's own settings (documented in .env.example). */
export interface DashboardConfig {
  enabled: boolean;
  /** Behind TLS: cookies get Secure and the __Host- prefix. */
  secureCookies: boolean;
  /** Proxies of this deployment in front of the server (X-Forwarded-For hops to skip; 0 = none). */
  trustedProxyHops: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  sessionSweepMinutes: number;
  /** Failed logins (from any address) that lock an account, and for how long. */
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Failed logins allowed per client address per window, whatever the account. */
  clientMaxFailures: number;
  /** Failed logins allowed per address and account per window (below lockoutThreshold). */
  pairMaxFailures: number;
  clientWindowMinutes: number;
  /** argon2id cost; lower only in tests. */
  argonMemoryKiB: number;
  argonTimeCost: number;
  /** 32-byte key sealing TOTP secrets; absent = second factor cannot be enrolled. */
  totpKey?: Buffer;
  /**
   * Where the review queue is read (services/dashboard/reportQueue.ts):
   * `auto` = `memory` on the embedded database, else `database`. `memory` is
   * only right for a single instance (it does not see other instances' writes).
   */
  queueMode: 'auto' | 'memory' | 'database';
  /** How often an open report and the queue ask for changes (conditional requests; none while the tab is hidden). */
  pollSeconds: number;
  /**
   * Care for reviewers (services/dashboard/reviewerCare.ts): the categories
   * whose narrative and reporter messages stay collapsed until the reader asks
   * and whose openings are counted per person and day; and after how many
   * openings in a day the dashboard suggests a pause.
   */
  care: { categories: Category[]; pauseAfter: number };
}

const schema = Joi.object({
  DASHBOARD_ENABLED: Joi.boolean().default(true),
  DASHBOARD_SECURE_COOKIES: Joi.boolean().default(false),
  // Deprecated: true = one proxy hop (TRUSTED_PROXY_HOPS=1).
  DASHBOARD_TRUST_PROXY: Joi.boolean().default(false),
  TRUSTED_PROXY_HOPS: Joi.number().integer().min(0).max(10),
  DASHBOARD_SESSION_IDLE_MINUTES: Joi.number().positive().max(24 * 60).default(30),
  DASHBOARD_SESSION_ABSOLUTE_HOURS: Joi.number().positive().max(7 * 24).default(10),
  DASHBOARD_SESSION_SWEEP_MINUTES: Joi.number().positive().max(24 * 60).default(5),
  DASHBOARD_LOCKOUT_THRESHOLD: Joi.number().integer().min(2).max(100).default(10),
  DASHBOARD_LOCKOUT_MINUTES: Joi.number().positive().max(24 * 60).default(15),
  DASHBOARD_CLIENT_MAX_FAILURES: Joi.number().integer().min(1).max(10_000).default(100),
  DASHBOARD_PAIR_MAX_FAILURES: Joi.number().integer().min(1).max(100).default(5),
  DASHBOARD_CLIENT_WINDOW_MINUTES: Joi.number().positive().max(24 * 60).default(15),
  DASHBOARD_ARGON_MEMORY_KIB: Joi.number().integer().min(1024).max(1024 * 1024).default(19456),
  DASHBOARD_ARGON_TIME_COST: Joi.number().integer().min(1).max(20).default(2),
  DASHBOARD_TOTP_KEY: Joi.string().base64().length(44).empty('').meta({ secret: true }),
  DASHBOARD_QUEUE_MODE: Joi.string().valid('auto', 'memory', 'database').empty('').default('auto'),
  DASHBOARD_POLL_SECONDS: Joi.number().min(1).max(600).default(15),
  // Comma-separated category ids; "none" collapses and counts nothing.
  DASHBOARD_CARE_CATEGORIES: Joi.string().trim().lowercase()
    .pattern(new RegExp(`^(none|(${CATEGORIES.join('|')})(\\s*,\\s*(${CATEGORIES.join('|')}))*)$`))
    .empty('').default(DEFAULT_CARE_CATEGORIES.join(','))
    .messages({ 'string.pattern.base': `must be "none" or a comma-separated list of: ${CATEGORIES.join(', ')}` }),
  DASHBOARD_CARE_PAUSE_AFTER: Joi.number().integer().min(1).max(1000).default(10),
}).unknown(true);

/** The dashboard's environment schema, exported so the deployment templates can be held against it. */
export const dashboardEnvSchema = schema;

/** The validated DASHBOARD_CARE_CATEGORIES as a list, each once. */
function careCategories(value: string): Category[] {
  return value === 'none' ? [] : [...new Set(value.split(',').map((c) => c.trim() as Category))];
}

/** Validates the dashboard variables; a wrong value names the variable. */
export function loadDashboardConfig(env: NodeJS.ProcessEnv = process.env): DashboardConfig {
  const { value, error } = schema.validate(env, { abortEarly: true, convert: true });
  if (error) {
    const detail = error.details[0];
    throw new ConfigError(String(detail?.context?.key ?? 'DASHBOARD_*'), detail?.message ?? error.message);
  }
  const v = value as Record<string, number & boolean & string>;
  if (v.DASHBOARD_PAIR_MAX_FAILURES >= v.DASHBOARD_LOCKOUT_THRESHOLD) {
    throw new ConfigError('DASHBOARD_PAIR_MAX_FAILURES', 'must be lower than DASHBOARD_LOCKOUT_THRESHOLD, or failures from one address alone could lock any account');
  }
  return {
    enabled: v.DASHBOARD_ENABLED,
    secureCookies: v.DASHBOARD_SECURE_COOKIES,
    trustedProxyHops: v.TRUSTED_PROXY_HOPS ?? (v.DASHBOARD_TRUST_PROXY ? 1 : 0),
    sessionIdleMinutes: v.DASHBOARD_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: v.DASHBOARD_SESSION_ABSOLUTE_HOURS,
    sessionSweepMinutes: v.DASHBOARD_SESSION_SWEEP_MINUTES,
    lockoutThreshold: v.DASHBOARD_LOCKOUT_THRESHOLD,
    lockoutMinutes: v.DASHBOARD_LOCKOUT_MINUTES,
    clientMaxFailures: v.DASHBOARD_CLIENT_MAX_FAILURES,
    pairMaxFailures: v.DASHBOARD_PAIR_MAX_FAILURES,
    clientWindowMinutes: v.DASHBOARD_CLIENT_WINDOW_MINUTES,
    argonMemoryKiB: v.DASHBOARD_ARGON_MEMORY_KIB,
    argonTimeCost: v.DASHBOARD_ARGON_TIME_COST,
    totpKey: v.DASHBOARD_TOTP_KEY ? Buffer.from(v.DASHBOARD_TOTP_KEY, 'base64') : undefined,
    queueMode: v.DASHBOARD_QUEUE_MODE as DashboardConfig['queueMode'],
    pollSeconds: v.DASHBOARD_POLL_SECONDS,
    care: {
      categories: careCategories(String(v.DASHBOARD_CARE_CATEGORIES)),
      pauseAfter: v.DASHBOARD_CARE_PAUSE_AFTER,
    },
  };
}
