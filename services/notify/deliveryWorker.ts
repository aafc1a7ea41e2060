import type { Connection, Model } from 'mongoose';
import { notificationModel, type NotificationDoc } from '../../models/notification';
import { notificationOutboxModel, type NotificationOutboxDoc } from '../../models/notificationOutbox';
import { reportModel, type NoticeFailure, type ReportDoc } from '../../models/report';
import { ReportRepository } from '../../models/reportRepository';
import type { Logger } from '../../core/logger';
import { resolveOnDuty, type ChannelDirectory, type OnDutyEndpoints } from './channelDirectory';
import { DeliveryError, deliveryErrorCode } from './deliveryError';
import type { EmailChannel } from './emailChannel';
import { buildNotice } from './notice';
import type { WebhookChannel } from './webhookChannel';

export interface DeliveryWorkerOptions {
  directory: ChannelDirectory;
  onduty: OnDutyEndpoints;
  webhook: WebhookChannel;
  email: EmailChannel;
  dashboardUrl: string;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  pollMs: number;
  /** How long a claimed delivery stays claimed before another worker may retry it. */
  leaseMs?: number;
  now?: () => Date;
}

/** An outbox entry whose notice has not appeared for this long was left by a failed enqueue. */
const ORPHAN_AFTER_MS = 10 * 60_000;
/** Until then it is looked at again this often. */
const ORPHAN_RECHECK_MS = 5_000;

/** What one run did. */
export interface DeliveryRun {
  sent: number;
  retrying: number;
  failed: number;
}

/** Delay before attempt n+1 after n failures: base·2^(n-1), capped, ±10 % jitter so retries spread out. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), maxMs);
  return Math.round(raw * (0.9 + 0.2 * random()));
}

/**
 * Sends queued notices, oldest due first, retrying failures with exponential
 * back-off until `maxAttempts`, then marking them failed — on the notice and
 * on its report, so the queue row and the dashboard's banner show it. A delivery is claimed with a lease, so a worker that dies
 * mid-send leaves it to be retried rather than lost.
 */
export class DeliveryWorker {
  private readonly model: Model<NotificationDoc>;
  private readonly outbox: Model<NotificationOutboxDoc>;
  private readonly reports: Model<ReportDoc>;
  private readonly reportWrites: ReportRepository;
  private readonly now: () => Date;
  private timer?: NodeJS.Timeout;
  private running?: Promise<DeliveryRun>;
  private again = false;

  constructor(conn: Connection, private readonly opts: DeliveryWorkerOptions, private readonly log: Logger) {
    this.model = notificationModel(conn);
    this.outbox = notificationOutboxModel(conn);
    this.reports = reportModel(conn);
    this.reportWrites = new ReportRepository(conn);
    this.now = opts.now ?? (() => new Date());
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.wake(), this.opts.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Processes due deliveries now (e.g. right after an immediate report); never throws. */
  wake(): void {
    this.processDue().catch((err: unknown) => this.log.error({ event: 'notify.worker_failed', err }, 'notification worker failed; will retry'));
  }

  /** Sends everything due; a call during a run makes that run go round once more. */
  processDue(): Promise<DeliveryRun> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      const total: DeliveryRun = { sent: 0, retrying: 0, failed: 0 };
      do {
        this.again = false;
        for (;;) {
          const doc = await this.claim();
          if (!doc) break;
          total[await this.deliver(doc)]++;
        }
      } while (this.again);
      return total;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Takes the next due notice: an outbox entry is leased (one atomic update
   * on the small outbox), then its notification marked `sending`. An entry
   * whose notice was already sent or failed (a worker stopped between the
   * two writes) is removed; one whose notice is missing waits for it — it is
   * written just after its entry — and is removed once it is old.
   */
  private async claim(): Promise<NotificationDoc | null> {
    for (;;) {
      const now = this.now();
      const leaseUntil = new Date(now.getTime() + (this.opts.leaseMs ?? 120_000));
      const entry = await this.outbox
        .findOneAndUpdate(
          { $or: [{ leaseUntil: null, nextAttemptAt: { $lte: now } }, { leaseUntil: { $lte: now } }] },
          { $set: { leaseUntil } },
          { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
        )
        .lean<NotificationOutboxDoc>();
      if (!entry) return null;
      const doc = await this.model.findById(entry._id).lean<NotificationDoc>();
      if (!doc) {
        if (now.getTime() - entry.createdAt.getTime() > ORPHAN_AFTER_MS) await this.outbox.deleteOne({ _id: entry._id });
        else await this.outbox.updateOne({ _id: entry._id }, { $set: { leaseUntil: null, nextAttemptAt: new Date(now.getTime() + ORPHAN_RECHECK_MS) } });
        continue;
      }
      if (doc.state === 'sent' || doc.state === 'failed') {
        await this.outbox.deleteOne({ _id: entry._id });
        continue;
      }
      await this.model.updateOne({ _id: doc._id }, { $set: { state: 'sending', leaseUntil, updatedAt: now } });
      return { ...doc, state: 'sending', leaseUntil, updatedAt: now };
    }
  }

  private async deliver(doc: NotificationDoc): Promise<keyof DeliveryRun> {
    const attempts = doc.attempts + 1;
    try {
      await this.send(doc);
      await this.model.updateOne({ _id: doc._id }, { $set: { state: 'sent', attempts, sentAt: this.now(), leaseUntil: null, lastError: null, updatedAt: this.now() } });
      await this.outbox.deleteOne({ _id: doc._id });
      this.log.info({ event: 'notify.sent', target: doc.target, authorityId: doc.authorityId, channel: doc.channel, attempts }, 'notice delivered');
      return 'sent';
    } catch (err) {
      const code = deliveryErrorCode(err);
      const permanent = err instanceof DeliveryError && err.permanent;
      if (permanent || attempts >= this.opts.maxAttempts) {
        // On the report first, so a worker stopped in between leaves a notice that is tried again rather than a failure nobody sees.
        await this.recordFailure(doc, code);
        await this.model.updateOne({ _id: doc._id }, { $set: { state: 'failed', attempts, lastError: code, leaseUntil: null, updatedAt: this.now() } });
        await this.outbox.deleteOne({ _id: doc._id });
        this.log.error({ event: 'notify.failed', target: doc.target, authorityId: doc.authorityId, channel: doc.channel, attempts, code }, 'notice could not be delivered; giving up');
        return 'failed';
      }
      const next = new Date(this.now().getTime() + backoffMs(attempts, this.opts.backoffBaseMs, this.opts.backoffMaxMs));
      await this.model.updateOne({ _id: doc._id }, { $set: { state: 'pending', attempts, lastError: code, nextAttemptAt: next, leaseUntil: null, updatedAt: this.now() } });
      await this.outbox.updateOne({ _id: doc._id }, { $set: { nextAttemptAt: next, leaseUntil: null } });
      this.log.warn({ event: 'notify.retry', target: doc.target, authorityId: doc.authorityId, channel: doc.channel, attempts, code }, 'notice delivery failed; will retry');
      return 'retrying';
    }
  }

  /**
   * Puts a notice that finally failed on its report (once per notice) and
   * updates the report's queue entry: the queue row and the dashboard's
   * banner show it, with the error code, so the contact centre phones the
   * authority instead.
   */
  private async recordFailure(doc: NotificationDoc, code: string): Promise<void> {
    const report = await this.reports.findById(doc.reportId).select({ noticeFailures: 1 }).lean<Pick<ReportDoc, '_id' | 'noticeFailures'>>();
    if (!report) return;
    if ((report.noticeFailures ?? []).some((f) => f.noticeId.equals(doc._id))) return;
    const failure: NoticeFailure = { noticeId: doc._id, target: doc.target, channel: doc.channel, error: code, at: this.now(), ...(doc.authorityId ? { authorityId: doc.authorityId } : {}) };
    await this.reportWrites.updateOne({ _id: report._id }, { $push: { noticeFailures: failure } });
  }

  private async send(doc: NotificationDoc): Promise<void> {
    const report = await this.reports.findById(doc.reportId).select({ caseCode: 1, urgency: 1 }).lean<Pick<ReportDoc, 'caseCode' | 'urgency'>>();
    if (!report) throw new DeliveryError('report_missing', true);
    const endpoints = doc.target === 'onduty' ? await resolveOnDuty(this.opts.onduty) : await this.opts.directory(doc.authorityId ?? '');
    const notice = buildNotice(report, this.opts.dashboardUrl, doc.target, doc.authorityId, doc.purpose);
    if (doc.channel === 'webhook') {
      if (!endpoints?.webhook) throw new DeliveryError('no_channel', true);
      await this.opts.webhook.send(endpoints.webhook, notice);
    } else {
      if (!endpoints?.email) throw new DeliveryError('no_channel', true);
      await this.opts.email.send(endpoints.email, notice);
    }
  }
}
