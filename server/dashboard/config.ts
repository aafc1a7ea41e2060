import Joi from 'joi';
import { ConfigError } from '../config';

/** The dashboard's own settings (documented in .env.example). */
export interface DashboardConfig {
  enabled: boolean;
  /** Behind TLS: cookies get Secure and the __Host- prefix. */
  secureCookies: boolean;
  /** Take the client address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  sessionSweepMinutes: number;
  /** Consecutive failed logins that lock an account, and for how long. */
  lockoutThreshold: number;
  lockoutMinutes: number;
  /** Failed logins allowed per client address per window. */
  clientMaxFailures: number;
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
}

const schema = Joi.object({
  DASHBOARD_ENABLED: Joi.boolean().default(true),
  DASHBOARD_SECURE_COOKIES: Joi.boolean().default(false),
  DASHBOARD_TRUST_PROXY: Joi.boolean().default(false),
  DASHBOARD_SESSION_IDLE_MINUTES: Joi.number().positive().max(24 * 60).default(30),
  DASHBOARD_SESSION_ABSOLUTE_HOURS: Joi.number().positive().max(7 * 24).default(10),
  DASHBOARD_SESSION_SWEEP_MINUTES: Joi.number().positive().max(24 * 60).default(5),
  DASHBOARD_LOCKOUT_THRESHOLD: Joi.number().integer().min(1).max(100).default(5),
  DASHBOARD_LOCKOUT_MINUTES: Joi.number().positive().max(24 * 60).default(15),
  DASHBOARD_CLIENT_MAX_FAILURES: Joi.number().integer().min(1).max(10_000).default(20),
  DASHBOARD_CLIENT_WINDOW_MINUTES: Joi.number().positive().max(24 * 60).default(15),
  DASHBOARD_ARGON_MEMORY_KIB: Joi.number().integer().min(1024).max(1024 * 1024).default(19456),
  DASHBOARD_ARGON_TIME_COST: Joi.number().integer().min(1).max(20).default(2),
  DASHBOARD_TOTP_KEY: Joi.string().base64().length(44).empty('').meta({ secret: true }),
  DASHBOARD_QUEUE_MODE: Joi.string().valid('auto', 'memory', 'database').empty('').default('auto'),
}).unknown(true);

/** The dashboard's environment schema, exported so the deployment templates can be held against it. */
export const dashboardEnvSchema = schema;

/** Validates the dashboard variables; a wrong value names the variable. */
export function loadDashboardConfig(env: NodeJS.ProcessEnv = process.env): DashboardConfig {
  const { value, error } = schema.validate(env, { abortEarly: true, convert: true });
  if (error) {
    const detail = error.details[0];
    throw new ConfigError(String(detail?.context?.key ?? 'DASHBOARD_*'), detail?.message ?? error.message);
  }
  const v = value as Record<string, number & boolean & string>;
  return {
    enabled: v.DASHBOARD_ENABLED,
    secureCookies: v.DASHBOARD_SECURE_COOKIES,
    trustProxy: v.DASHBOARD_TRUST_PROXY,
    sessionIdleMinutes: v.DASHBOARD_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: v.DASHBOARD_SESSION_ABSOLUTE_HOURS,
    sessionSweepMinutes: v.DASHBOARD_SESSION_SWEEP_MINUTES,
    lockoutThreshold: v.DASHBOARD_LOCKOUT_THRESHOLD,
    lockoutMinutes: v.DASHBOARD_LOCKOUT_MINUTES,
    clientMaxFailures: v.DASHBOARD_CLIENT_MAX_FAILURES,
    clientWindowMinutes: v.DASHBOARD_CLIENT_WINDOW_MINUTES,
    argonMemoryKiB: v.DASHBOARD_ARGON_MEMORY_KIB,
    argonTimeCost: v.DASHBOARD_ARGON_TIME_COST,
    totpKey: v.DASHBOARD_TOTP_KEY ? Buffer.from(v.DASHBOARD_TOTP_KEY, 'base64') : undefined,
    queueMode: v.DASHBOARD_QUEUE_MODE as DashboardConfig['queueMode'],
  };
}
