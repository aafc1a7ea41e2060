import type { AddressInfo } from 'node:net';
import { EMBEDDED_DATABASE, MONGODB_DATABASE, type Database, type DatabaseMode } from '../models/database';
import { createBot } from '../bots/createBot';
import { botStateModel } from '../models/botStateStore';
import { DatabaseGate } from '../models/databaseGate';
import { DirectLineRecords } from '../models/directLineRecords';
import { MongoStorage } from '../models/mongoStorage';
import { RateCounterStore } from '../models/rateCounter';
import { GatedCounterStore } from '../models/gatedCounterStore';
import { createRecognizer } from '../services/nlu/createRecognizer';
import { CipherStateSealer } from '../services/crypto/stateSealer';
import { createReportServices, type ReportServices } from '../services/reports/index';
import { seedRouting } from '../services/routing/seed';
import { RoutingRegistry } from '../models/routingRegistry';
import type { Recognizer } from '../services/nlu/types';
import { createAdapter, serviceUrlPolicy } from './adapter';
import { createApp, RouteMounter } from './app';
import { warmUp } from './warmUp';
import type { Config } from '../core/config';
import { createDashboard, Dashboard } from './dashboard/createDashboard';
import { connectDatabase, describeUri, pingCommand } from './db/connect';
import { withTokenKey } from './directline/tokenKey';
import { createWebChannel, WebChannel } from './directline/webChannel';
import { EmbeddedDatabase, startEmbeddedDatabase } from './db/embedded';
import type { Logger } from '../core/logger';

/** Time budget of one follow-up call from the chat (several database operations and an argon2 check). */
const FOLLOW_UP_BUDGET_MS = 3000;

/** A running Bezbedno service. */
export interface Running {
  url: string;
  port: number;
  conn: Database;
  storage: MongoStorage;
  embedded?: EmbeddedDatabase;
  /** Whether the database answers; the chat's database calls go through it. */
  gate: DatabaseGate;
  /** The website channel: widget, token endpoint, local Direct Line. */
  webChannel: WebChannel;
  /** The contact-centre dashboard (absent when DASHBOARD_ENABLED=false). */
  dashboard?: Dashboard;
  /** Reports, follow-up, notices and retention (started with the server, stopped with it). */
  reports: ReportServices;
  /** Stops accepting, finishes in-flight turns, closes the database. */
  stop: () => Promise<void>;
}

export interface StartOptions {
  mounters?: RouteMounter[];
  /** The recognizer; default: the deployment's (createRecognizer: the `nlu` section, CLU or LUIS, else embedded). */
  recognizer?: Recognizer;
  /**
   * How the repositories use the database (models/database.ts); default:
   * the embedded database's way when the server started one, MongoDB's
   * otherwise. The dashboard bench gives EMBEDDED_DATABASE for the embedded
   * FerretDB it started itself and hands over by MONGODB_URI.
   */
  databaseMode?: DatabaseMode;
}

/**
 * The composition root: config → database → state → bot → routes. `all`
 * is the whole configuration, read once (core/config: loadConfig); each part
 * is handed its own section. Tests start it on port 0 and stop it in-process.
 */
export async function startServer(all: Config, log: Logger, opts: StartOptions = {}): Promise<Running> {
  const config = all.server;
  if (!config.botAuth && config.production) {
    log.warn({ event: 'auth.disabled', production: true }, 'ALLOW_UNAUTHENTICATED_BOT: no Bot Framework authentication; /api/messages refuses every channel and the bot answers only its own web chat');
  } else if (!config.botAuth) {
    log.warn({ event: 'auth.disabled' }, 'no MicrosoftAppId configured: Bot Framework authentication is OFF (local mode, as with the Emulator)');
  }

  // Before the database: a recognizer that cannot train stops start-up with nothing to clean up.
  const recognizer = opts.recognizer ?? createRecognizer(all.nlu, log);
  await recognizer.init();

  let embedded: EmbeddedDatabase | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    embedded = await startEmbeddedDatabase({ dir: config.dataDir, log });
    uri = embedded.uri;
    log.info({ event: 'db.embedded', kind: embedded.kind, port: embedded.port, dir: config.dataDir }, `no MONGODB_URI: using the embedded ${embedded.kind} database, persisting under ${config.dataDir}`);
  }

  // The one switch for the repositories (models/database.ts): the embedded database's accommodations only on it.
  const mode: DatabaseMode = opts.databaseMode ?? (embedded ? EMBEDDED_DATABASE : MONGODB_DATABASE);
  let conn: Database;
  try {
    conn = await connectDatabase({
      uri,
      attempts: config.dbConnectAttempts,
      maxDelayMs: config.dbRetryMaxDelayMs,
      serverSelectionTimeoutMs: config.dbServerSelectionTimeoutMs,
      socketTimeoutMs: config.dbSocketTimeoutMs,
      log,
    });
  } catch (err) {
    await embedded?.stop();
    throw err;
  }

  // The chat's database calls are bounded and, while the database is away, skipped (see models/databaseGate.ts).
  const gate = new DatabaseGate({ ping: pingCommand(conn), opTimeoutMs: config.dbOperationTimeoutMs, probeIntervalMs: 1000, host: describeUri(uri), log });
  let reports: ReportServices;
  try {
    reports = createReportServices(conn, all.reports, log, { gate, mode });
    await reports.ensureIndexes();
    // Idempotent: writes the authority registry and routing rules from
    // content/ and never overwrites what an admin edited in the dashboard.
    const seeded = await seedRouting(new RoutingRegistry(conn));
    log.info({ event: 'routing.seeded', authorities: seeded.authorities, rules: seeded.rules }, 'routing registry ready');
  } catch (err) {
    await conn.close();
    await embedded?.stop();
    throw err;
  }

  // The server that started its own database is its only writer.
  // Sealed with the report key: the dialog stack quotes what the reporter wrote.
  // State is also kept in memory (as stored: sealed), so a turn runs while the database is away.
  const storage = new MongoStorage(botStateModel(conn), {
    ttlMs: config.stateTtlHours * 3600_000,
    singleWriter: embedded !== undefined,
    sealer: new CipherStateSealer(reports.cipher),
    onUnreadable: () => log.warn({ event: 'state.unreadable' }, 'conversation state could not be opened (unknown key?); the conversation starts afresh'),
    cacheItems: config.stateCacheItems,
    gate,
    log,
  });
  await botStateModel(conn).createIndexes();
  // Rate-limit counters shared by every instance (sign-in, Direct Line); while the database is away, counted here.
  const sharedCounters = new RateCounterStore(conn, { singleWriter: embedded !== undefined });
  await sharedCounters.init();
  const counters = new GatedCounterStore(sharedCounters, gate);
  await counters.sharedSecret();
  const sweep = setInterval(() => {
    storage.sweep().then(
      (n) => n > 0 && log.info({ event: 'state.swept', removed: n }, 'expired conversation state removed'),
      (err: unknown) => log.warn({ event: 'state.sweep_failed', err }, 'state sweep failed; will retry'),
    );
    counters.sweep();
    sharedCounters.sweep().catch((err: unknown) => log.warn({ event: 'ratelimit.sweep_failed', err }, 'rate counter sweep failed; will retry'));
  }, config.stateSweepMinutes * 60_000);
  sweep.unref();

  reports.start();
  // Follow-up needs the database; while it is away, the reporter hears so at once instead of after a timeout.
  const followUp = reports.followUp;
  const reporting = {
    submitter: reports.submitter,
    followUp: {
      verify: (code: string, passphrase: string) => gate.run(() => followUp.verify(code, passphrase), FOLLOW_UP_BUDGET_MS),
      view: (token: string) => gate.run(() => followUp.view(token), FOLLOW_UP_BUDGET_MS),
      postReporterMessage: (token: string, text: string) => gate.run(() => followUp.postReporterMessage(token, text), FOLLOW_UP_BUDGET_MS),
      flagCrisis: (token: string, flag: Parameters<typeof followUp.flagCrisis>[1]) => gate.run(() => followUp.flagCrisis(token, flag), FOLLOW_UP_BUDGET_MS),
    },
    cipher: reports.cipher,
    onDuty: reports.onDuty,
  };
  const { bot, conversationState } = createBot({ storage, recognizer, log, reporting });
  // Replies go only to configured channels (the local Direct Line takes its replies in-process).
  const own: { url?: () => string | undefined } = {};
  const serviceUrls = serviceUrlPolicy(config, () => own.url?.());
  const adapter = createAdapter(config, log, conversationState, serviceUrls);
  const directLineConfig = withTokenKey(all.directLine, { dataDir: config.dataDir, log });
  // Conversations of the built-in web chat survive restarts and are shared by instances.
  const directLineRecords = new DirectLineRecords(conn, { maxActivities: directLineConfig.maxActivities, singleWriter: embedded !== undefined });
  await directLineRecords.init();
  const webChannel = createWebChannel({ config: directLineConfig, adapter, bot, log, botId: config.botAuth?.appId, records: directLineRecords, gate, counters });
  own.url = webChannel.serviceUrl;
  const dashboardConfig = all.dashboard;
  const dashboard = dashboardConfig.enabled
    ? await createDashboard({
      db: conn, log, config: dashboardConfig, embeddedDatabase: embedded !== undefined, databaseMode: mode, counters: sharedCounters,
      reports: { cipher: reports.cipher, postStaffMessage: async (reportId, staffId, text) => (await reports.followUp.postStaffMessage(reportId, staffId, text)).messageId },
    })
    : undefined;
  dashboard?.attachOnDuty({ rota: reports.rota, deadlines: reports.deadlines });
  if (embedded) {
    // Create every model's collection now (some would appear only with their first document),
    // then index their `_id` lookups on FerretDB (tools/ferretdb/idindex.go).
    await Promise.all(Object.values(conn.models).map((m) => m.createCollection()));
    await embedded.indexIdLookups(conn.name).then(
      (n) => n > 0 && log.info({ event: 'db.embedded.indexed', collections: n }, `indexed _id lookups in ${n} new collections`),
      (err: unknown) => log.warn({ event: 'db.embedded.index_failed', err }, 'could not index _id lookups; lookups by id read whole collections until the next start'),
    );
  }
  // Cold code answers the first person after a start slowly: a throwaway copy of the bot speaks first.
  const warmed = await warmUp(recognizer);
  log.info({ event: 'bot.warmed', turns: warmed.turns, ms: warmed.ms }, `warmed the bot with ${warmed.turns} scripted turns in ${warmed.ms} ms`);
  const app = createApp(
    { adapter, bot, log, serviceUrls, bodyLimitBytes: config.bodyLimitBytes, isReady: () => gate.check() },
    [...(dashboard ? [dashboard.mount] : []), webChannel.mount, ...(opts.mounters ?? [])],
  );

  await new Promise<void>((resolve, reject) => {
    app.server.once('error', reject);
    app.server.listen(config.port, config.host, () => resolve());
  });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info({ event: 'server.listening', port }, `Bezbedno listening on ${url}`);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      log.info({ event: 'server.stopping', inFlight: app.inFlight() }, 'shutting down');
      clearInterval(sweep);
      dashboard?.stop();
      // Before the server closes: queued bot turns still post their replies to it.
      await webChannel.close();
      const closed = new Promise<void>((resolve) => app.server.close(() => resolve()));
      const drained = await app.drain(config.shutdownTimeoutMs);
      if (!drained) log.warn({ event: 'server.drain_timeout', inFlight: app.inFlight() }, 'in-flight requests did not finish in time');
      app.server.server.closeIdleConnections?.();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 1000))]);
      // After the drain (a turn may still be submitting), before the database closes.
      await reports.stop();
      gate.close();
      conn.removeAllListeners('disconnected');
      await conn.close();
      await embedded?.stop();
      log.info({ event: 'server.stopped' }, 'stopped');
    })();
    return stopping;
  };

  return { url, port, conn, storage, embedded, gate, webChannel, dashboard, reports, stop };
}
