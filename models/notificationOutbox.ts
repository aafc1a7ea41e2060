import { Connection, Model, Schema, Types } from 'mongoose';

/**
 * The notices still to deliver, one small document each with the same `_id`
 * as its notification. The delivery worker claims from here, so its poll
 * reads only what is due — not every notice ever sent (on the embedded
 * database a filter reads its whole collection: 5 s per 50,000 notices,
 * every poll). Written before its notification (an entry whose notification
 * never came is dropped once it is old); removed once the notice is sent or
 * has failed for good.
 */
export interface NotificationOutboxDoc {
  _id: Types.ObjectId;
  nextAttemptAt: Date;
  /** While a worker sends it: when another worker may take it over. */
  leaseUntil: Date | null;
  createdAt: Date;
}

const outboxSchema = new Schema<NotificationOutboxDoc>(
  {
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'notification_outbox', versionKey: false, strict: 'throw' },
);
outboxSchema.index({ nextAttemptAt: 1 });

/** The outbox model bound to a connection. */
export function notificationOutboxModel(conn: Connection): Model<NotificationOutboxDoc> {
  return (conn.models.NotificationOutbox as Model<NotificationOutboxDoc> | undefined) ?? conn.model<NotificationOutboxDoc>('NotificationOutbox', outboxSchema);
}
