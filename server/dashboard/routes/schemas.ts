import Joi from 'joi';
import { STAFF_LOCALES, STAFF_ROLES } from '../../../models/staffUser';

/** Response shapes shared by several routes (for the OpenAPI document). */
export const staffUserSchema = Joi.object({
  id: Joi.string(),
  email: Joi.string(),
  displayName: Joi.string(),
  role: Joi.string().valid(...STAFF_ROLES),
  authorityId: Joi.string(),
  locale: Joi.string().valid(...STAFF_LOCALES),
  disabled: Joi.boolean(),
  totpEnabled: Joi.boolean(),
  locked: Joi.boolean(),
  createdAt: Joi.date(),
  lastLoginAt: Joi.date(),
});

export const idParams = Joi.object({ id: Joi.string().pattern(/^[A-Za-z0-9_-]{1,64}$/).required() });

export const auditEventSchema = Joi.object({
  seq: Joi.number().integer(),
  at: Joi.date(),
  actorId: Joi.string(),
  actorRole: Joi.string(),
  action: Joi.string(),
  targetType: Joi.string(),
  targetId: Joi.string(),
  details: Joi.object().unknown(true),
  prevHash: Joi.string(),
  hash: Joi.string(),
});
