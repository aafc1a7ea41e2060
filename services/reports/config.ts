import path from 'node:path';
import Joi from 'joi';
import { ConfigError } from '../../core/config';
import { parseOnDutyHours } from '../notify/onDuty';
import { type DutyWindow } from '../../core/domain/rota';
import { webhookUrlProblem } from '../notify/webhookUrl';

/** SMTP transport for e-mail notices (nodemailer). */
export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
  secure: boolean;
  /** Refuse to send unless STARTTLS succeeds. */
  requireTls: boolean;
  user?: string;
  password?: string;
  from: string;
}

/** The configuration of reports, follow-up, notices and retention. */
export interface ReportConfig {
  production: boolean;
  dataDir: string;
  /** `kid:base64key,…`; first = current. Absent: a development key under dataDir/keys. */
  encryptionKeys?: string;
  /**
   * `kid:base64key,…`, first = current: the keys of the account hashes that
   * link reports naming the same account. Absent: derived from the report
   * keys (HKDF, their own label), with their ids.
   */
  matchKeys?: string;
  spoolDir: string;
  /** A spool entry older than this is logged as an error on every purge run. */
  spoolAlertHours: number;
  spoolFlushSeconds: number;
  /** A database write slower than this sends the report to the spool. */
  storeTimeoutMs: number;
  passphraseWords: number;
  followUp: {
    maxFailures: number;
    lockMinutes: number;
    tokenMinutes: number;
    reissueMinutes: number;
  };
  notify: {
    dashboardUrl: string;
    webhookSecret?: string;
    ondutyWebhook?: string;
    ondutyEmail?: string;
    /**
     * When someone at the contact centre is on duty (Europe/Belgrade time).
     * Absent: the bot promises no one, and says it cannot say when.
     */
    ondutyHours?: DutyWindow[];
    /**
     * A due case (a deadline, a planned meeting) nobody has opened after this
     * part of the time from the report to its due time reminds the on-duty
     * channel again (0.5: half the time gone).
     */
    deadlineReminderFraction: number;
    /** How long an instance uses the rota it read before reading it again. */
    rotaCacheSeconds: number;
    locale: 'sr-Latn' | 'en';
    maxAttempts: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    pollMs: number;
    timeoutMs: number;
  };
  smtp?: SmtpConfig;
  retention: {
    closedMonths: number;
    unverifiedDays: number;
    intervalHours: number;
  };
}

const KEYS_PATTERN = /^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/=]+(\s*,\s*[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/=]+)*$/;
const httpUrl = Joi.string().uri({ scheme: ['http', 'https'] });

const schema = Joi.object({
  NODE_ENV: Joi.string().empty('').default('development'),
  DATA_DIR: Joi.string().default('.data'),
  REPORT_ENCRYPTION_KEYS: Joi.string().pattern(KEYS_PATTERN).empty('').meta({ secret: true })
    .when('NODE_ENV', { is: 'production', then: Joi.required() }),
  REPORT_MATCH_KEYS: Joi.string().pattern(KEYS_PATTERN).empty('').meta({ secret: true }),
  SPOOL_DIR: Joi.string().empty(''),
  SPOOL_ALERT_HOURS: Joi.number().positive().max(24 * 365).default(24),
  SPOOL_FLUSH_SECONDS: Joi.number().positive().max(3600).default(15),
  REPORT_STORE_TIMEOUT_MS: Joi.number().integer().min(100).max(60_000).default(4000),
  PASSPHRASE_WORDS: Joi.number().integer().min(5).max(8).default(5),
  FOLLOWUP_MAX_FAILURES: Joi.number().integer().min(1).max(20).default(5),
  FOLLOWUP_LOCK_MINUTES: Joi.number().positive().max(24 * 60).default(15),
  FOLLOWUP_TOKEN_MINUTES: Joi.number().positive().max(24 * 60).default(30),
  PASSPHRASE_REISSUE_MINUTES: Joi.number().min(0).max(24 * 60).default(30),
  // Notices link here: in production the loopback default would send authorities a dead link.
  DASHBOARD_URL: httpUrl.when('NODE_ENV', { is: 'production', then: Joi.required(), otherwise: Joi.optional().default('http://127.0.0.1:3978/dashboard') }),
  NOTIFY_WEBHOOK_SECRET: Joi.string().min(16).empty('').meta({ secret: true }),
  NOTIFY_ONDUTY_WEBHOOK: httpUrl.empty(''),
  NOTIFY_ONDUTY_EMAIL: Joi.string().email({ tlds: false }).empty(''),
  NOTIFY_ONDUTY_HOURS: Joi.string()
    .empty('')
    .custom((value: string, helpers) => {
      try {
        parseOnDutyHours(value);
        return value;
      } catch (err) {
        return helpers.message({ custom: (err as Error).message });
      }
    }),
  NOTIFY_DEADLINE_REMINDER_FRACTION: Joi.number().greater(0).less(1).default(0.5),
  NOTIFY_ROTA_CACHE_SECONDS: Joi.number().min(0).max(600).default(30),
  NOTIFY_LOCALE: Joi.string().valid('sr-Latn', 'en').default('sr-Latn'),
  NOTIFY_MAX_ATTEMPTS: Joi.number().integer().min(1).max(50).default(10),
  NOTIFY_BACKOFF_BASE_MS: Joi.number().integer().min(10).max(3_600_000).default(30_000),
  NOTIFY_BACKOFF_MAX_MS: Joi.number().integer().min(10).max(86_400_000).default(3_600_000),
  NOTIFY_POLL_MS: Joi.number().integer().min(10).max(600_000).default(5000),
  NOTIFY_TIMEOUT_MS: Joi.number().integer().min(100).max(120_000).default(10_000),
  SMTP_HOST: Joi.string().hostname().empty(''),
  SMTP_PORT: Joi.number().integer().min(1).max(65535).default(587),
  SMTP_SECURE: Joi.boolean().default(false),
  SMTP_REQUIRE_TLS: Joi.boolean().default(false),
  SMTP_USER: Joi.string().empty(''),
  SMTP_PASSWORD: Joi.string().empty('').meta({ secret: true }),
  SMTP_FROM: Joi.string().empty(''),
  RETENTION_CLOSED_MONTHS: Joi.number().integer().min(1).max(240).default(12),
  RETENTION_UNVERIFIED_DAYS: Joi.number().integer().min(1).max(3650).default(90),
  RETENTION_INTERVAL_HOURS: Joi.number().positive().max(24 * 7).default(6),
})
  .and('SMTP_USER', 'SMTP_PASSWORD')
  .unknown(true);

/** The report environment schema, exported so the deployment templates can be held against it. */
export const reportEnvSchema = schema;

/**
 * Validates the report-related environment once, at start-up, and throws a
 * {@link ConfigError} naming the first offending variable.
 */
export function loadReportConfig(env: NodeJS.ProcessEnv = process.env): ReportConfig {
  const { value, error } = schema.validate(env, { abortEarly: true, convert: true });
  if (error) {
    const detail = error.details[0];
    if (detail?.type === 'object.and') {
      const missing = (detail.context?.missing as string[] | undefined)?.[0] ?? 'SMTP_PASSWORD';
      throw new ConfigError(missing, 'SMTP_USER and SMTP_PASSWORD must be set together');
    }
    const variable = detail?.context?.key ?? detail?.path.join('.') ?? 'environment';
    // The hours are no secret, and what is wrong with them is worth saying.
    if (variable === 'NOTIFY_ONDUTY_HOURS') throw new ConfigError(variable, `${detail?.message ?? 'invalid'} (expected e.g. "mon-fri 08:00-20:00; sat 09:00-13:00", Belgrade time)`);
    if (detail?.type === 'any.required') {
      throw new ConfigError(String(variable), variable === 'REPORT_ENCRYPTION_KEYS' ? 'required in production (generated keys are for development only)' : 'required in production');
    }
    // Never echo the value: REPORT_ENCRYPTION_KEYS and SMTP_PASSWORD are secrets.
    throw new ConfigError(String(variable), detail?.type ?? 'invalid');
  }
  const v = value as Record<string, string | number | boolean | undefined>;
  const production = v.NODE_ENV === 'production';
  const dataDir = String(v.DATA_DIR);
  const smtpHost = v.SMTP_HOST as string | undefined;
  if (v.NOTIFY_ONDUTY_EMAIL && !smtpHost) {
    throw new ConfigError('SMTP_HOST', 'required when NOTIFY_ONDUTY_EMAIL is set');
  }
  const ondutyProblem = v.NOTIFY_ONDUTY_WEBHOOK ? webhookUrlProblem(String(v.NOTIFY_ONDUTY_WEBHOOK), production) : undefined;
  if (ondutyProblem) throw new ConfigError('NOTIFY_ONDUTY_WEBHOOK', ondutyProblem);
  if (v.NOTIFY_ONDUTY_WEBHOOK && !v.NOTIFY_WEBHOOK_SECRET) {
    throw new ConfigError('NOTIFY_WEBHOOK_SECRET', 'required when NOTIFY_ONDUTY_WEBHOOK is set');
  }
  return {
    production,
    dataDir,
    encryptionKeys: v.REPORT_ENCRYPTION_KEYS as string | undefined,
    matchKeys: v.REPORT_MATCH_KEYS as string | undefined,
    spoolDir: (v.SPOOL_DIR as string | undefined) ?? path.join(dataDir, 'spool'),
    spoolAlertHours: v.SPOOL_ALERT_HOURS as number,
    spoolFlushSeconds: v.SPOOL_FLUSH_SECONDS as number,
    storeTimeoutMs: v.REPORT_STORE_TIMEOUT_MS as number,
    passphraseWords: v.PASSPHRASE_WORDS as number,
    followUp: {
      maxFailures: v.FOLLOWUP_MAX_FAILURES as number,
      lockMinutes: v.FOLLOWUP_LOCK_MINUTES as number,
      tokenMinutes: v.FOLLOWUP_TOKEN_MINUTES as number,
      reissueMinutes: v.PASSPHRASE_REISSUE_MINUTES as number,
    },
    notify: {
      dashboardUrl: String(v.DASHBOARD_URL).replace(/\/+$/, ''),
      webhookSecret: v.NOTIFY_WEBHOOK_SECRET as string | undefined,
      ondutyWebhook: v.NOTIFY_ONDUTY_WEBHOOK as string | undefined,
      ondutyEmail: v.NOTIFY_ONDUTY_EMAIL as string | undefined,
      ondutyHours: v.NOTIFY_ONDUTY_HOURS ? parseOnDutyHours(v.NOTIFY_ONDUTY_HOURS as string) : undefined,
      deadlineReminderFraction: v.NOTIFY_DEADLINE_REMINDER_FRACTION as number,
      rotaCacheSeconds: v.NOTIFY_ROTA_CACHE_SECONDS as number,
      locale: v.NOTIFY_LOCALE as 'sr-Latn' | 'en',
      maxAttempts: v.NOTIFY_MAX_ATTEMPTS as number,
      backoffBaseMs: v.NOTIFY_BACKOFF_BASE_MS as number,
      backoffMaxMs: v.NOTIFY_BACKOFF_MAX_MS as number,
      pollMs: v.NOTIFY_POLL_MS as number,
      timeoutMs: v.NOTIFY_TIMEOUT_MS as number,
    },
    smtp: smtpHost
      ? {
          host: smtpHost,
          port: v.SMTP_PORT as number,
          secure: v.SMTP_SECURE as boolean,
          requireTls: v.SMTP_REQUIRE_TLS as boolean,
          user: v.SMTP_USER as string | undefined,
          password: v.SMTP_PASSWORD as string | undefined,
          from: (v.SMTP_FROM as string | undefined) ?? 'bezbedno@example.org',
        }
      : undefined,
    retention: {
      closedMonths: v.RETENTION_CLOSED_MONTHS as number,
      unverifiedDays: v.RETENTION_UNVERIFIED_DAYS as number,
      intervalHours: v.RETENTION_INTERVAL_HOURS as number,
    },
  };
}
