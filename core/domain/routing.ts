/** Urgency, ordered: normal < high < immediate. */
export const URGENCIES = ['normal', 'high', 'immediate'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CATEGORIES = ['grooming', 'sextortion', 'nudes', 'cyberbullying', 'csam', 'privacy', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const AGE_BANDS = ['under14', '14-17', '18+', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const REPORTER_ROLES = ['pupil', 'teacher', 'parent', 'other'] as const;
export type ReporterRole = (typeof REPORTER_ROLES)[number];

/** The input of routing: the contract of `npm run route` (SPEC.md section 6). */
export interface Situation {
  category: Category;
  immediateDanger: boolean;
  victimAge: AgeBand;
  reporterRole: ReporterRole;
  victimIsPupil?: boolean;
  /** Municipality slug (content/geo/municipalities.yaml). */
  municipality?: string;
  meetingPlanned?: boolean;
  threatsOfViolence?: boolean;
  /** Sextortion: a deadline or threat is running. */
  deadlineRunning?: boolean;
  /** Privacy: personal data misused / identity theft / extortion. */
  personalDataMisuse?: boolean;
  identityTheft?: boolean;
  /** Privacy: the account or data is used to extort (money, images). */
  extortion?: boolean;
  /** Thoughts of suicide or self-harm were disclosed at some point of the report (the bot's crisis check). */
  selfHarmRisk?: boolean;
  /** Someone was said to be in danger now at some point of the report (the bot's crisis check), besides the danger question. */
  dangerDisclosed?: boolean;
}

/** The fields of a {@link Situation}, which routing rules may test. */
export const SITUATION_FIELDS = [
  'category', 'immediateDanger', 'victimAge', 'reporterRole', 'victimIsPupil', 'municipality',
  'meetingPlanned', 'threatsOfViolence', 'deadlineRunning', 'personalDataMisuse', 'identityTheft', 'extortion',
  'selfHarmRisk', 'dangerDisclosed',
] as const;
export type SituationField = (typeof SITUATION_FIELDS)[number];

/** A text that reviewers read, authored in sr-Latn (Cyrillic is derived) and English. */
export interface LocalisedText {
  'sr-Latn': string;
  en: string;
}

/**
 * Words a reviewer reads, as routing data and stored reports hold them:
 * either a resource key of content/locales/<locale>/routing.yaml (the seeded
 * rules), or the text itself in sr-Latn and en (what an administrator writes
 * when editing a rule in the dashboard). Both are rendered in the reader's
 * locale by services/routing/reasonTemplate.ts; `{authority}` and `{area}`
 * are filled from the authority the reason was given for.
 */
export type ReasonRef = { key: string } | LocalisedText;

/** One routed authority and why. */
export interface RoutedAuthority {
  id: string;
  /** The reasons rendered in English and joined (what the `route` command prints). */
  reason: string;
  /**
   * Each reason the authority was added for, once, in rule order; rendered
   * where a person reads them. Absent where only the English text is known
   * (a report stored before reasons were keys).
   */
  reasons?: ReasonRef[];
}

export interface RoutingDecision {
  urgency: Urgency;
  authorities: RoutedAuthority[];
  /** Why the urgency is what it is (rules that set or raised it), in rule order. */
  urgencyReasons?: ReasonRef[];
}
