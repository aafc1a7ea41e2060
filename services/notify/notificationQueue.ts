import { newRecordId, toRecordId } from '../../models/database';
import type { DeliveryState, NotificationDoc, NotifyChannel, NotifyPurpose, NotifyTarget } from '../../models/notification';
import type { NotificationRepository } from '../../models/notificationRepository';
import type { ReportDoc } from '../../models/report';
import { resolveOnDuty, type ChannelDirectory, type OnDutyEndpoints } from './channelDirectory';

/** A delivery as the dashboard shows it (no address, no content). */
export interface DeliveryView {
  target: NotifyTarget;
  authorityId?: string;
  channel: NotifyChannel;
  purpose?: NotifyPurpose;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt?: Date;
  lastError?: string;
  sentAt?: Date;
}

/**
 * The delivery queue: which notices a report gets. Enqueueing is idempotent
 * (a unique key per report, recipient and channel), so it can run again
 * after a partial failure or from the spool without sending anything twice.
 * The repository (models/notificationRepository.ts) stores each notice with
 * its outbox entry, which is what the worker polls.
 */
export class NotificationQueue {
  constructor(
    private readonly notices: NotificationRepository,
    private readonly directory: ChannelDirectory,
    private readonly onduty: OnDutyEndpoints,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Gives every undelivered notice from before the outbox existed its entry
   * and (on the embedded database) lists every notice with its report, once per database (recorded);
   * returns how many outbox entries it added.
   */
  init(): Promise<number> {
    return this.notices.init(this.now);
  }

  /** Queues the notices for a newly stored report; returns how many were new. */
  async enqueueForReport(report: Pick<ReportDoc, '_id' | 'routing' | 'urgency'>): Promise<number> {
    const now = this.now();
    const docs: NotificationDoc[] = [];
    const add = (target: NotifyTarget, channel: NotifyChannel, authorityId?: string): void => {
      docs.push({
        _id: newRecordId(),
        reportId: report._id,
        target,
        ...(authorityId ? { authorityId } : {}),
        channel,
        dedupeKey: `${report._id.toHexString()}|${target}|${authorityId ?? ''}|${channel}`,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      });
    };
    if (report.urgency === 'immediate') {
      const onduty = await resolveOnDuty(this.onduty);
      if (onduty.webhook) add('onduty', 'webhook');
      if (onduty.email) add('onduty', 'email');
    }
    for (const authorityId of new Set(report.routing.map((r) => r.authorityId))) {
      const endpoints = await this.directory(authorityId);
      if (endpoints?.webhook) add('authority', 'webhook', authorityId);
      if (endpoints?.email) add('authority', 'email', authorityId);
    }
    return this.notices.store(report._id, docs, now);
  }

  /**
   * Queues a reminder to the on-duty channel about a due case nobody has
   * opened (services/deadlines/deadlineReminders.ts): content-free like
   * every notice. Once per report and channel; returns how many were new
   * (0 when no on-duty channel is configured).
   */
  async enqueueReminder(id: string): Promise<number> {
    const reportId = toRecordId(id);
    const now = this.now();
    const onduty = await resolveOnDuty(this.onduty);
    const docs: NotificationDoc[] = (['webhook', 'email'] as const).filter((c) => onduty[c]).map((channel) => ({
      _id: newRecordId(),
      reportId,
      target: 'onduty',
      channel,
      purpose: 'reminder',
      dedupeKey: `${reportId.toHexString()}|onduty||${channel}|reminder`,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
      updatedAt: now,
    }));
    return this.notices.store(reportId, docs, now);
  }

  /** Every delivery of a report, on-duty first, then by authority. */
  async listDeliveries(reportId: string): Promise<DeliveryView[]> {
    const order = (d: NotificationDoc): string => `${d.target === 'onduty' ? 0 : 1}|${d.authorityId ?? ''}|${d.channel}`;
    const docs = (await this.notices.forReport(reportId)).sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
    return docs.map((d) => {
      const v: DeliveryView = { target: d.target, channel: d.channel, state: d.state, attempts: d.attempts, ...(d.purpose ? { purpose: d.purpose } : {}) };
      if (d.authorityId) v.authorityId = d.authorityId;
      if (d.state === 'pending' || d.state === 'sending') v.nextAttemptAt = d.nextAttemptAt;
      if (d.lastError) v.lastError = d.lastError;
      if (d.sentAt) v.sentAt = d.sentAt;
      return v;
    });
  }
}
