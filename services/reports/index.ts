import { AccountLinkRepository } from '../../models/accountLink';
import { CaseMessageRepository } from '../../models/caseMessageRepository';
import { EMBEDDED_DATABASE, onReconnected, type Database, type DatabaseMode } from '../../models/database';
import type { DatabaseGate } from '../../models/databaseGate';
import { KeyLedger } from '../../models/keyLedger';
import { createNotificationIndexes } from '../../models/notification';
import { ReporterContactRepository } from '../../models/reporterContactRepository';
import { ReportRepository } from '../../models/reportRepository';
import type { Logger } from '../../core/logger';
import { anonymise as realAnonymise } from '../anonymise/anonymise';
import { FieldCipher } from '../crypto/fieldCipher';
import { developmentKeyring, parseKeyring } from '../crypto/keyring';
import { registryDirectory, type ChannelDirectory } from '../notify/channelDirectory';
import { DeliveryWorker } from '../notify/deliveryWorker';
import { EmailChannel } from '../notify/emailChannel';
import { NotificationQueue } from '../notify/notificationQueue';
import type { OnDuty } from '../notify/onDuty';
import { rotaFromEnvironment } from '../notify/rota';
import { RotaService } from '../notify/rotaService';
import { OnDutyRotaRepository } from '../../models/onDutyRota';
import { RoutingRegistry } from '../../models/routingRegistry';
import { NotificationRepository } from '../../models/notificationRepository';
import { DeadlineReminderRepository } from '../../models/deadlineReminder';
import { DeadlineReminders } from '../deadlines/deadlineReminders';
import { WebhookChannel } from '../notify/webhookChannel';
import { RetentionPurger } from '../retention/purge';
import { RoutingService } from '../routing/routingService';
import { AccountLinks } from './accountLinks';
import { AccountMatcher } from './accountMatcher';
import type { ReportConfig } from '../../core/config';
import { FollowUpService } from './followUp';
import { assertKeysConfigured, type KeyedStores } from './keyCheck';
import { argon2Hasher, type PassphraseHasher } from './passphrase';
import type { AnonymiseFn, RouteFn } from './prepareReport';
import { ReportSpool } from './reportSpool';
import { rotateReportKeys, type RotationResult } from './rotateKeys';
import { ReportStore } from './reportStore';
import { SpoolFlusher } from './spoolFlusher';
import { ReportSubmitter } from './submitReport';

/** Replaceable parts (tests); production uses the defaults. */
export interface ReportServiceOverrides {
  anonymise?: AnonymiseFn;
  route?: RouteFn;
  directory?: ChannelDirectory;
  hasher?: PassphraseHasher;
  now?: () => Date;
  /** The server's database gate: submissions go to the spool at once while it is closed, and the spool is flushed when it opens. */
  gate?: DatabaseGate;
  /**
   * Which database the repositories run on (models/database.ts): the
   * embedded FerretDB's case-code links and report-children lists, or
   * MongoDB's indexes. Default: the embedded database's way.
   */
  mode?: DatabaseMode;
}

/** Everything the report dialog, the dashboard and the jobs need, built once. */
export interface ReportServices {
  config: ReportConfig;
  cipher: FieldCipher;
  submitter: ReportSubmitter;
  followUp: FollowUpService;
  notifications: NotificationQueue;
  /** Who sees an immediate report, and when (the bot says only that): the rota. */
  onDuty: OnDuty;
  /** The on-duty rota kept in the dashboard (hours, holidays, channel, response time). */
  rota: RotaService;
  /** Which reports name the same account (keyed hashes only). */
  accounts: AccountLinks;
  /** Reminders of due cases nobody has opened (to the on-duty channel). */
  deadlines: DeadlineReminders;
  deliveryWorker: DeliveryWorker;
  spool: ReportSpool;
  spoolFlusher: SpoolFlusher;
  purger: RetentionPurger;
  /**
   * Creates the indexes (the connection runs with autoIndex off), fills what
   * older data lacks, and checks that every key id stored data uses is
   * configured (a ConfigError naming the missing ids otherwise).
   */
  ensureIndexes(): Promise<void>;
  /** Re-encrypts every stored value not under the current key (`npm run admin -- rotate-keys`; services/reports/rotateKeys.ts). */
  rotateKeys(): Promise<RotationResult>;
  /** Starts the spool flusher, the delivery worker and the retention timer; flushes at once and on every reconnect. */
  start(): void;
  stop(): Promise<void>;
}

/**
 * The composition of reports, follow-up, notices and retention, on the
 * database handle (`conn`, models/database.ts) it builds the repositories from.
 * `config` is the configuration's `reports` section (core/config/reports.ts,
 * read once by the composition root). server/index.ts calls this once after
 * connecting.
 */
export function createReportServices(conn: Database, config: ReportConfig, log: Logger, overrides: ReportServiceOverrides = {}): ReportServices {
  const cipher = new FieldCipher(config.encryptionKeys ? parseKeyring(config.encryptionKeys) : developmentKeyring(config.dataDir, log));
  const mode = overrides.mode ?? EMBEDDED_DATABASE;
  const reports = new ReportRepository(conn, overrides.now, mode);
  const contacts = new ReporterContactRepository(conn);
  const messages = new CaseMessageRepository(conn, mode);
  const keyed: KeyedStores = { reports, contacts, messages, ledger: new KeyLedger(conn) };
  const accounts = new AccountLinks(reports, new AccountLinkRepository(conn, overrides.now), AccountMatcher.fromConfig(cipher, config.matchKeys));
  const hasher = overrides.hasher ?? argon2Hasher;
  const anonymise = overrides.anonymise ?? realAnonymise;
  const registry = new RoutingRegistry(conn);
  const routing = new RoutingService(registry, { log, readTimeoutMs: overrides.gate ? undefined : config.storeTimeoutMs, gate: overrides.gate });
  const route = overrides.route ?? ((s) => routing.route(s));
  const directory = overrides.directory ?? registryDirectory(registry);
  const rotaRepository = new OnDutyRotaRepository(conn);
  const rota = new RotaService(
    rotaRepository,
    {
      seed: rotaFromEnvironment(config.notify.ondutyHours, { webhook: config.notify.ondutyWebhook, email: config.notify.ondutyEmail }),
      production: config.production,
      webhookSigning: Boolean(config.notify.webhookSecret),
      emailSending: Boolean(config.smtp),
      cacheMs: config.notify.rotaCacheSeconds * 1000,
      gate: overrides.gate,
      readTimeoutMs: overrides.gate ? undefined : config.storeTimeoutMs,
      now: overrides.now,
    },
    log,
  );
  // The on-duty channel is the rota's, read when a notice is queued or sent.
  const onduty = (): Promise<{ webhook?: string; email?: string }> => rota.endpoints();

  const notices = new NotificationRepository(conn, mode);
  const notifications = new NotificationQueue(notices, directory, onduty, overrides.now);
  const email = new EmailChannel(config.smtp, config.notify.locale, config.notify.timeoutMs);
  const deliveryWorker = new DeliveryWorker(
    notices,
    {
      directory, onduty, email,
      webhook: new WebhookChannel(config.notify.webhookSecret, config.notify.timeoutMs, undefined, config.production),
      dashboardUrl: config.notify.dashboardUrl,
      maxAttempts: config.notify.maxAttempts,
      backoffBaseMs: config.notify.backoffBaseMs,
      backoffMaxMs: config.notify.backoffMaxMs,
      pollMs: config.notify.pollMs,
      now: overrides.now,
    },
    log,
  );
  const reminderRepository = new DeadlineReminderRepository(conn);
  const deadlines = new DeadlineReminders(
    reminderRepository,
    notifications,
    { fraction: config.notify.deadlineReminderFraction, pollMs: config.notify.pollMs, now: overrides.now, onQueued: () => deliveryWorker.wake() },
    log,
  );
  const store = new ReportStore(reports, contacts, async (report) => {
    await notifications.enqueueForReport(report);
    await deadlines.scheduleFor({ id: report._id.toHexString(), createdAt: report.createdAt, due: report.due });
    deliveryWorker.wake(); // at once, not at the next poll: an immediate report alerts the on-duty reviewer now
  }, accounts);
  const spool = new ReportSpool(config.spoolDir, cipher);
  const spoolFlusher = new SpoolFlusher(spool, store, log, { intervalMs: config.spoolFlushSeconds * 1000, storeTimeoutMs: config.storeTimeoutMs });
  const submitter = new ReportSubmitter({
    cipher, hasher, anonymise, route, store, spool, log,
    storeTimeoutMs: config.storeTimeoutMs,
    passphraseWords: config.passphraseWords,
    reissueMinutes: config.followUp.reissueMinutes,
    gate: overrides.gate,
    now: overrides.now,
    matcher: accounts.matcher,
  });
  const followUp = new FollowUpService({
    reports, messages, cipher, hasher, anonymise, log,
    policy: { maxFailures: config.followUp.maxFailures, lockMinutes: config.followUp.lockMinutes },
    tokenMinutes: config.followUp.tokenMinutes,
    route,
    onRerouted: async (report) => {
      await notifications.enqueueForReport(report);
      deliveryWorker.wake();
    },
    now: overrides.now,
    accounts,
  });
  const purger = new RetentionPurger(
    { reports, messages, contacts },
    { closedMonths: config.retention.closedMonths, unverifiedDays: config.retention.unverifiedDays, spoolAlertHours: config.spoolAlertHours },
    log,
    spool,
    overrides.now,
    accounts,
  );

  let retentionTimer: NodeJS.Timeout | undefined;
  let stopReconnects: (() => void) | undefined;
  const flushNow = (): void => {
    spoolFlusher.flush().catch((err: unknown) => log.error({ event: 'spool.flush_failed', err }, 'spool flush failed; will retry'));
  };
  const purgeNow = (): void => {
    purger.run().catch((err: unknown) => log.error({ event: 'retention.failed', err }, 'retention purge failed; will retry'));
  };

  return {
    config, cipher, submitter, followUp, notifications, accounts,
    onDuty: rota,
    rota,
    deadlines,
    deliveryWorker, spool, spoolFlusher, purger,
    ensureIndexes: async () => {
      await reports.createIndexes();
      await contacts.createIndexes();
      await messages.createIndexes();
      await createNotificationIndexes(conn);
      await Promise.all([rotaRepository.init(), reminderRepository.init()]);
      const linked = await reports.fillCaseCodeLinks();
      if (linked > 0) log.info({ event: 'reports.codes_linked', reports: linked }, 'linked the case codes of reports stored before case-code links existed');
      const outboxed = await notifications.init();
      if (outboxed > 0) log.info({ event: 'notify.outbox_filled', notices: outboxed }, 'gave undelivered notices from before the outbox their entries');
      const listed = await messages.init();
      if (listed > 0) log.info({ event: 'reports.threads_listed', messages: listed }, 'listed the thread messages stored before thread lists existed');
      try {
        const keys = await assertKeysConfigured(keyed, cipher, config.spoolDir);
        if (keys.source === 'scan') log.info({ event: 'crypto.keys_checked', kids: keys.kids }, 'read the key ids stored data uses and recorded them');
      } catch (err) {
        log.fatal({ event: 'crypto.keys_missing' }, err instanceof Error ? err.message : 'key check failed');
        throw err;
      }
      // After the key check: re-linking reads the evidence, which needs every key it names.
      const relinked = await accounts.init(cipher);
      if (relinked?.unreadable) log.error({ event: 'reports.accounts_unreadable', reports: relinked.unreadable }, 'the evidence of some reports did not decrypt: their accounts were not re-linked');
      if (relinked && relinked.relinked + relinked.retired > 0) log.info({ event: 'reports.accounts_linked', ...relinked }, 'linked the accounts reports name under the configured matching keys');
    },
    rotateKeys: () => rotateReportKeys(keyed, cipher),
    start: () => {
      spoolFlusher.start();
      deliveryWorker.start();
      deadlines.start();
      stopReconnects?.();
      stopReconnects = onReconnected(conn, flushNow);
      overrides.gate?.onRecover(flushNow);
      flushNow();
      retentionTimer = setInterval(purgeNow, config.retention.intervalHours * 3600_000);
      retentionTimer.unref();
    },
    stop: async () => {
      stopReconnects?.();
      stopReconnects = undefined;
      if (retentionTimer) clearInterval(retentionTimer);
      await Promise.all([spoolFlusher.stop(), deliveryWorker.stop(), deadlines.stop()]);
      email.close();
    },
  };
}
