import { countEvidenceItems } from '../../services/anonymise/evidenceCount';
import { CATEGORIES } from '../../services/routing/types';
import type { Button, MessageView, Part } from '../shared/reply';
import { Token } from '../understanding/tokens';
import { markdownText } from './markdownText';
import { AGE_PICKS, type ReportProgress, type SealedDraft, type StepId } from './reportProgress';
import { VICTIM_CHOICES } from './reportSteps';
import { summaryParts } from './reportSummary';

/** One step back, or stop the report: under every question. */
export const NAV_BUTTONS: readonly Button[] = [
  { token: Token.command('back'), title: 'button.back' },
  { token: Token.command('cancel'), title: 'button.cancelReport' },
];

/** The platforms offered as buttons; any other is understood when written (services/nlu/platforms.ts). */
export const PLATFORM_BUTTONS = ['instagram', 'tiktok', 'snapchat', 'whatsapp', 'viber', 'discord', 'facebook', 'youtube', 'roblox', 'telegram'] as const;

/** Categories whose reporter must hear the never-download rule where links are asked for. */
const CSAM_RULE_CATEGORIES = ['csam', 'nudes', 'sextortion'];

/** The longest narrative the chat takes (the store takes more; a chat message this long is already hard to read back). */
export const NARRATIVE_CAP = 2000;

function pick(value: string, title: string): Button {
  return { token: Token.pick(value), title };
}

const TRI: readonly Button[] = [pick('yes', 'button.yes'), pick('no', 'button.no'), pick('unknown', 'button.dontKnow')];

/** A question of the report: what to show, and whether the answer is the user's own words. */
export interface Question {
  view: MessageView;
  freeText?: boolean;
  /** The answer is a name (a place, a platform, a profile): it says nothing about the user's language. */
  keepLocale?: boolean;
}

/** The question of step `at`. */
export function questionOf(at: StepId, p: ReportProgress, sealed: SealedDraft): Question {
  const a = p.answers;
  const ask = (say: Part[], buttons: readonly Button[] = []): Question => ({ view: { say, buttons: [...buttons, ...NAV_BUTTONS] } });
  // A link, a place or an e-mail address: taken as written (see AskOptions.freeText), in any language.
  const askName = (say: Part[], buttons: readonly Button[]): Question => ({ ...ask(say, buttons), freeText: true, keepLocale: true });
  if (at.startsWith('q:')) return ask([`reportFlow.ask.q.${at.slice(2)}`], TRI);
  switch (at) {
    case 'danger':
      return ask(['reportFlow.ask.danger'], [pick('yes', 'button.dangerYes'), pick('no', 'button.dangerNo')]);
    case 'category':
      return ask(['reportFlow.ask.category'], CATEGORIES.map((c) => pick(c, `button.reportCategory.${c}`)));
    case 'victim':
      return ask(['reportFlow.ask.victim'], VICTIM_CHOICES[p.role].map((v) => pick(v, `button.victim.${v}`)));
    case 'age':
      return ask([a.victim === 'self' ? 'reportFlow.ask.ageSelf' : 'reportFlow.ask.age'], Object.values(AGE_PICKS).map((value) => pick(value, `button.age.${value}`)));
    case 'platform': {
      const platform = ask(['reportFlow.ask.platform'], [...PLATFORM_BUTTONS.map((id) => pick(id, `button.platform.${id}`)), pick('none', 'button.platformOther')]);
      return { ...platform, keepLocale: true };
    }
    case 'ongoing':
      return ask(['reportFlow.ask.ongoing'], [pick('yes', 'button.ongoingYes'), pick('no', 'button.ongoingNo'), pick('unknown', 'button.dontKnow')]);
    case 'narrative': {
      const say: Part[] = ['reportFlow.ask.narrative'];
      if (CSAM_RULE_CATEGORIES.includes(a.category ?? 'other')) say.push('reportFlow.narrative.noImages');
      return { view: { say, buttons: [...NAV_BUTTONS] }, freeText: true };
    }
    case 'narrativeCheck': {
      const moved = countEvidenceItems(sealed.narrativeEvidence);
      const say: Part[] = [{ key: 'reportFlow.narrative.preview', vars: { text: markdownText(sealed.candidate ?? sealed.narrative ?? '') } }];
      if (moved > 0) say.push({ key: 'reportFlow.narrative.evidenceMoved', vars: { count: moved } });
      say.push('reportFlow.ask.narrativeOk');
      return { view: { say, buttons: [pick('ok', 'button.narrativeOk'), pick('again', 'button.narrativeAgain'), ...NAV_BUTTONS] }, freeText: true };
    }
    case 'evidence': {
      const say: Part[] = ['reportFlow.ask.evidence'];
      if (CSAM_RULE_CATEGORIES.includes(a.category ?? 'other')) say.push('safety.csamRule');
      const given = sealed.evidence.urls.length + sealed.evidence.handles.length;
      return askName(say, [pick('done', given > 0 ? 'button.evidenceDone' : 'button.skip')]);
    }
    case 'municipality':
      return askName(['reportFlow.ask.municipality'], [pick('skip', 'button.skip')]);
    case 'contactAsk':
      return ask(['reportFlow.ask.contact'], [pick('yes', 'button.contactYes'), pick('no', 'button.contactNo')]);
    case 'contactDetails':
      return askName(['reportFlow.ask.contactDetails'], [pick('skip', 'button.skip')]);
    case 'summary':
      return ask([...summaryParts(p, sealed), 'reportFlow.ask.confirm'], [pick('send', 'button.send')]);
    default:
      return ask(['reportFlow.notUnderstood']);
  }
}
