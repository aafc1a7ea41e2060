import Joi from 'joi';
import { STAFF_LOCALES, STAFF_ROLES, StaffLocale, StaffRole, StaffUserDoc } from '../../models/staffUser';
import type { StaffUserRepository } from '../../models/staffUserRepository';
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
  /** The accounts' repository (the auth service writes sign-in state through it). */
  constructor(readonly users: StaffUserRepository, private readonly hasher: PasswordHasher, private readonly now: () => number = Date.now) {}

  async init(): Promise<void> {
    await this.users.init();
  }

  async create(input: NewStaffUser): Promise<StaffUser> {
    const { value, error } = newStaffUserSchema.validate(input);
    if (error) throw badRequest(error.message);
    const v = value as NewStaffUser;
    const now = new Date(this.now());
    const doc = await this.users.create({
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
    if (doc === 'email_taken') throw conflict('EmailTaken', 'An account with this e-mail exists.');
    return this.toUser(doc);
  }

  async list(): Promise<StaffUser[]> {
    const docs = await this.users.list(1000);
    return docs.map((d) => this.toUser(d));
  }

  async get(id: string): Promise<StaffUser> {
    return this.toUser(await this.doc(id));
  }

  async findByEmail(email: string): Promise<StaffUserDoc | null> {
    return this.users.findByEmail(email.trim().toLowerCase());
  }

  /** The raw document (hash and sealed secret included), for the auth service. */
  async doc(id: string): Promise<StaffUserDoc> {
    if (!/^[a-f0-9]{24}$/.test(id)) throw notFound('Account');
    const doc = await this.users.findById(id);
    if (!doc) throw notFound('Account');
    return doc;
  }

  async update(id: string, patch: StaffUserPatch): Promise<StaffUser> {
    const current = await this.doc(id);
    const role = patch.role ?? current.role;
    const authorityId = patch.authorityId === null ? undefined : patch.authorityId ?? current.authorityId;
    if (role === 'authority' && !authorityId) throw badRequest('An authority account needs an authorityId.');
    const { displayName, locale, disabled, unlock, resetTotp } = patch;
    await this.users.change(current._id, { role, authorityId, displayName, locale, disabled, unlock, resetTotp }, new Date(this.now()));
    return this.get(id);
  }

  async setPassword(id: string, password: string): Promise<void> {
    const { error } = passwordSchema.validate(password);
    if (error) throw badRequest(error.message);
    const current = await this.doc(id);
    await this.users.setPasswordHash(current._id, await this.hasher.hash(password), new Date(this.now()));
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
