import { Connection, Model, Schema } from 'mongoose';
import type { StaffRole } from './staffUser';

/**
 * A signed-in dashboard session. The cookie carries an opaque random token;
 * only its SHA-256 hash is stored, so a database reader cannot sign in with it.
 * Expiry is enforced on read and by a sweep (no TTL index: FerretDB lacks it).
 */
export interface StaffSessionDoc {
  /** SHA-256 (hex) of the cookie token. */
  _id: string;
  userId: string;
  role: StaffRole;
  authorityId?: string;
  /** Synchroniser token required on every state-changing request. */
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Hard limit, whatever the activity. */
  absoluteExpiresAt: Date;
  /** Moves forward on each use. */
  idleExpiresAt: Date;
}

const staffSessionSchema = new Schema<StaffSessionDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true, index: true },
    role: { type: String, required: true },
    authorityId: { type: String },
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    absoluteExpiresAt: { type: Date, required: true, index: true },
    idleExpiresAt: { type: Date, required: true, index: true },
  },
  { collection: 'staffsessions', versionKey: false, _id: false },
);

/** The session model bound to a connection. */
export function staffSessionModel(conn: Connection): Model<StaffSessionDoc> {
  return (conn.models.StaffSession as Model<StaffSessionDoc> | undefined) ?? conn.model<StaffSessionDoc>('StaffSession', staffSessionSchema);
}
