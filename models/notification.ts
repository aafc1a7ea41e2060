import { Connection, Model, Schema, Types } from 'mongoose';

export const DELIVERY_STATES = ['pending', 'sending', 'sent', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const NOTIFY_CHANNELS = ['webhook', 'email'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** Who a notice goes to: a routed authority, or the contact centre's on-duty channel. */
export type NotifyTarget = 'authority' | 'onduty';

/**
 * Why a notice is sent besides a new report: `reminder` — a case with a due
 * time that nobody at the contact centre has opened by the reminder point
 * (services/deadlines/deadlineReminders.ts), to the on-duty channel again.
 */
export type NotifyPurpose = 'reminder';

/**
 * One notice to deliver. It holds no report content and no address: the
 * notice (case code, urgency, link) is built and the address resolved when
 * it is sent, so a changed address applies to retries too.
 */
export interface NotificationDoc {
  _id: Types.ObjectId;
  reportId: Types.ObjectId;
  target: NotifyTarget;
  authorityId?: string;
  channel: NotifyChannel;
  /** Absent: the notice of a new report. */
  purpose?: NotifyPurpose;
  /** `reportId|target|authorityId|channel` (`|reminder` for a reminder): a notice is queued once however often enqueue runs. */
  dedupeKey: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: Date;
  /** While `sending`: when another worker may take it over (a crashed sender). */
  leaseUntil?: Date | null;
  /** A short error code (`http_503`, `timeout`, `smtp_550`…), never a message. */
  lastError?: string | null;
  sentAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<NotificationDoc>(
  {
    reportId: { type: Schema.Types.ObjectId, required: true },
    target: { type: String, enum: ['authority', 'onduty'], required: true },
    authorityId: { type: String },
    channel: { type: String, enum: NOTIFY_CHANNELS, required: true },
    purpose: { type: String, enum: ['reminder'] },
    dedupeKey: { type: String, required: true },
    state: { type: String, enum: DELIVERY_STATES, required: true },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: { type: Date, default: null },
    lastError: { type: String, default: null },
    sentAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'notifications', versionKey: false, strict: 'throw' },
);
schema.index({ dedupeKey: 1 }, { unique: true });
schema.index({ state: 1, nextAttemptAt: 1 });
schema.index({ reportId: 1 });

/** The notification model bound to a connection. */
export function notificationModel(conn: Connection): Model<NotificationDoc> {
  return (conn.models.Notification as Model<NotificationDoc> | undefined) ?? conn.model<NotificationDoc>('Notification', schema);
}

/** Creates the notifications' indexes (the connection runs with autoIndex off; the reports composition asks at start-up). */
export async function createNotificationIndexes(conn: Connection): Promise<void> {
  await notificationModel(conn).createIndexes();
}
