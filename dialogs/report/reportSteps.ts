import { WHEN_QUESTIONS } from '../../core/domain/reportAnswerSet';
import { ADULT_ROLES } from '../../services/reports/reportDraftSchema';
import type { Category, ReporterRole } from '../../core/domain/routing';
import type { QuestionId, ReportAnswers, StepId, Victim } from './reportProgress';

/** The questions each category adds, as the hotlines ask them. */
export const CATEGORY_QUESTIONS: Readonly<Record<Category, readonly QuestionId[]>> = {
  grooming: ['meetingPlanned'],
  sextortion: ['deadlineRunning', 'paidOrSent'],
  nudes: ['shared', 'identifiable'],
  cyberbullying: ['threatsOfViolence', 'fromSchool'],
  privacy: ['identityTheft', 'personalDataMisuse'],
  csam: [],
  other: [],
};

/** Whom each role may be reporting about, most likely first. */
export const VICTIM_CHOICES: Readonly<Record<ReporterRole, readonly Victim[]>> = {
  pupil: ['self', 'friend', 'stranger'],
  teacher: ['pupil', 'stranger', 'self'],
  parent: ['child', 'friend', 'stranger'],
  other: ['self', 'friend', 'child', 'stranger'],
};

/**
 * Whom each role may also name by typing, without a button ("moj sin" from
 * a teacher, "meni" from a parent). A pupil has no pupil or child of their
 * own: "dete" from a pupil is read as the pupil (see reportAnswers.ts).
 */
export const VICTIM_TYPED: Readonly<Record<ReporterRole, readonly Victim[]>> = {
  pupil: [],
  teacher: ['friend', 'child'],
  parent: ['self', 'pupil'],
  other: ['pupil'],
};

/**
 * Only adults may leave contact details (SPEC.md section 5): a teacher, a
 * parent or someone else — but not a child who chose "someone else" and is
 * reporting about themselves.
 */
export function mayLeaveContact(role: ReporterRole, a: ReportAnswers): boolean {
  if (!ADULT_ROLES.includes(role)) return false;
  return !(a.victim === 'self' && (a.victimAge === 'under14' || a.victimAge === '14-17'));
}

/** The steps of this report, given what is known so far. */
export function stepsOf(role: ReporterRole, a: ReportAnswers): StepId[] {
  const steps: StepId[] = ['danger'];
  if (!a.categoryGiven) steps.push('category');
  steps.push('victim', 'age', 'platform', 'ongoing');
  for (const q of CATEGORY_QUESTIONS[a.category ?? 'other']) {
    steps.push(`q:${q}`);
    // "A deadline is running" / "a meeting is planned": then when.
    const when = WHEN_QUESTIONS[q as keyof typeof WHEN_QUESTIONS] as (typeof WHEN_QUESTIONS)[keyof typeof WHEN_QUESTIONS] | undefined;
    if (when && a.questions[q] === 'yes') steps.push(`when:${when}`);
  }
  steps.push('narrative', 'narrativeCheck', 'evidence', 'municipality');
  if (mayLeaveContact(role, a)) {
    steps.push('contactAsk');
    if (a.contactWanted) steps.push('contactDetails');
  }
  steps.push('summary');
  return steps;
}

/**
 * The step after `at` (the summary is last). An answer may drop its own step
 * — skipping the contact details withdraws the wish to be contacted — and
 * the report then goes on from where that step stood, never from the start.
 */
export function nextStep(role: ReporterRole, a: ReportAnswers, at: StepId): StepId {
  // A "when?" already answered in the same message as its question ("da, do sutra") is not asked again.
  const steps = stepsOf(role, a).filter((s) => s === at || !(s.startsWith('when:') && a.when?.[s.slice(5) as keyof NonNullable<ReportAnswers['when']>] !== undefined));
  const i = steps.indexOf(at);
  if (i >= 0) return steps[Math.min(i + 1, steps.length - 1)] ?? 'summary';
  const all = stepsOf(role, { ...a, contactWanted: true });
  return all.slice(all.indexOf(at) + 1).find((s) => steps.includes(s)) ?? 'summary';
}
