import type { PendingReminder } from '../../models/deadlineReminder';
import type { Logger } from '../../core/logger';
import { reminderTimeOf } from './dueTime';
import { type Due } from '../../core/domain/due';

/** What the reminders need from their repository (models/deadlineReminder.ts). */
export interface ReminderStore {
  schedule(r: PendingReminder, at: Date): Promise<void>;
  remove(reportId: string): Promise<boolean>;
  claimDue(now: Date, leaseMs: number): Promise<PendingReminder | null>;
}

/** Queues the reminder notice to the on-duty channel (NotificationQueue#enqueueReminder). */
export interface ReminderSender {
  enqueueReminder(reportId: string): Promise<number>;
}

export interface DeadlineReminderOptions {
  /** NOTIFY_DEADLINE_REMINDER_FRACTION: the part of the time from the report to its due time after which an unopened case is reminded. */
  fraction: number;
  /** How often due reminders are looked for. */
  pollMs: number;
  now?: () => Date;
  /** Called after reminders were queued (the delivery worker sends them at once). */
  onQueued?: () => void;
}

/** How long a claimed reminder stays claimed before another worker may take it. */
const LEASE_MS = 120_000;

/**
 * Reminds the contact centre's on-duty channel of a due case nobody has
 * opened. A report with a due time (a blackmailer's deadline, a planned
 * meeting) gets a pending reminder when it is stored, at
 * `created + fraction × (due − created)`; opening the case in the dashboard
 * (contact-centre staff) drops it; if it is still there at its time, the
 * on-duty channel gets one more content-free notice — the case code, the
 * urgency, the link — and the reminder is gone. One reminder per case.
 */
export class DeadlineReminders {
  private readonly now: () => Date;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(private readonly store: ReminderStore, private readonly sender: ReminderSender, private readonly opts: DeadlineReminderOptions, private readonly log: Logger) {
    this.now = opts.now ?? (() => new Date());
  }

  /** Schedules the reminder of a newly stored report that has a due time (idempotent). */
  async scheduleFor(report: { id: string; createdAt: Date; due?: Due }): Promise<void> {
    if (!report.due) return;
    const remindAt = reminderTimeOf(report.createdAt, report.due.at, this.opts.fraction);
    await this.store.schedule({ reportId: report.id, remindAt, dueAt: report.due.at }, this.now());
  }

  /** Someone at the contact centre opened the case: no reminder. */
  async opened(reportId: string): Promise<void> {
    if (await this.store.remove(reportId)) this.log.info({ event: 'deadline.reminder_cancelled', reportId }, 'due case opened before its reminder');
  }

  /** Queues every reminder whose time has come; returns how many cases were reminded. One run at a time. */
  runDue(): Promise<number> {
    this.running ??= this.sendDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sendDue(): Promise<number> {
    let reminded = 0;
    for (;;) {
      const due = await this.store.claimDue(this.now(), LEASE_MS);
      if (!due) break;
      const queued = await this.sender.enqueueReminder(due.reportId);
      // Gone once queued: the notice itself is retried by the delivery worker, not by queueing it again.
      await this.store.remove(due.reportId);
      reminded++;
      if (queued === 0) this.log.warn({ event: 'deadline.reminder_no_channel', reportId: due.reportId }, 'a due case is unopened, but no on-duty channel is configured to remind');
      else this.log.info({ event: 'deadline.reminder_queued', reportId: due.reportId, notices: queued }, 'reminded the on-duty channel of an unopened due case');
    }
    if (reminded > 0) this.opts.onQueued?.();
    return reminded;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.runDue().catch((err: unknown) => this.log.error({ event: 'deadline.reminder_failed', err }, 'deadline reminders failed; will retry'));
    }, this.opts.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
