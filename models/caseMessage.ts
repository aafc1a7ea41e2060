import { Connection, Model, Schema, Types } from 'mongoose';
import type { EncryptedField } from './encryptedField';
import { encryptedFieldSchema } from './report';

export const MESSAGE_AUTHORS = ['reporter', 'staff'] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

/**
 * One message of the anonymous two-way thread between a reporter and the
 * contact centre. The text is encrypted (field `message:<_id>`); a
 * reporter's text is anonymised before it is stored.
 */
export interface CaseMessageDoc {
  _id: Types.ObjectId;
  reportId: Types.ObjectId;
  from: MessageAuthor;
  /** The staff user who wrote it (staff messages only). */
  staffId?: string;
  body: EncryptedField;
  createdAt: Date;
  readByStaffAt?: Date | null;
  readByReporterAt?: Date | null;
}

const schema = new Schema<CaseMessageDoc>(
  {
    reportId: { type: Schema.Types.ObjectId, required: true },
    from: { type: String, enum: MESSAGE_AUTHORS, required: true },
    staffId: { type: String },
    body: { type: encryptedFieldSchema, required: true },
    createdAt: { type: Date, required: true },
    readByStaffAt: { type: Date, default: null },
    readByReporterAt: { type: Date, default: null },
  },
  { collection: 'case_messages', versionKey: false, strict: 'throw' },
);
schema.index({ reportId: 1, createdAt: 1 });

/** The case-message model bound to a connection. */
export function caseMessageModel(conn: Connection): Model<CaseMessageDoc> {
  return (conn.models.CaseMessage as Model<CaseMessageDoc> | undefined) ?? conn.model<CaseMessageDoc>('CaseMessage', schema);
}
