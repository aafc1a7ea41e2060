import Joi from 'joi';
import { municipalitySlug } from './municipalitySlug';
import { AGE_BANDS, CATEGORIES, REPORTER_ROLES, Situation } from '../../core/domain/routing';
import { AppError } from '../../core/errors';

/**
 * The one schema of a routing {@link Situation}, shared by the `route`
 * command, the report dialog and the API. Unknown fields are rejected, so a
 * misspelt flag is an error rather than silently ignored. A municipality may
 * be given as a slug or a name in either script; it is stored as a slug.
 * A municipality that is not in the list is still valid: routing then leaves
 * the choice of centre for social work to the contact centre.
 */
export const situationSchema = Joi.object<Situation>({
  category: Joi.string().valid(...CATEGORIES).required(),
  immediateDanger: Joi.boolean().strict().required(),
  victimAge: Joi.string().valid(...AGE_BANDS).required(),
  reporterRole: Joi.string().valid(...REPORTER_ROLES).required(),
  victimIsPupil: Joi.boolean().strict(),
  municipality: Joi.string()
    .trim()
    .max(80)
    .empty('')
    .custom((v: string) => municipalitySlug(v), 'municipality slug'),
  meetingPlanned: Joi.boolean().strict(),
  threatsOfViolence: Joi.boolean().strict(),
  deadlineRunning: Joi.boolean().strict(),
  personalDataMisuse: Joi.boolean().strict(),
  identityTheft: Joi.boolean().strict(),
  extortion: Joi.boolean().strict(),
  selfHarmRisk: Joi.boolean().strict(),
  dangerDisclosed: Joi.boolean().strict(),
}).unknown(false);

/** Raised when a situation does not match {@link situationSchema}. */
export class InvalidSituationError extends AppError<'InvalidSituation'> {
  constructor(readonly problems: string[]) {
    super('InvalidSituation', `Invalid situation: ${problems.join('; ')}`, { problems });
  }
}

/** Validates (and normalises) a situation, or throws {@link InvalidSituationError} listing every problem. */
export function validateSituation(input: unknown): Situation {
  const { value, error } = situationSchema.validate(input, { abortEarly: false });
  if (error) throw new InvalidSituationError(error.details.map((d) => d.message));
  return value as Situation;
}
