import { Types, type Connection, type Model } from 'mongoose';
import { notificationModel, type DeliveryState, type NotificationDoc, type NotifyChannel, type NotifyPurpose, type NotifyTarget } from '../../models/notification';
import { notificationOutboxModel, type NotificationOutboxDoc } from '../../models/notificationOutbox';
import type { ReportDoc } from '../../models/report';
import { isDuplicateKey } from '../../core/duplicateKey';
import { ReportChildren } from '../reports/reportChildren';
import { fillOnce } from '../../models/fillOnce';
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

/** Bumped when the outbox must be filled again from the notices at the next start. */
const OUTBOX_VERSION = 1;

/**
 * The delivery queue in MongoDB. Enqueueing is idempotent (a unique key per
 * report, recipient and channel), so it can run again after a partial
 * failure or from the spool without sending anything twice. Each notice to
 * deliver also has an outbox entry (models/notificationOutbox.ts), which is
 * what the worker polls.
 */
export class NotificationQueue {
  private readonly model: Model<NotificationDoc>;
  private readonly outbox: Model<NotificationOutboxDoc>;
  private readonly children: ReportChildren;

  constructor(
    private readonly conn: Connection,
    private readonly directory: ChannelDirectory,
    private readonly onduty: OnDutyEndpoints,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.model = notificationModel(conn);
    this.outbox = notificationOutboxModel(conn);
    this.children = new ReportChildren(conn);
  }

  /**
   * Gives every undelivered notice from before the outbox existed its entry
   * and lists every notice with its report, once per database (recorded);
   * returns how many outbox entries it added.
   */
  async init(): Promise<number> {
    await this.outbox.createIndexes();
    await this.children.init('notices', this.model);
    return fillOnce(this.conn, { collection: 'notification_outbox_meta', version: OUTBOX_VERSION }, () => this.fillOutbox(), 0);
  }

  private async fillOutbox(): Promise<number> {
    let added = 0;
    for await (const n of this.model.find({ state: { $in: ['pending', 'sending'] } }, { nextAttemptAt: 1, leaseUntil: 1 }).lean<Pick<NotificationDoc, '_id' | 'nextAttemptAt' | 'leaseUntil'>>().cursor()) {
      try {
        await this.outbox.create([{ _id: n._id, nextAttemptAt: n.nextAttemptAt, leaseUntil: n.leaseUntil ?? null, createdAt: this.now() }]);
        added++;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    return added;
  }

  /** Queues the notices for a newly stored report; returns how many were new. */
  async enqueueForReport(report: Pick<ReportDoc, '_id' | 'routing' | 'urgency'>): Promise<number> {
    const now = this.now();
    const docs: NotificationDoc[] = [];
    const add = (target: NotifyTarget, channel: NotifyChannel, authorityId?: string): void => {
      docs.push({
        _id: new Types.ObjectId(),
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
    return this.store(report._id, docs, now);
  }

  /**
   * Queues a reminder to the on-duty channel about a due case nobody has
   * opened (services/deadlines/deadlineReminders.ts): content-free like
   * every notice. Once per report and channel; returns how many were new
   * (0 when no on-duty channel is configured).
   */
  async enqueueReminder(id: string): Promise<number> {
    const reportId = new Types.ObjectId(id);
    const now = this.now();
    const onduty = await resolveOnDuty(this.onduty);
    const docs: NotificationDoc[] = (['webhook', 'email'] as const).filter((c) => onduty[c]).map((channel) => ({
      _id: new Types.ObjectId(),
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
    return this.store(reportId, docs, now);
  }

  /** Lists, outboxes and stores new notices of a report; returns how many were new. */
  private async store(reportId: Types.ObjectId, docs: NotificationDoc[], now: Date): Promise<number> {
    let created = 0;
    for (const doc of docs) {
      // Listed with its report, and in the outbox, before it is stored: a stored notice is always found.
      await this.children.add('notices', reportId, doc._id);
      await this.outbox.create([{ _id: doc._id, nextAttemptAt: doc.nextAttemptAt, leaseUntil: null, createdAt: now }]);
      try {
        await this.model.create([doc]);
        created++;
      } catch (err) {
        // Queued before (same report, target, channel): this entry has no notice.
        await this.outbox.deleteOne({ _id: doc._id }).catch(() => undefined);
        if (!isDuplicateKey(err)) throw err;
      }
    }
    return created;
  }

  /** Every delivery of a report, on-duty first, then by authority. */
  async listDeliveries(reportId: string): Promise<DeliveryView[]> {
    const order = (d: NotificationDoc): string => `${d.target === 'onduty' ? 0 : 1}|${d.authorityId ?? ''}|${d.channel}`;
    const docs = (await this.children.read('notices', reportId, this.model)).sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
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
