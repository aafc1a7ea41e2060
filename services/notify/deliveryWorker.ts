import type { NotificationDoc } from '../../models/notification';
import type { NotificationRepository } from '../../models/notificationRepository';
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
  private readonly now: () => Date;
  private timer?: NodeJS.Timeout;
  private running?: Promise<DeliveryRun>;
  private again = false;

  constructor(private readonly notices: NotificationRepository, private readonly opts: DeliveryWorkerOptions, private readonly log: Logger) {
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

  /** Takes the next due notice, leased to this worker (models/notificationRepository.ts). */
  private claim(): Promise<NotificationDoc | null> {
    return this.notices.claim(this.now, this.opts.leaseMs ?? 120_000);
  }

  private async deliver(doc: NotificationDoc): Promise<keyof DeliveryRun> {
    const attempts = doc.attempts + 1;
    try {
      await this.send(doc);
      await this.notices.markSent(doc._id, attempts, this.now());
      this.log.info({ event: 'notify.sent', target: doc.target, authorityId: doc.authorityId, channel: doc.channel, attempts }, 'notice delivered');
      return 'sent';
    } catch (err) {
      const code = deliveryErrorCode(err);
      const permanent = err instanceof DeliveryError && err.permanent;
      if (permanent || attempts >= this.opts.maxAttempts) {
        // On the report first (the repository's order), so the queue row and the dashboard's banner show it.
        await this.notices.markFailed(doc, attempts, code, this.now());
        this.log.error({ event: 'notify.failed', target: doc.target, authorityId: doc.authorityId, channel: doc.channel, attempts, code }, 'notice could not be delivered; giving up');
        return 'failed';
      }
      const next = new Date(this.now().getTime() + backoffMs(attempts, this.opts.backoffBaseMs, this.opts.backoffMaxMs));
      await this.notices.retryLater(doc._id, attempts, code, next, this.now());
      this.log.warn({ event: 'notify.retry', target: doc.target, authorityId: doc.authorityId, channel: doc.channel, attempts, code }, 'notice delivery failed; will retry');
      return 'retrying';
    }
  }

  private async send(doc: NotificationDoc): Promise<void> {
    const report = await this.notices.noticeReport(doc.reportId);
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
