import { Connection, Model, Schema } from 'mongoose';

/** An authority's acknowledgement of a report routed to it: received, then acted on. */
export interface ReportAckDoc {
  reportId: string;
  authorityId: string;
  state: 'received' | 'acted';
  at: Date;
  by: string;
}

const reportAckSchema = new Schema<ReportAckDoc>(
  {
    reportId: { type: String, required: true },
    authorityId: { type: String, required: true },
    state: { type: String, required: true, enum: ['received', 'acted'] },
    at: { type: Date, required: true },
    by: { type: String, required: true },
  },
  { collection: 'reportacks', versionKey: false },
);
// One row per report, authority and state: acknowledging twice changes nothing.
reportAckSchema.index({ reportId: 1, authorityId: 1, state: 1 }, { unique: true });

/** The acknowledgement model bound to a connection. */
export function reportAckModel(conn: Connection): Model<ReportAckDoc> {
  return (conn.models.ReportAck as Model<ReportAckDoc> | undefined) ?? conn.model<ReportAckDoc>('ReportAck', reportAckSchema);
}
