import { Connection, Model, Schema } from 'mongoose';
import type { RecordId } from '../database';

/**
 * The notices still to deliver, one small document each with the same `_id`
 * as its notification (`notification_outbox`). The delivery worker claims
 * from here (models/notificationRepository.ts), so its poll reads only what
 * is due — not every notice ever sent.
 *
 * Why it exists: on the embedded database (FerretDB 1.24 on SQLite) a
 * filter reads its whole collection, so polling the notifications for due
 * ones cost 4.8 s beside 50,000 sent notices, every poll; through the
 * outbox 1.3 ms (`npm run --silent bench:notify`).
 *
 * What it costs: one more document per notice — written before its
 * notification, updated with each retry, removed once the notice is sent
 * or has failed for good — and two cases to tidy up: an entry whose
 * notification never came (a failed or duplicate enqueue) is dropped once
 * it is old, and one whose notification is already final (a worker stopped
 * between the two writes) is dropped when claimed. Notices queued before
 * the outbox existed get their entries once at start-up (recorded).
 *
 * Also worth having on MongoDB: yes. There an index on `state` and
 * `nextAttemptAt` would make the poll cheap too, but the outbox keeps the
 * worker's claims (a lease update every poll) on a small collection that
 * holds only the work still to do, and the notifications themselves become
 * write-rarely records.
 */
export interface NotificationOutboxDoc {
  _id: RecordId;
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
