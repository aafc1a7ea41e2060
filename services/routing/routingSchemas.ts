import Joi from 'joi';
import { hasKey } from '../i18n/catalog';
import { AUTHORITY_KINDS, AuthorityDef } from '../../core/domain/authorityDef';
import type { RoutingRuleDef } from '../../core/domain/ruleDef';
import { AGE_BANDS, CATEGORIES, REPORTER_ROLES, SITUATION_FIELDS, SituationField, URGENCIES } from '../../core/domain/routing';
import { webhookUrlProblem } from '../notify/webhookUrl';

/**
 * Schemas of the routing data: the seed files, the stored documents and
 * (later) the dashboard's edits all pass through these.
 */

export const localisedTextSchema = Joi.object({
  'sr-Latn': Joi.string().trim().min(1).max(1000).required(),
  en: Joi.string().trim().min(1).max(1000).required(),
});

/**
 * A reason (or description) as routing data holds it: `{ key }`, a resource
 * key that must exist in the locale resources — so a typo is refused, not
 * shown to a reviewer as a raw key — or the text itself in both languages.
 */
export const reasonRefSchema = Joi.alternatives().conditional(Joi.object({ key: Joi.exist() }).unknown(), {
  then: Joi.object({
    key: Joi.string()
      .pattern(/^routing\.[A-Za-z0-9_.-]+$/)
      .required()
      .custom((key: string, helpers) => (hasKey('sr-Latn', key) && hasKey('en', key) ? key : helpers.error('any.invalid')), 'known resource key')
      .messages({ 'any.invalid': '{{#label}} is not a routing.* key of content/locales' }),
  }),
  otherwise: localisedTextSchema,
});

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The values each Situation field may be compared with: its own vocabulary. */
function conditionOn(scalar: Joi.Schema): Joi.Schema {
  return Joi.alternatives(
    scalar,
    Joi.array().items(scalar).min(1),
    Joi.object({ present: Joi.boolean().required() }),
    Joi.object({ not: scalar.required() }),
  );
}

const FIELD_VALUES: Record<SituationField, Joi.Schema> = {
  category: Joi.string().valid(...CATEGORIES),
  victimAge: Joi.string().valid(...AGE_BANDS),
  reporterRole: Joi.string().valid(...REPORTER_ROLES),
  municipality: Joi.string().pattern(ID),
  immediateDanger: Joi.boolean(),
  victimIsPupil: Joi.boolean(),
  meetingPlanned: Joi.boolean(),
  threatsOfViolence: Joi.boolean(),
  deadlineRunning: Joi.boolean(),
  personalDataMisuse: Joi.boolean(),
  identityTheft: Joi.boolean(),
  extortion: Joi.boolean(),
  selfHarmRisk: Joi.boolean(),
  dangerDisclosed: Joi.boolean(),
};

export const conditionsSchema = Joi.object(
  Object.fromEntries(SITUATION_FIELDS.map((f) => [f, conditionOn(FIELD_VALUES[f])])),
).unknown(false);

const targetSchema = Joi.object({
  authority: Joi.string().pattern(ID),
  kind: Joi.string().valid(...AUTHORITY_KINDS),
  when: conditionsSchema,
  reason: reasonRefSchema.required(),
  otherwise: Joi.object({
    authority: Joi.string().pattern(ID).required(),
    reason: reasonRefSchema.required(),
  }),
}).xor('authority', 'kind');

export const routingRuleSchema = Joi.object<RoutingRuleDef>({
  id: Joi.string().pattern(ID).max(60).required(),
  order: Joi.number().integer().min(0).required(),
  description: Joi.alternatives(Joi.string().max(500), reasonRefSchema),
  when: conditionsSchema.required(),
  whenAny: Joi.array().items(conditionsSchema).min(1),
  add: Joi.array().items(targetSchema).required(),
  urgency: Joi.string().valid(...URGENCIES),
  raiseUrgency: Joi.number().integer().min(1).max(2),
  urgencyReason: reasonRefSchema,
  active: Joi.boolean().default(true),
});

const httpsUrl = Joi.string().uri({ scheme: ['https'] });

/**
 * An authority's webhook, by the rule every webhook follows
 * (services/notify/webhookUrl.ts): https, or http to a loopback address for
 * a local receiver. Production additionally refuses the latter when sending
 * (WebhookChannel), where the deployment is known.
 */
const webhookUrl = Joi.string()
  .uri({ scheme: ['https', 'http'] })
  .custom((value: string, helpers) => (webhookUrlProblem(value, false) ? helpers.error('string.uriCustomScheme', { scheme: 'https' }) : value));

export const authoritySchema = Joi.object<AuthorityDef>({
  id: Joi.string().pattern(ID).max(80).required(),
  kind: Joi.string().valid(...AUTHORITY_KINDS).required(),
  name: localisedTextSchema.required(),
  jurisdiction: Joi.object({
    scope: Joi.string().valid('national', 'region', 'municipality', 'school').required(),
    area: localisedTextSchema.required(),
    municipality: Joi.string().pattern(ID).when('scope', { is: 'municipality', then: Joi.required() }),
    districts: Joi.array().items(Joi.string()).when('scope', { is: 'region', then: Joi.required() }),
    municipalities: Joi.array().items(Joi.string().pattern(ID)),
  }).required(),
  actsOn: localisedTextSchema.required(),
  publicPhone: Joi.string().pattern(/^[0-9 +]{3,20}$/),
  website: httpsUrl,
  contact: Joi.object({
    email: Joi.string().email({ tlds: false }),
    webhook: webhookUrl,
    phone: Joi.string().pattern(/^[0-9 +/()-]{3,30}$/),
    configured: Joi.boolean().required(),
  }).required(),
  active: Joi.boolean().default(true),
  unconfirmed: Joi.boolean(),
});
