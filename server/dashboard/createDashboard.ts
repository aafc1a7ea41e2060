import type { Server } from 'restify';
import { AuditLog } from '../../services/audit/auditLog';
import { AesSecretSealer, MissingKeySealer } from '../../services/auth/aesSecretSealer';
import { AuthService } from '../../services/auth/authService';
import { EMBEDDED_DATABASE, type Database, type DatabaseMode } from '../../models/database';
import type { RateCounterStore } from '../../models/rateCounter';
import { LoginThrottle } from '../../services/auth/loginThrottle';
import { PasswordHasher } from '../../services/auth/password';
import { SessionService } from '../../services/auth/sessionService';
import { StaffService } from '../../services/auth/staffService';
import { RoutingService } from '../../services/routing/routingService';
import { RoutingRegistry } from '../../models/routingRegistry';
import { AuditEventRepository } from '../../models/auditEventRepository';
import { StaffSessionRepository } from '../../models/staffSessionRepository';
import { StaffUserRepository } from '../../models/staffUserRepository';
import type { FieldCipher } from '../../services/crypto/fieldCipher';
import { ReportStats } from '../../services/dashboard/reportStats';
import { ReviewerCare } from '../../services/dashboard/reviewerCare';
import { CareCounterRepository } from '../../models/careCounter';
import { ReportStatsRepository } from '../../models/reportStatsRepository';
import type { Logger } from '../../core/logger';
import type { ApiRoute } from './apiRoute';
import type { DashboardConfig } from '../../core/config';
import { reportAcksOn, reportCasesOn, reportQueueOn, type DashboardOnDuty, type DashboardServices } from './dashboardServices';
import { mountApiRoutes } from './mountApiRoutes';
import { auditRoutes } from './routes/auditRoutes';
import { authRoutes } from './routes/authRoutes';
import { reportRoutes } from './routes/reportRoutes';
import { statsRoutes } from './routes/statsRoutes';
import { registryRoutes } from './routes/registryRoutes';
import { metaRoutes } from './routes/metaRoutes';
import { rotaRoutes } from './routes/rotaRoutes';
import { careRoutes } from './routes/careRoutes';
import { userRoutes } from './routes/userRoutes';
import { mountStaticUi } from './staticUi';

/** The dashboard, ready to mount: its routes, services and a stop hook. */
export interface Dashboard {
  routes: readonly ApiRoute[];
  services: DashboardServices;
  mount: (server: Server) => void;
  /** Connects the reports service (cipher and the staff side of the message thread). */
  attachReports: (reports: ReportsAttachment) => void;
  /** Connects the on-duty rota and the deadline reminders (the reports service's). */
  attachOnDuty: (onDuty: DashboardOnDuty) => void;
  stop: () => void;
}

/** What the reports service hands the dashboard. */
export interface ReportsAttachment {
  cipher: FieldCipher;
  /** Posts a staff message into the reporter's thread; returns the message id. */
  postStaffMessage: (reportId: string, staffId: string, text: string) => Promise<string>;
}

/** Builds the dashboard's services on the database and declares its routes. */
export async function createDashboard(deps: {
  db: Database;
  log: Logger;
  config: DashboardConfig;
  reports?: ReportsAttachment;
  /** The server started the database itself (one writer): the queue is then held in memory unless configured otherwise. */
  embeddedDatabase?: boolean;
  /**
   * How the repositories read a report's notices, messages and
   * acknowledgements (models/database.ts); default: the embedded
   * database's way (correct on any database).
   */
  databaseMode?: DatabaseMode;
  /** Shared rate-limit counters (swept by the server). */
  counters: RateCounterStore;
}): Promise<Dashboard> {
  const { db, log, config } = deps;
  const hasher = new PasswordHasher({ memoryCost: config.argonMemoryKiB, timeCost: config.argonTimeCost });
  const staff = new StaffService(new StaffUserRepository(db), hasher);
  const sessions = new SessionService(new StaffSessionRepository(db), { idleMs: config.sessionIdleMinutes * 60_000, absoluteMs: config.sessionAbsoluteHours * 3_600_000 });
  const audit = new AuditLog(new AuditEventRepository(db));
  const sealer = config.totpKey ? new AesSecretSealer(config.totpKey) : new MissingKeySealer();
  const { counters } = deps;
  const throttle = new LoginThrottle(counters, {
    addressMaxFailures: config.clientMaxFailures,
    pairMaxFailures: config.pairMaxFailures,
    windowMs: config.clientWindowMinutes * 60_000,
  });
  const auth = new AuthService(staff, hasher, sealer, throttle, { maxFailures: config.lockoutThreshold, lockMs: config.lockoutMinutes * 60_000 });
  const queueMode = config.queueMode === 'auto' ? (deps.embeddedDatabase ? 'memory' : 'database') : config.queueMode;
  const queue = reportQueueOn(db, queueMode);
  const mode = deps.databaseMode ?? EMBEDDED_DATABASE;
  const acks = reportAcksOn(db, undefined, mode);
  const careCounters = new CareCounterRepository(db);
  await Promise.all([staff.init(), sessions.init(), audit.init(), queue.init(), acks.init(), careCounters.init()]);
  log.info({ event: 'dashboard.queue', mode: queueMode }, `review queue read from ${queueMode === 'memory' ? 'memory (single instance)' : 'the database'}`);
  if (queueMode === 'memory') {
    const loadStart = Date.now();
    queue.ready().then(
      () => log.info({ event: 'dashboard.queue_loaded', ms: Date.now() - loadStart }, 'review queue loaded into memory'),
      (err: unknown) => log.warn({ event: 'dashboard.queue_load_failed', err }, 'could not load the review queue; the next queue request tries again'),
    );
  }

  const routing = new RoutingService(new RoutingRegistry(db), { log });
  const services: DashboardServices = { db, config, routing, staff, auth, sessions, audit, queue, stats: new ReportStats(new ReportStatsRepository(db)), care: new ReviewerCare(careCounters, config.care) };
  const attachReports = (r: ReportsAttachment): void => {
    services.reports = { cases: reportCasesOn(db, r.cipher, acks, undefined, mode), postStaffMessage: r.postStaffMessage };
  };
  if (deps.reports) attachReports(deps.reports);
  const routes: ApiRoute[] = [];
  routes.push(...authRoutes(services), ...userRoutes(services), ...auditRoutes(services), ...registryRoutes(services), ...reportRoutes(services), ...statsRoutes(services), ...rotaRoutes(services), ...careRoutes(services), ...metaRoutes(() => routes));

  const sweep = setInterval(() => {
    sessions.sweep().then(
      (n) => n > 0 && log.info({ event: 'dashboard.sessions_swept', removed: n }, 'expired dashboard sessions removed'),
      (err: unknown) => log.warn({ event: 'dashboard.session_sweep_failed', err }, 'session sweep failed; will retry'),
    );
  }, config.sessionSweepMinutes * 60_000);
  sweep.unref();

  return {
    routes,
    services,
    mount: (server) => {
      mountApiRoutes(server, routes, { sessions, audit, log, secureCookies: config.secureCookies, trustedProxyHops: config.trustedProxyHops });
      mountStaticUi(server);
    },
    attachReports,
    attachOnDuty: (onDuty) => {
      services.onDuty = onDuty;
    },
    stop: () => {
      clearInterval(sweep);
      queue.close();
    },
  };
}
