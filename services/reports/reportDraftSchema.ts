import Joi from 'joi';
import { LOCALES, Locale } from '../i18n/locales';
import { AGE_BANDS, CATEGORIES, REPORTER_ROLES } from '../../core/domain/routing';
import type { AgeBand, Category, ReporterRole } from '../../core/domain/routing';
import type { ReporterContact } from '../../models/reporterContact';
import { answerSetSchema, flagOf, type ReportAnswerSet } from '../../core/domain/reportAnswerSet';
import { AppError } from '../../core/errors';

/** Longest narrative accepted (characters). */
export const NARRATIVE_MAX = 4000;

/** Roles that may leave contact details: adults only (SPEC.md section 5). */
export const ADULT_ROLES: readonly ReporterRole[] = ['teacher', 'parent', 'other'];

/** A report as the chat dialog (or any API) hands it over, before anonymisation. */
export interface ReportDraft {
  /** Client-generated UUID; a retry with the same id never creates a second report. */
  submissionId: string;
  locale: Locale;
  reporterRole: ReporterRole;
  victimAge: AgeBand;
  category: Category;
  platforms: string[];
  ongoing: boolean;
  municipality?: string;
  narrative: string;
  /** Links and profile names the reporter gave separately (merged with those found in the narrative). */
  evidence?: { urls: string[]; handles: string[] };
  immediateDanger: boolean;
  meetingPlanned?: boolean;
  threatsOfViolence?: boolean;
  deadlineRunning?: boolean;
  victimIsPupil?: boolean;
  personalDataMisuse?: boolean;
  identityTheft?: boolean;
  /** The bot's crisis check recognised thoughts of self-harm at some step of the report. */
  selfHarmRisk?: boolean;
  /** The bot's crisis check recognised someone in danger now at some step of the report. */
  dangerDisclosed?: boolean;
  /**
   * Everything the reporter answered (who it is about, whether it goes on,
   * each category question, "don't know" included): stored with the report.
   * Routing flags not given separately are taken from it.
   */
  answers?: ReportAnswerSet;
  /** Only for adult roles, and only with explicit consent. */
  contact?: ReporterContact & { consent: true };
}

/** The routing flags that are also category questions: given both ways, they must agree. */
const FLAG_QUESTIONS = ['meetingPlanned', 'deadlineRunning', 'threatsOfViolence', 'identityTheft', 'personalDataMisuse'] as const;

const flag = Joi.boolean();

/**
 * The one schema of a report draft. Unknown keys are rejected, so nothing
 * the report must not hold (a channel user id, a name field…) can slip in.
 */
export const reportDraftSchema = Joi.object<ReportDraft>({
  submissionId: Joi.string().guid({ version: ['uuidv4', 'uuidv7'] }).required(),
  locale: Joi.string().valid(...LOCALES).default('sr-Latn'),
  reporterRole: Joi.string().valid(...REPORTER_ROLES).required(),
  victimAge: Joi.string().valid(...AGE_BANDS).default('unknown'),
  category: Joi.string().valid(...CATEGORIES).required(),
  platforms: Joi.array().items(Joi.string().trim().min(1).max(40)).max(12).unique().default([]),
  ongoing: Joi.boolean().default(false),
  municipality: Joi.string().pattern(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(60),
  narrative: Joi.string().trim().min(1).max(NARRATIVE_MAX).required(),
  evidence: Joi.object({
    urls: Joi.array().items(Joi.string().max(2000)).max(30).default([]),
    handles: Joi.array().items(Joi.string().max(200)).max(30).default([]),
  }),
  immediateDanger: flag.default(false),
  meetingPlanned: flag,
  threatsOfViolence: flag,
  deadlineRunning: flag,
  victimIsPupil: flag,
  personalDataMisuse: flag,
  identityTheft: flag,
  selfHarmRisk: flag,
  dangerDisclosed: flag,
  answers: answerSetSchema,
  contact: Joi.when('reporterRole', {
    is: Joi.valid(...ADULT_ROLES),
    then: Joi.object({
      consent: Joi.valid(true).required(),
      name: Joi.string().trim().max(120),
      email: Joi.string().email({ tlds: false }).max(200),
      phone: Joi.string().pattern(/^\+?[0-9 ()/-]{6,20}$/),
      preferred: Joi.string().valid('email', 'phone'),
    }).or('email', 'phone'),
    otherwise: Joi.forbidden(),
  }),
})
  .custom((draft: ReportDraft, helpers) => {
    for (const q of FLAG_QUESTIONS) {
      const answered = draft.answers?.[q];
      if (draft[q] !== undefined && answered !== undefined && flagOf(answered) !== draft[q]) return helpers.error('draft.contradiction', { label: q });
    }
    return draft;
  })
  .messages({ 'draft.contradiction': '{#label} and answers.{#label} disagree' })
  .options({ allowUnknown: false, stripUnknown: false, abortEarly: false });

/** Raised when a draft does not match {@link reportDraftSchema}. Lists paths only, never values. */
export class InvalidDraftError extends AppError<'InvalidDraft'> {
  constructor(readonly paths: string[]) {
    super('InvalidDraft', `invalid report draft: ${paths.join(', ')}`, { paths });
  }
}

/** Validates a draft, applying defaults, or throws {@link InvalidDraftError}. */
export function validateDraft(input: unknown): ReportDraft {
  const { value, error } = reportDraftSchema.validate(input);
  if (error) throw new InvalidDraftError([...new Set(error.details.map((d) => d.path.join('.') || d.type))]);
  return value;
}
