import { Connection, Model, Schema, Types } from 'mongoose';
import type { EncryptedField } from './encryptedField';
import { encryptedFieldSchema } from './report';

/**
 * An adult reporter's contact details, stored only when they asked to be
 * contacted (SPEC.md section 5): encrypted (field `contact`), in a collection
 * of their own so report queries never carry them, and read only through the
 * contact-centre API.
 */
export interface ReporterContactDoc {
  _id: Types.ObjectId;
  reportId: Types.ObjectId;
  contact: EncryptedField;
  createdAt: Date;
}

/** The decrypted contact details. */
export interface ReporterContact {
  name?: string;
  email?: string;
  phone?: string;
  preferred?: 'email' | 'phone';
}

const schema = new Schema<ReporterContactDoc>(
  {
    reportId: { type: Schema.Types.ObjectId, required: true },
    contact: { type: encryptedFieldSchema, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'reporter_contacts', versionKey: false, strict: 'throw' },
);
schema.index({ reportId: 1 }, { unique: true });

/** The reporter-contact model bound to a connection. */
export function reporterContactModel(conn: Connection): Model<ReporterContactDoc> {
  return (conn.models.ReporterContact as Model<ReporterContactDoc> | undefined) ?? conn.model<ReporterContactDoc>('ReporterContact', schema);
}
