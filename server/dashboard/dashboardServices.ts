import type { AuditLog } from '../../services/audit/auditLog';
import type { AuthService } from '../../services/auth/authService';
import type { SessionService } from '../../services/auth/sessionService';
import type { StaffService } from '../../services/auth/staffService';
import type { RoutingService } from '../../services/routing/routingService';
import { ReportCase } from '../../services/dashboard/reportCase';
import { ReportAcks } from '../../services/dashboard/reportAcks';
import type { FieldCipher } from '../../services/crypto/fieldCipher';
import { CaseMessageRepository } from '../../models/caseMessageRepository';
import { ReportQueue, type QueueMode } from '../../services/dashboard/reportQueue';
import type { ReportStats } from '../../services/dashboard/reportStats';
import type { ReviewerCare } from '../../services/dashboard/reviewerCare';
import type { RotaService } from '../../services/notify/rotaService';
import type { DashboardConfig } from '../../core/config';
import { EMBEDDED_DATABASE, type Database, type DatabaseMode } from '../../models/database';
import { ReportQueueRepository } from '../../models/reportQueueRepository';
import { QueueMirror } from '../../models/embedded/queueMirror';
import { AccountLinkRepository } from '../../models/accountLink';
import { ReportAckRepository } from '../../models/reportAck';
import { ReportCaseRepository } from '../../models/reportCaseRepository';

/** Everything the dashboard routes call, built once by the composition root. */
export interface DashboardServices {
  /** The open database, for the routes that build a repository of their own (the registry's versions). */
  db: Database;
  config: DashboardConfig;
  routing: RoutingService;
  staff: StaffService;
  auth: AuthService;
  sessions: SessionService;
  audit: AuditLog;
  queue: ReportQueue;
  stats: ReportStats;
  /** Care for reviewers: which reports are collapsed, and how many each person opened today and this week. */
  care: ReviewerCare;
  /** Report content access; absent when the server runs without the reports service. */
  reports?: DashboardReports;
  /** The on-duty rota and the deadline reminders (the reports service's); absent without it. */
  onDuty?: DashboardOnDuty;
}

/** What the dashboard needs of the on-duty side: the rota to show and edit, and to cancel a due case's reminder when it is opened. */
export interface DashboardOnDuty {
  rota: RotaService;
  deadlines: { opened(reportId: string): Promise<void> };
}

/** What the dashboard needs from the reports service (issue 5). */
export interface DashboardReports {
  cases: ReportCase;
  /** Posts a staff message into the reporter's thread; returns the message id. */
  postStaffMessage: (reportId: string, staffId: string, text: string) => Promise<string>;
}

/** The review queue on a database: read from its `reportqueue` collection, or in `memory` mode from a copy held in this process. */
export function reportQueueOn(db: Database, mode: QueueMode): ReportQueue {
  return new ReportQueue(new ReportQueueRepository(db), mode === 'memory' ? new QueueMirror(db) : undefined);
}

/** Authorities' acknowledgements on a database (`mode`: models/database.ts; default the embedded database's way). */
export function reportAcksOn(db: Database, now?: () => Date, mode: DatabaseMode = EMBEDDED_DATABASE): ReportAcks {
  return new ReportAcks(new ReportAckRepository(db, mode), now);
}

/**
 * The staff side of reports on a database: `cipher` opens what reporters
 * wrote; `acks` are the acknowledgements it records and shows; `mode`:
 * models/database.ts (default the embedded database's way).
 */
export function reportCasesOn(db: Database, cipher: FieldCipher, acks: ReportAcks, now?: () => Date, mode: DatabaseMode = EMBEDDED_DATABASE): ReportCase {
  return new ReportCase({ reports: new ReportCaseRepository(db, mode), threads: new CaseMessageRepository(db, mode), links: new AccountLinkRepository(db), acks }, cipher, now);
}
