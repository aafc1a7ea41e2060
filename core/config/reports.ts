import path from 'node:path';
import Joi from 'joi';
import { parseOnDutyHours } from '../domain/rota';
import { webhookUrlProblem } from '../domain/webhookUrl';
import { ConfigError } from './configError';
import { bool, num, oneOf, str } from './field';
import { allOrNone, section } from './section';
import { shared } from './shared';

const KEYS_PATTERN = /^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/=]+(\s*,\s*[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/=]+)*$/;
const httpUrl = (s: Joi.StringSchema): Joi.StringSchema => s.uri({ scheme: ['http', 'https'] });

/** NOTIFY_ONDUTY_HOURS must parse; what is wrong with it is said (the hours are no secret). */
function onDutyHoursRule(s: Joi.StringSchema): Joi.StringSchema {
  return s.empty('').custom((value: string, helpers) => {
    try {
      parseOnDutyHours(value);
      return value;
    } catch (err) {
      return helpers.message({ custom: `${(err as Error).message} (expected e.g. "mon-fri 08:00-20:00; sat 09:00-13:00", Belgrade time)` });
    }
  });
}

/** Reports, follow-up, notices (webhook, e-mail) and retention. */
export const reportsSection = section(
  {
    NODE_ENV: shared.NODE_ENV,
    DATA_DIR: shared.DATA_DIR,
    REPORT_ENCRYPTION_KEYS: str((s) => s.pattern(KEYS_PATTERN).empty(''))
      .secret()
      .requiredInProduction('required in production (generated keys are for development only)'),
    REPORT_MATCH_KEYS: str((s) => s.pattern(KEYS_PATTERN).empty('')).secret(),
    SPOOL_DIR: str((s) => s.empty('')),
    SPOOL_ALERT_HOURS: num((n) => n.positive().max(24 * 365)).default(24),
    SPOOL_FLUSH_SECONDS: num((n) => n.positive().max(3600)).default(15),
    REPORT_STORE_TIMEOUT_MS: num((n) => n.integer().min(100).max(60_000)).default(4000),
    PASSPHRASE_WORDS: num((n) => n.integer().min(5).max(8)).default(5),
    FOLLOWUP_MAX_FAILURES: num((n) => n.integer().min(1).max(20)).default(5),
    FOLLOWUP_LOCK_MINUTES: num((n) => n.positive().max(24 * 60)).default(15),
    FOLLOWUP_TOKEN_MINUTES: num((n) => n.positive().max(24 * 60)).default(30),
    PASSPHRASE_REISSUE_MINUTES: num((n) => n.min(0).max(24 * 60)).default(30),
    // Notices link here: in production the loopback default would send authorities a dead link.
    DASHBOARD_URL: str(httpUrl).requiredInProductionElse('http://127.0.0.1:3978/dashboard'),
    NOTIFY_WEBHOOK_SECRET: str((s) => s.min(16).empty('')).secret(),
    NOTIFY_ONDUTY_WEBHOOK: str((s) => httpUrl(s).empty('')),
    NOTIFY_ONDUTY_EMAIL: str((s) => s.email({ tlds: false }).empty('')),
    NOTIFY_ONDUTY_HOURS: str(onDutyHoursRule),
    NOTIFY_DEADLINE_REMINDER_FRACTION: num((n) => n.greater(0).less(1)).default(0.5),
    NOTIFY_ROTA_CACHE_SECONDS: num((n) => n.min(0).max(600)).default(30),
    NOTIFY_LOCALE: oneOf(['sr-Latn', 'en']).default('sr-Latn'),
    NOTIFY_MAX_ATTEMPTS: num((n) => n.integer().min(1).max(50)).default(10),
    NOTIFY_BACKOFF_BASE_MS: num((n) => n.integer().min(10).max(3_600_000)).default(30_000),
    NOTIFY_BACKOFF_MAX_MS: num((n) => n.integer().min(10).max(86_400_000)).default(3_600_000),
    NOTIFY_POLL_MS: num((n) => n.integer().min(10).max(600_000)).default(5000),
    NOTIFY_TIMEOUT_MS: num((n) => n.integer().min(100).max(120_000)).default(10_000),
    SMTP_HOST: str((s) => s.hostname().empty('')),
    SMTP_PORT: num((n) => n.integer().min(1).max(65535)).default(587),
    SMTP_SECURE: bool().default(false),
    SMTP_REQUIRE_TLS: bool().default(false),
    SMTP_USER: str((s) => s.empty('')),
    SMTP_PASSWORD: str((s) => s.empty('')).secret(),
    SMTP_FROM: str((s) => s.empty('')),
    RETENTION_CLOSED_MONTHS: num((n) => n.integer().min(1).max(240)).default(12),
    RETENTION_UNVERIFIED_DAYS: num((n) => n.integer().min(1).max(3650)).default(90),
    RETENTION_INTERVAL_HOURS: num((n) => n.positive().max(24 * 7)).default(6),
  },
  (v) => {
    allOrNone(v, ['SMTP_USER', 'SMTP_PASSWORD'], 'SMTP_USER and SMTP_PASSWORD must be set together');
    const production = v.NODE_ENV === 'production';
    if (v.NOTIFY_ONDUTY_EMAIL && !v.SMTP_HOST) throw new ConfigError('SMTP_HOST', 'required when NOTIFY_ONDUTY_EMAIL is set');
    const ondutyProblem = v.NOTIFY_ONDUTY_WEBHOOK ? webhookUrlProblem(v.NOTIFY_ONDUTY_WEBHOOK, production) : undefined;
    if (ondutyProblem) throw new ConfigError('NOTIFY_ONDUTY_WEBHOOK', ondutyProblem);
    if (v.NOTIFY_ONDUTY_WEBHOOK && !v.NOTIFY_WEBHOOK_SECRET) throw new ConfigError('NOTIFY_WEBHOOK_SECRET', 'required when NOTIFY_ONDUTY_WEBHOOK is set');
    return {
      production,
      dataDir: v.DATA_DIR,
      /** `kid:base64key,…`; first = current. Absent: a development key under dataDir/keys. */
      encryptionKeys: v.REPORT_ENCRYPTION_KEYS,
      /**
       * `kid:base64key,…`, first = current: the keys of the account hashes that
       * link reports naming the same account. Absent: derived from the report
       * keys (HKDF, their own label), with their ids.
       */
      matchKeys: v.REPORT_MATCH_KEYS,
      spoolDir: v.SPOOL_DIR ?? path.join(v.DATA_DIR, 'spool'),
      /** A spool entry older than this is logged as an error on every purge run. */
      spoolAlertHours: v.SPOOL_ALERT_HOURS,
      spoolFlushSeconds: v.SPOOL_FLUSH_SECONDS,
      /** A database write slower than this sends the report to the spool. */
      storeTimeoutMs: v.REPORT_STORE_TIMEOUT_MS,
      passphraseWords: v.PASSPHRASE_WORDS,
      followUp: {
        maxFailures: v.FOLLOWUP_MAX_FAILURES,
        lockMinutes: v.FOLLOWUP_LOCK_MINUTES,
        tokenMinutes: v.FOLLOWUP_TOKEN_MINUTES,
        reissueMinutes: v.PASSPHRASE_REISSUE_MINUTES,
      },
      notify: {
        dashboardUrl: v.DASHBOARD_URL.replace(/\/+$/, ''),
        webhookSecret: v.NOTIFY_WEBHOOK_SECRET,
        ondutyWebhook: v.NOTIFY_ONDUTY_WEBHOOK,
        ondutyEmail: v.NOTIFY_ONDUTY_EMAIL,
        /**
         * When someone at the contact centre is on duty (Europe/Belgrade time).
         * Absent: the bot promises no one, and says it cannot say when.
         */
        ondutyHours: v.NOTIFY_ONDUTY_HOURS ? parseOnDutyHours(v.NOTIFY_ONDUTY_HOURS) : undefined,
        /**
         * A due case (a deadline, a planned meeting) nobody has opened after this
         * part of the time from the report to its due time reminds the on-duty
         * channel again (0.5: half the time gone).
         */
        deadlineReminderFraction: v.NOTIFY_DEADLINE_REMINDER_FRACTION,
        /** How long an instance uses the rota it read before reading it again. */
        rotaCacheSeconds: v.NOTIFY_ROTA_CACHE_SECONDS,
        locale: v.NOTIFY_LOCALE,
        maxAttempts: v.NOTIFY_MAX_ATTEMPTS,
        backoffBaseMs: v.NOTIFY_BACKOFF_BASE_MS,
        backoffMaxMs: v.NOTIFY_BACKOFF_MAX_MS,
        pollMs: v.NOTIFY_POLL_MS,
        timeoutMs: v.NOTIFY_TIMEOUT_MS,
      },
      /** SMTP transport for e-mail notices (nodemailer); absent without SMTP_HOST. */
      smtp: v.SMTP_HOST
        ? {
            host: v.SMTP_HOST,
            port: v.SMTP_PORT,
            /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
            secure: v.SMTP_SECURE,
            /** Refuse to send unless STARTTLS succeeds. */
            requireTls: v.SMTP_REQUIRE_TLS,
            user: v.SMTP_USER,
            password: v.SMTP_PASSWORD,
            from: v.SMTP_FROM ?? 'bezbedno@example.org',
          }
        : undefined,
      retention: {
        closedMonths: v.RETENTION_CLOSED_MONTHS,
        unverifiedDays: v.RETENTION_UNVERIFIED_DAYS,
        intervalHours: v.RETENTION_INTERVAL_HOURS,
      },
    };
  },
);
