import type { Locale } from '../../services/i18n/locales';
import { WHEN_QUESTIONS, type ReportAnswerSet, type WhenQuestion } from '../../core/domain/reportAnswerSet';
import type { ReportDraft } from '../../services/reports/reportDraftSchema';
import type { ReportProgress, SealedDraft, Tri } from './reportProgress';
import { mayLeaveContact } from './reportSteps';

function flag(t: Tri | undefined): boolean | undefined {
  return t === 'yes' ? true : t === 'no' ? false : undefined;
}

/**
 * Whether the child is a pupil, for routing (the school's protection team):
 * for cyberbullying the reporter said whether it is someone from school; a
 * teacher reporting for a pupil, or a pupil for themselves or a friend, is
 * about a pupil; an adult victim or a stranger is not; otherwise unknown.
 */
function victimIsPupil(p: ReportProgress): boolean | undefined {
  const a = p.answers;
  if (a.category === 'cyberbullying' && a.questions.fromSchool) return flag(a.questions.fromSchool);
  if (a.victimAge === '18+') return false;
  if (a.victim === 'pupil') return true;
  if (p.role === 'pupil' && (a.victim === 'self' || a.victim === 'friend')) return true;
  if (a.victim === 'stranger') return false;
  return undefined;
}

/**
 * The draft submitReport takes (services/reports/reportDraftSchema.ts),
 * from the answers and the sealed words. Only what the schema allows: the
 * reporter's identity never enters it; contact details only for an adult
 * who said yes.
 */
export function buildDraft(p: ReportProgress, sealed: SealedDraft, locale: Locale): ReportDraft {
  const a = p.answers;
  const draft: ReportDraft = {
    submissionId: p.submissionId,
    locale,
    reporterRole: p.role,
    victimAge: a.victimAge ?? 'unknown',
    category: a.category ?? 'other',
    platforms: a.platforms ?? [],
    ongoing: a.ongoing === 'yes',
    narrative: sealed.narrative ?? '',
    evidence: {
      urls: [...new Set([...sealed.narrativeEvidence.urls, ...sealed.evidence.urls])],
      handles: [...new Set([...sealed.narrativeEvidence.handles, ...sealed.evidence.handles])],
    },
    immediateDanger: a.immediateDanger === true,
  };
  if (a.municipality) draft.municipality = a.municipality;
  // Everything answered from the buttons (or typed): the reviewer sees each answer, "don't know" included.
  const answers: ReportAnswerSet = { ...a.questions };
  // "When?" only stands with the "yes" it follows (a changed answer leaves no stale day behind).
  for (const [q, when] of Object.entries(WHEN_QUESTIONS) as Array<[keyof typeof WHEN_QUESTIONS, WhenQuestion]>) {
    const given = a.when?.[when];
    if (given && a.questions[q] === 'yes') answers[when] = given;
  }
  if (a.victim) answers.victim = a.victim;
  if (a.ongoing) answers.ongoing = a.ongoing;
  if (Object.keys(answers).length > 0) draft.answers = answers;
  const flags = {
    meetingPlanned: flag(a.questions.meetingPlanned),
    deadlineRunning: flag(a.questions.deadlineRunning),
    threatsOfViolence: flag(a.questions.threatsOfViolence),
    identityTheft: flag(a.questions.identityTheft),
    personalDataMisuse: flag(a.questions.personalDataMisuse),
    victimIsPupil: victimIsPupil(p),
  };
  for (const [k, v] of Object.entries(flags) as Array<[keyof typeof flags, boolean | undefined]>) if (v !== undefined) draft[k] = v;
  // A crisis recognised at any step travels with the report, as a flag only.
  if (p.crisis?.selfHarmRisk) draft.selfHarmRisk = true;
  if (p.crisis?.dangerDisclosed) draft.dangerDisclosed = true;
  if (a.contactWanted && sealed.contact && mayLeaveContact(p.role, a)) {
    draft.contact = { consent: true, ...sealed.contact, preferred: sealed.contact.email ? 'email' : 'phone' };
  }
  return draft;
}
