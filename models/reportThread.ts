import { Connection, Model, Schema, Types } from 'mongoose';

/**
 * The ids of one report's thread messages, in one document keyed by the
 * report id, so a thread is read with lookups by `_id` on any database. (A
 * filter on the messages' `reportId` is an index lookup on MongoDB, but
 * FerretDB 1.24 on SQLite — the embedded database — reads every message of
 * every report for it.)
 *
 * An id is added before its message is stored, so every stored message is
 * listed; an id whose message was never stored (a crash in between) is
 * skipped when the thread is read.
 */
export interface ReportThreadDoc {
  /** The report's id, hex. */
  _id: string;
  messageIds: Types.ObjectId[];
}

const threadSchema = new Schema<ReportThreadDoc>(
  {
    _id: { type: String, required: true },
    messageIds: { type: [Schema.Types.ObjectId], default: [] },
  },
  { collection: 'report_threads', versionKey: false, strict: 'throw' },
);

/** The report-thread model bound to a connection. */
export function reportThreadModel(conn: Connection): Model<ReportThreadDoc> {
  return (conn.models.ReportThread as Model<ReportThreadDoc> | undefined) ?? conn.model<ReportThreadDoc>('ReportThread', threadSchema);
}
