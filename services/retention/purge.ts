import type { CaseMessageRepository } from '../../models/caseMessageRepository';
import type { ReportDoc, Resolution, StatusChange } from '../../models/report';
import type { ReporterContactRepository } from '../../models/reporterContactRepository';
import type { ReportRepository } from '../../models/reportRepository';
import type { Logger } from '../../core/logger';
import type { ReportSpool } from '../reports/reportSpool';
import type { AccountLinks } from '../reports/accountLinks';

export interface RetentionPolicy {
  /** Closed reports lose their content this many months after closing. */
  closedMonths: number;
  /** Reports closed as `unverified` or `duplicate` lose it after this many days. */
  unverifiedDays: number;
  /** Spool entries older than this are reported as errors (never deleted). */
  spoolAlertHours: number;
}

/** What one purge run did. */
export interface PurgeResult {
  purged: number;
  /** Reports purged before reasons were cleared, whose status history still held staff reasons. */
  reasonsCleared: number;
  messagesDeleted: number;
  contactsDeleted: number;
  staleSpoolEntries: number;
}

const SHORT_RETENTION: readonly Resolution[] = ['unverified', 'duplicate'];

/** What the purge erases from: the reports, their threads and their reporters' contacts. */
export interface RetentionStores {
  reports: ReportRepository;
  messages: CaseMessageRepository;
  contacts: ReporterContactRepository;
}

/** `date` minus `months` calendar months (UTC). */
export function monthsBefore(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

function closedAt(r: Pick<ReportDoc, 'retention' | 'statusHistory' | 'updatedAt'>): Date {
  if (r.retention?.closedAt) return r.retention.closedAt;
  const last = [...r.statusHistory].reverse().find((s) => s.status === 'closed');
  return last?.at ?? r.updatedAt;
}

/**
 * The retention job. A closed report past its period loses everything that
 * could identify or describe a person — narrative, evidence, internal
 * notes, the message thread, the reporter's contact and the follow-up
 * passphrase — and keeps the anonymous statistical row (category, ages,
 * platforms, urgency, routing, status history, dates). Open reports are
 * never purged. Spool entries are never deleted here: an old one means a
 * report has not reached the database, which is logged as an error every run.
 */
export class RetentionPurger {
  private readonly reports: ReportRepository;

  constructor(
    private readonly stores: RetentionStores,
    private readonly policy: RetentionPolicy,
    private readonly log: Logger,
    private readonly spool?: ReportSpool,
    private readonly now: () => Date = () => new Date(),
    private readonly accounts?: AccountLinks,
  ) {
    this.reports = stores.reports;
  }

  async run(): Promise<PurgeResult> {
    const now = this.now();
    const result: PurgeResult = { purged: 0, reasonsCleared: 0, messagesDeleted: 0, contactsDeleted: 0, staleSpoolEntries: 0 };
    const longCutoff = monthsBefore(now, this.policy.closedMonths);
    const shortCutoff = new Date(now.getTime() - this.policy.unverifiedDays * 86_400_000);

    const candidates = this.reports.closedUnpurged(now);
    const { messages, contacts } = this.stores;
    const purgedIds: ReportDoc['_id'][] = [];
    for await (const r of candidates) {
      const closed = closedAt(r);
      const cutoff = r.resolution && SHORT_RETENTION.includes(r.resolution) ? shortCutoff : longCutoff;
      if (closed > cutoff) continue;
      // Conditional on still being closed (a report reopened meanwhile keeps its content) and on the
      // history read (a step appended meanwhile is not lost when the history is rewritten without reasons).
      if (!(await this.reports.purgeContent(r._id, r.statusHistory.length, withoutReasons(r.statusHistory), closed, now))) continue;
      result.purged++;
      // Its accounts no longer point at it; the reports it shared them with are told (their queue marks).
      if (this.accounts && r.accountLinks?.length) await this.accounts.unlink(r._id, r.accountLinks);
      result.messagesDeleted += await messages.clear(r._id);
      result.contactsDeleted += await contacts.deleteOfReport(r._id);
      purgedIds.push(r._id);
    }
    // Messages are deleted per thread (through its list on the embedded database, by report id on MongoDB); one sweep by report id per run also takes any the lists missed.
    if (purgedIds.length) result.messagesDeleted += await messages.deleteOfReports(purgedIds);

    result.reasonsCleared = await this.clearLeftoverReasons();

    if (this.spool) {
      const alertBefore = now.getTime() - this.policy.spoolAlertHours * 3600_000;
      const stale = (await this.spool.list()).filter((e) => e.spooledAt.getTime() < alertBefore);
      result.staleSpoolEntries = stale.length;
      if (stale.length > 0) {
        const oldestHours = Math.round((now.getTime() - stale[0]!.spooledAt.getTime()) / 3600_000);
        this.log.error(
          { event: 'retention.spool_stale', count: stale.length, oldestHours, dir: this.spool.dir },
          'reports are waiting in the spool longer than allowed; they are kept — check the database and the spool flusher',
        );
      }
    }
    if (result.purged > 0 || result.reasonsCleared > 0) this.log.info({ event: 'retention.purged', ...result }, 'closed reports past retention erased');
    return result;
  }

  /**
   * Reports purged before the purge cleared status reasons still hold the
   * staff's free text there; it goes, the states and times stay. A purged
   * report no longer changes, so the rewrite is conditional only on the
   * history being the one read.
   */
  private async clearLeftoverReasons(): Promise<number> {
    let cleared = 0;
    for await (const r of this.reports.purgedWithReasons()) {
      if (await this.reports.replaceHistory(r._id, r.statusHistory.length, withoutReasons(r.statusHistory))) cleared++;
    }
    return cleared;
  }
}

/** The status history with the staff's free-text reasons removed: state, time and staff id stay. */
function withoutReasons(history: StatusChange[]): StatusChange[] {
  return history.map(({ status, at, by }) => (by === undefined ? { status, at } : { status, at, by }));
}
