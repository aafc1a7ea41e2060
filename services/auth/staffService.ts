import Joi from 'joi';
import type { Connection, Model } from 'mongoose';
import { STAFF_LOCALES, STAFF_ROLES, StaffLocale, StaffRole, StaffUserDoc, staffUserModel } from '../../models/staffUser';
import { MIN_PASSWORD_LENGTH, PasswordHasher } from './password';
import { badRequest, conflict, notFound } from './staffErrors';

/** A staff account as the API shows it: no hash, no secret. */
export interface StaffUser {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  authorityId?: string;
  locale: StaffLocale;
  disabled: boolean;
  totpEnabled: boolean;
  locked: boolean;
  createdAt: Date;
  lastLoginAt?: Date;
}

export const passwordSchema = Joi.string().min(MIN_PASSWORD_LENGTH).max(256);
const authorityIdSchema = Joi.string().pattern(/^[a-z0-9][a-z0-9-]{1,63}$/);

/** Body of "create a staff account". */
export const newStaffUserSchema = Joi.object({
  email: Joi.string().email({ tlds: false }).max(254).required(),
  displayName: Joi.string().trim().min(1).max(100).required(),
  role: Joi.string().valid(...STAFF_ROLES).required(),
  authorityId: authorityIdSchema.when('role', { is: 'authority', then: Joi.required(), otherwise: Joi.forbidden() }),
  locale: Joi.string().valid(...STAFF_LOCALES).default('sr-Latn'),
  password: passwordSchema.required(),
});

/** Body of "change a staff account". */
export const staffUserPatchSchema = Joi.object({
  displayName: Joi.string().trim().min(1).max(100),
  role: Joi.string().valid(...STAFF_ROLES),
  authorityId: authorityIdSchema.allow(null),
  locale: Joi.string().valid(...STAFF_LOCALES),
  disabled: Joi.boolean(),
  unlock: Joi.boolean().valid(true),
  resetTotp: Joi.boolean().valid(true),
}).min(1);

export interface NewStaffUser {
  email: string;
  displayName: string;
  role: StaffRole;
  authorityId?: string;
  locale?: StaffLocale;
  password: string;
}

export interface StaffUserPatch {
  displayName?: string;
  role?: StaffRole;
  authorityId?: string | null;
  locale?: StaffLocale;
  disabled?: boolean;
  unlock?: true;
  resetTotp?: true;
}

/** Staff accounts: create, list, change, set passwords. */
export class StaffService {
  readonly model: Model<StaffUserDoc>;

  constructor(conn: Connection, private readonly hasher: PasswordHasher, private readonly now: () => number = Date.now) {
    this.model = staffUserModel(conn);
  }

  async init(): Promise<void> {
    await this.model.createIndexes();
  }

  async create(input: NewStaffUser): Promise<StaffUser> {
    const { value, error } = newStaffUserSchema.validate(input);
    if (error) throw badRequest(error.message);
    const v = value as NewStaffUser;
    const now = new Date(this.now());
    try {
      const doc = await this.model.create({
        email: v.email,
        displayName: v.displayName,
        role: v.role,
        authorityId: v.authorityId,
        locale: v.locale ?? 'sr-Latn',
        passwordHash: await this.hasher.hash(v.password),
        disabled: false,
        failedLogins: 0,
        totp: { enabled: false },
        createdAt: now,
        updatedAt: now,
      });
      return this.toUser(doc.toObject());
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw conflict('EmailTaken', 'An account with this e-mail exists.');
      throw err;
    }
  }

  async list(): Promise<StaffUser[]> {
    const docs = await this.model.find({}).sort({ email: 1 }).limit(1000).lean().exec();
    return docs.map((d) => this.toUser(d));
  }

  async get(id: string): Promise<StaffUser> {
    return this.toUser(await this.doc(id));
  }

  async findByEmail(email: string): Promise<StaffUserDoc | null> {
    return this.model.findOne({ email: email.trim().toLowerCase() }).lean().exec();
  }

  /** The raw document (hash and sealed secret included), for the auth service. */
  async doc(id: string): Promise<StaffUserDoc> {
    if (!/^[a-f0-9]{24}$/.test(id)) throw notFound('Account');
    const doc = await this.model.findById(id).lean().exec();
    if (!doc) throw notFound('Account');
    return doc;
  }

  async update(id: string, patch: StaffUserPatch): Promise<StaffUser> {
    const current = await this.doc(id);
    const role = patch.role ?? current.role;
    const authorityId = patch.authorityId === null ? undefined : patch.authorityId ?? current.authorityId;
    if (role === 'authority' && !authorityId) throw badRequest('An authority account needs an authorityId.');
    const set: Record<string, unknown> = { updatedAt: new Date(this.now()), role };
    const unset: Record<string, 1> = {};
    if (role === 'authority') set.authorityId = authorityId;
    else unset.authorityId = 1;
    if (patch.displayName !== undefined) set.displayName = patch.displayName;
    if (patch.locale !== undefined) set.locale = patch.locale;
    if (patch.disabled !== undefined) set.disabled = patch.disabled;
    if (patch.unlock) {
      set.failedLogins = 0;
      unset.lockedUntil = 1;
    }
    if (patch.resetTotp) {
      set['totp'] = { enabled: false };
    }
    await this.model.updateOne({ _id: current._id }, { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) }).exec();
    return this.get(id);
  }

  async setPassword(id: string, password: string): Promise<void> {
    const { error } = passwordSchema.validate(password);
    if (error) throw badRequest(error.message);
    const current = await this.doc(id);
    await this.model.updateOne({ _id: current._id }, { $set: { passwordHash: await this.hasher.hash(password), updatedAt: new Date(this.now()) } }).exec();
  }

  toUser(d: StaffUserDoc): StaffUser {
    return {
      id: d._id.toHexString(),
      email: d.email,
      displayName: d.displayName,
      role: d.role,
      authorityId: d.authorityId,
      locale: d.locale ?? 'sr-Latn',
      disabled: d.disabled,
      totpEnabled: Boolean(d.totp?.enabled),
      locked: Boolean(d.lockedUntil && d.lockedUntil.getTime() > this.now()),
      createdAt: d.createdAt,
      lastLoginAt: d.lastLoginAt,
    };
  }
}
