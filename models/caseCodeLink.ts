import { Connection, Model, Schema, Types } from 'mongoose';

/**
 * Case code → report, keyed by the code itself, so the reporter's follow-up
 * finds a report with one lookup by `_id` on any database. (A filter on the
 * report's own `caseCode` is an index lookup on MongoDB, but FerretDB 1.24
 * on SQLite — the embedded database — reads every report for it; lookups by
 * `_id` are indexed there by the launcher, tools/ferretdb/idindex.go.)
 *
 * Written before its report, so a link exists for every stored report; a
 * link whose report was never stored (a crash in between) finds nothing.
 */
export interface CaseCodeLinkDoc {
  /** The case code, grouped as shown (K7F9-Q2XM-4HRT-B). */
  _id: string;
  reportId: Types.ObjectId;
}

const linkSchema = new Schema<CaseCodeLinkDoc>(
  {
    _id: { type: String, required: true },
    reportId: { type: Schema.Types.ObjectId, required: true },
  },
  { collection: 'reportcodes', versionKey: false, strict: 'throw' },
);

/** The case-code link model bound to a connection. */
export function caseCodeLinkModel(conn: Connection): Model<CaseCodeLinkDoc> {
  return (conn.models.CaseCodeLink as Model<CaseCodeLinkDoc> | undefined) ?? conn.model<CaseCodeLinkDoc>('CaseCodeLink', linkSchema);
}
