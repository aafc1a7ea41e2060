import type { Locale } from '../../services/i18n/locales';
import type { DutyStatus } from '../../services/notify/onDuty';
import type { SubmitResult } from '../../services/reports/submitReport';
import type { ReporterRole } from '../../core/domain/routing';
import { latinToCyrillic } from '../../services/text/transliterate';
import type { Button, MessageView, Part } from '../shared/reply';
import { Token } from '../understanding/tokens';
import type { KeptCase } from './draftSealer';
import type { ReportProgress } from './reportProgress';
import { urgencyParts } from './reportPromise';

/** Authorities with a plain-words explanation; the rest are said in general words. */
const KNOWN_AUTHORITIES = ['emergency-192', 'police-vtk', 'prosecutor-vtk', 'nccos', 'school', 'helpline-116111', 'poverenik'];

/** `csw-novi-sad` → `csw`, `cvpu-nis` → `cvpu`, the national ones as they are. */
export function authorityKind(id: string): string {
  if (id.startsWith('csw-')) return 'csw';
  if (id.startsWith('cvpu-')) return 'cvpu';
  return KNOWN_AUTHORITIES.includes(id) ? id : 'other';
}

/** Who the outcome speaks to: a child (about themselves or a friend) or an adult who helps a child. */
export type Audience = 'child' | 'adult';

/** Advice is written for a child (about themselves or a friend) or for an adult who helps a child. */
export function audienceOf(role: ReporterRole): Audience {
  return role === 'pupil' ? 'child' : 'adult';
}

/** Extra advice some answers call for. */
function extraAdvice(p: ReportProgress): Part[] {
  const q = p.answers.questions;
  const extra: Part[] = [];
  if (p.answers.category === 'sextortion' && q.paidOrSent === 'yes') extra.push('reportFlow.advice.sextortionPaid');
  if (p.answers.category === 'nudes' && q.shared === 'yes') extra.push('reportFlow.advice.nudesShared');
  if (p.answers.category === 'grooming' && q.meetingPlanned === 'yes') extra.push('reportFlow.advice.groomingMeeting');
  return extra;
}

/**
 * What the reporter is told once the report is in, before the case code:
 * that it arrived and where it goes and why, in plain words; then what to
 * do now for this category. Each message is a plain list of parts, so more
 * can be added to either. The case code and secret words come after these,
 * last, so nothing pushes them out of view ({@link caseCodeView}). `duty`
 * says who at the contact centre sees an immediate report, and when (see
 * reportPromise.ts). The never-download rule is not repeated here: the
 * evidence question said it.
 */
export function outcomeViews(result: SubmitResult, p: ReportProgress, duty: DutyStatus): MessageView[] {
  const where: Part[] = [{ key: 'reportFlow.done.thanks', heading: true }];
  if (result.stored === 'spool') where.push('reportFlow.done.delayed');
  const kinds = [...new Set(result.authorities.map((a) => authorityKind(a.id)))];
  where.push(...urgencyParts(result.urgency, duty, Boolean(p.answers.immediateDanger)), 'reportFlow.done.routeIntro', ...kinds.map((k) => `reportFlow.route.${k}`));

  const category = p.answers.category ?? 'other';
  const advice: Part[] = [{ key: 'reportFlow.advice.title', heading: true }, `reportFlow.advice.${category}.${audienceOf(p.role)}`, ...extraAdvice(p)];
  if (p.answers.immediateDanger) advice.push('reportFlow.done.dangerReminder');
  advice.push('reportFlow.done.comeBack');

  // After a crisis during the report, the lines to call now; the case code still comes last.
  const callNow = crisisLinesView(p);
  return [{ say: where }, { say: advice }, ...(callNow ? [callNow] : [])];
}

/**
 * The case code and the secret words, together in one message and nothing
 * else in it but the advice to write them down, so a child can read and copy
 * them at once (Cyrillic words for a Cyrillic conversation). Sent only — it
 * is never stored as a view, because it carries the passphrase.
 */
export function caseCodeView(kept: KeptCase, locale: Locale): MessageView {
  const words = kept.passphrase && locale === 'sr-Cyrl' ? latinToCyrillic(kept.passphrase) : kept.passphrase;
  return {
    say: [
      { key: 'reportFlow.done.keepTitle', heading: true },
      { key: 'reportFlow.done.code', vars: { code: kept.code } },
      words ? { key: 'reportFlow.done.passphrase', vars: { passphrase: words } } : 'reportFlow.done.noPassphrase',
      'reportFlow.done.writeDown',
    ],
    // Its own bubble: neither the report's outcome before it nor the question after it joins it.
    alone: true,
  };
}

/** The `pick:` values of the "did you write them down?" buttons. */
export const KEPT_PICKS = { kept: 'kept', again: 'show-again' } as const;

/** "Did you write down your code and words?" — yes, or show them again. Holds no secret: prompts store their view. */
export function keptQuestionView(audience: Audience, hint = false): MessageView {
  return {
    say: [...(hint ? [`reportFlow.kept.hint.${audience}`] : []), `reportFlow.kept.ask.${audience}`],
    buttons: [
      { token: Token.pick(KEPT_PICKS.kept), title: 'button.keptYes' },
      { token: Token.pick(KEPT_PICKS.again), title: 'button.keptAgain' },
    ],
  };
}

/**
 * When the crisis check fired during the report (self-harm, or someone in
 * danger now), the lines to call now come back at the end, with call
 * buttons: a report is no answer to a crisis, and the card may have
 * scrolled away. Its own message, so it stays whole however the messages
 * before it are arranged. Numbers and hours from content/contacts.yaml.
 */
export function crisisLinesView(p: ReportProgress): MessageView | undefined {
  const crisis = p.crisis;
  if (!crisis?.selfHarmRisk && !crisis?.dangerDisclosed) return undefined;
  const audience = audienceOf(p.role);
  const say: Part[] = [{ key: `reportFlow.done.callNow.title.${audience}`, heading: true }];
  const calls: Button[] = [];
  if (crisis.dangerDisclosed) {
    say.push(`reportFlow.done.callNow.danger.${audience}`);
    calls.push({ call: 'police' });
  }
  if (crisis.selfHarmRisk) {
    say.push(`reportFlow.done.callNow.selfHarm.${audience}`);
    calls.unshift({ call: 'childLine' }, { call: 'srce' });
    if (!crisis.dangerDisclosed) calls.push({ call: 'police' });
  }
  return { say, cards: [{ title: `reportFlow.done.callNow.cardTitle.${audience}`, buttons: calls }] };
}
