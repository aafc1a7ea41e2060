import { Connection, Model, Schema } from 'mongoose';

/** Scalar details an audit event may carry: identifiers and states, never report content. */
export type AuditDetails = Record<string, string | number | boolean>;

/**
 * One link of the append-only, hash-chained audit log: who (staff id), what
 * (action and target), when. `hash` = SHA-256 over the canonical JSON of the
 * other fields, `prevHash` included, so changing or removing any event
 * breaks every later link.
 */
export interface AuditEventDoc {
  seq: number;
  at: Date;
  actorId: string;
  actorRole: string;
  action: string;
  targetType: string;
  targetId: string;
  details: AuditDetails;
  prevHash: string;
  hash: string;
}

const auditEventSchema = new Schema<AuditEventDoc>(
  {
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    actorId: { type: String, required: true },
    actorRole: { type: String, required: true },
    action: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, required: true },
    details: { type: Schema.Types.Mixed, default: {} },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'auditevents', versionKey: false, minimize: false },
);
// The unique sequence is what makes concurrent appends safe without
// transactions: two writers racing for the same seq → one gets 11000 and retries.
auditEventSchema.index({ seq: 1 }, { unique: true });
auditEventSchema.index({ targetType: 1, targetId: 1, seq: -1 });
auditEventSchema.index({ actorId: 1, seq: -1 });

/** The audit-event model bound to a connection. */
export function auditEventModel(conn: Connection): Model<AuditEventDoc> {
  return (conn.models.AuditEvent as Model<AuditEventDoc> | undefined) ?? conn.model<AuditEventDoc>('AuditEvent', auditEventSchema);
}
