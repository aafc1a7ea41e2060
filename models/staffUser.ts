import { Connection, Model, Schema } from 'mongoose';
import type { RecordId } from './database';

/** Dashboard roles (issue 7). */
export const STAFF_ROLES = ['admin', 'reviewer', 'authority'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Dashboard UI languages. */
export const STAFF_LOCALES = ['sr-Latn', 'en'] as const;
export type StaffLocale = (typeof STAFF_LOCALES)[number];

/**
 * A contact-centre or authority staff account. Only an argon2id hash of the
 * password is kept; the TOTP secret is kept sealed (see services/auth/secretBox).
 */
export interface StaffUserDoc {
  _id: RecordId;
  email: string;
  displayName: string;
  role: StaffRole;
  /** Set only for role `authority`: the one authority whose reports it sees. */
  authorityId?: string;
  passwordHash: string;
  locale: StaffLocale;
  disabled: boolean;
  /** Consecutive failed logins; reset on success. */
  failedLogins: number;
  lockedUntil?: Date;
  totp: {
    enabled: boolean;
    /** Sealed base32 secret (confirmed, or pending enrolment). */
    secret?: string;
    pendingSecret?: string;
    /** Last accepted time step: a code is never accepted twice. */
    lastStep?: number;
  };
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt?: Date;
}

const staffUserSchema = new Schema<StaffUserDoc>(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    displayName: { type: String, required: true },
    role: { type: String, required: true, enum: STAFF_ROLES },
    authorityId: { type: String },
    passwordHash: { type: String, required: true },
    locale: { type: String, enum: STAFF_LOCALES, default: 'sr-Latn' },
    disabled: { type: Boolean, default: false },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: { type: Date },
    totp: {
      enabled: { type: Boolean, default: false },
      secret: { type: String },
      pendingSecret: { type: String },
      lastStep: { type: Number },
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    lastLoginAt: { type: Date },
  },
  { collection: 'staffusers', versionKey: false },
);
staffUserSchema.index({ email: 1 }, { unique: true });

/** The staff-user model bound to a connection. */
export function staffUserModel(conn: Connection): Model<StaffUserDoc> {
  return (conn.models.StaffUser as Model<StaffUserDoc> | undefined) ?? conn.model<StaffUserDoc>('StaffUser', staffUserSchema);
}
