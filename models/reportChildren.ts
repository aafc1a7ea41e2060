import { Connection, Model, Schema, Types } from 'mongoose';

/** The kinds of documents a report has in their own collections, listed here by id. */
export const CHILD_KINDS = ['messages', 'notices', 'acks'] as const;
export type ChildKind = (typeof CHILD_KINDS)[number];

/**
 * The ids of one report's thread messages, notices and acknowledgements, in
 * one document keyed by the report id, so they are read with lookups by
 * `_id` on any database. (A filter on `reportId` is an index lookup on
 * MongoDB, but FerretDB 1.24 on SQLite — the embedded database — reads every
 * message, notice or acknowledgement of every report for it.)
 *
 * An id is listed before its document is stored, so every stored document
 * is listed; an id whose document was never stored (a crash in between, a
 * duplicate refused) is skipped when read.
 */
export interface ReportChildrenDoc {
  /** The report's id, hex. */
  _id: string;
  messages: Types.ObjectId[];
  notices: Types.ObjectId[];
  acks: Types.ObjectId[];
}

const childrenSchema = new Schema<ReportChildrenDoc>(
  {
    _id: { type: String, required: true },
    messages: { type: [Schema.Types.ObjectId], default: [] },
    notices: { type: [Schema.Types.ObjectId], default: [] },
    acks: { type: [Schema.Types.ObjectId], default: [] },
  },
  { collection: 'report_children', versionKey: false, strict: 'throw' },
);

/** The report-children model bound to a connection. */
export function reportChildrenModel(conn: Connection): Model<ReportChildrenDoc> {
  return (conn.models.ReportChildren as Model<ReportChildrenDoc> | undefined) ?? conn.model<ReportChildrenDoc>('ReportChildren', childrenSchema);
}
