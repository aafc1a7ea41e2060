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
}

/** One routed authority with the reason a reviewer can read. */
export interface RoutedAuthority {
  id: string;
  reason: string;
}

export interface RoutingDecision {
  urgency: Urgency;
  authorities: RoutedAuthority[];
}
