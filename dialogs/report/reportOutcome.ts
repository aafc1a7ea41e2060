import type { Locale } from '../../services/i18n/locales';
import type { SubmitResult } from '../../services/reports/submitReport';
import type { Category } from '../../services/routing/types';
import { latinToCyrillic } from '../../services/text/transliterate';
import type { Button, MessageView, Part } from '../shared/reply';
import type { ReportProgress } from './reportProgress';

/** Authorities with a plain-words explanation; the rest are said in general words. */
const KNOWN_AUTHORITIES = ['emergency-192', 'police-vtk', 'prosecutor-vtk', 'nccos', 'school', 'helpline-116111', 'poverenik'];

/** `csw-novi-sad` → `csw`, `cvpu-nis` → `cvpu`, the national ones as they are. */
export function authorityKind(id: string): string {
  if (id.startsWith('csw-')) return 'csw';
  if (id.startsWith('cvpu-')) return 'cvpu';
  return KNOWN_AUTHORITIES.includes(id) ? id : 'other';
}

/** Advice is written for a child (about themselves or a friend) or for an adult who helps a child. */
function audienceOf(p: ReportProgress): 'child' | 'adult' {
  return p.role === 'pupil' ? 'child' : 'adult';
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

const RULE_CATEGORIES: readonly Category[] = ['csam', 'nudes', 'sextortion'];

/**
 * What the reporter is told once the report is in, as three messages: the
 * case code and passphrase (shown this once, with the advice to write them
 * down); where the report goes and why, in plain words; and what to do now
 * for this category. The passphrase appears only here — in the outgoing
 * message, never in conversation state.
 */
export function outcomeViews(result: SubmitResult, passphrase: string | undefined, p: ReportProgress, locale: Locale): MessageView[] {
  const words = passphrase && locale === 'sr-Cyrl' ? latinToCyrillic(passphrase) : passphrase;
  const keep: Part[] = [
    { key: 'reportFlow.done.thanks', heading: true },
    { key: 'reportFlow.done.code', vars: { code: result.caseCode } },
    words ? { key: 'reportFlow.done.passphrase', vars: { passphrase: words } } : 'reportFlow.done.noPassphrase',
    'reportFlow.done.writeDown',
  ];
  if (result.stored === 'spool') keep.push('reportFlow.done.delayed');

  const kinds = [...new Set(result.authorities.map((a) => authorityKind(a.id)))];
  const where: Part[] = [`reportFlow.done.urgency.${result.urgency}`, 'reportFlow.done.routeIntro', ...kinds.map((k) => `reportFlow.route.${k}`)];

  const category = p.answers.category ?? 'other';
  const advice: Part[] = [{ key: 'reportFlow.advice.title', heading: true }, `reportFlow.advice.${category}.${audienceOf(p)}`, ...extraAdvice(p)];
  if (RULE_CATEGORIES.includes(category)) advice.push('safety.csamRule');
  if (p.answers.immediateDanger) advice.push('reportFlow.done.dangerReminder');
  advice.push('reportFlow.done.comeBack');

  const callNow = crisisLinesView(p);
  return [
    { say: keep },
    { say: where },
    { say: advice },
    ...(callNow ? [callNow] : []),
  ];
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
  const audience = audienceOf(p);
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
