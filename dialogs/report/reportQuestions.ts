import { countEvidenceItems } from '../../services/anonymise/evidenceCount';
import { CATEGORIES } from '../../core/domain/routing';
import { MAX_SUGGESTED_ACTIONS } from '../shared/menus';
import type { Button, MessageView, Part } from '../shared/reply';
import type { QuestionAnswers, TypedAnswer } from '../understanding/answers';
import { Token } from '../understanding/tokens';
import { markdownText } from './markdownText';
import { AGE_PICKS, type ReportProgress, type SealedDraft, type StepId } from './reportProgress';
import { VICTIM_CHOICES, VICTIM_TYPED } from './reportSteps';
import { summaryParts } from './reportSummary';

const BACK: Button = { token: Token.command('back'), title: 'button.back' };
const CANCEL: Button = { token: Token.command('cancel'), title: 'button.cancelReport' };

/** One step back, or stop the report: under every question. */
export const NAV_BUTTONS: readonly Button[] = [BACK, CANCEL];

/** The `pick:` value of "more answers…" under a question whose answers need two pages. */
export const MORE_PICK = 'more';
const MORE: Button = { token: Token.pick(MORE_PICK), title: 'button.moreAnswers' };

/** Platforms the report understands as a `pick:` (older messages may still offer any of them); any other is understood when written (services/nlu/platforms.ts). */
export const PLATFORM_BUTTONS = ['instagram', 'tiktok', 'snapchat', 'whatsapp', 'viber', 'discord', 'facebook', 'youtube', 'roblox', 'telegram'] as const;

/** The platforms shown as buttons, most used by children first; the question says the others may be written. */
const PLATFORMS_SHOWN: readonly (typeof PLATFORM_BUTTONS)[number][] = ['instagram', 'tiktok', 'snapchat', 'whatsapp', 'viber', 'discord', 'roblox'];

/**
 * The answer buttons of one page and what goes under them. When the answers
 * and "back"/"cancel" fit within {@link MAX_SUGGESTED_ACTIONS}, one page;
 * otherwise each page ends with "more answers…" (but the last), "back" (but
 * the first: there, "back" is typed) and "cancel", and holds as many answers
 * as leave room for those. `page` is 1-based.
 */
export function pagedButtons(answers: readonly Button[], page: number): { buttons: Button[]; pages: number } {
  if (answers.length + NAV_BUTTONS.length <= MAX_SUGGESTED_ACTIONS) return { buttons: [...answers, ...NAV_BUTTONS], pages: 1 };
  const pages: Button[][] = [];
  for (let from = 0; from < answers.length; ) {
    const first = pages.length === 0;
    // A page's tail: "more" unless the rest fits, "back" unless first, "cancel" always.
    const tail = (first ? 0 : 1) + 1;
    const room = MAX_SUGGESTED_ACTIONS - tail;
    const isLast = answers.length - from <= room;
    const take = isLast ? answers.length - from : room - 1;
    pages.push([...answers.slice(from, from + take), ...(isLast ? [] : [MORE]), ...(first ? [] : [BACK]), CANCEL]);
    from += take;
  }
  const at = Math.min(Math.max(page, 1), pages.length);
  return { buttons: pages[at - 1] ?? [], pages: pages.length };
}

/**
 * Categories whose reporter must hear the never-download rule. It is said
 * where links are asked for, the first time only (a link added asks again,
 * without it) and once in a conversation (shared/imageRule.ts) — a
 * sextortion victim does not need it three times.
 */
const CSAM_RULE_CATEGORIES = ['csam', 'nudes', 'sextortion'];

/** The longest narrative the chat takes (the store takes more; a chat message this long is already hard to read back). */
export const NARRATIVE_CAP = 2000;

function pick(value: string, title: string): Button {
  return { token: Token.pick(value), title };
}

const TRI: readonly Button[] = [pick('yes', 'button.yes'), pick('no', 'button.no'), pick('unknown', 'button.dontKnow')];

/** "When?": today, tomorrow, in a few days, don't know (services/deadlines/dueTime.ts maps them to a due time). */
const WHEN: readonly Button[] = [pick('today', 'button.when.today'), pick('tomorrow', 'button.when.tomorrow'), pick('few-days', 'button.when.fewDays'), pick('unknown', 'button.dontKnow')];

/** A typed answer without a button: its synonyms are listed under `synonyms` in content/nlu/answers.yaml. */
function typed(value: string, synonyms: string): TypedAnswer {
  return { token: Token.pick(value), synonyms };
}

/**
 * What each question takes as a typed answer beyond its buttons' titles and
 * their synonyms (see understanding/answers.ts). Evidence has one button
 * whose title changes ("Preskoči", then "Dalje"): both, and "nemam", mean
 * "nothing (more) to add".
 */
const TYPED: Partial<Record<StepId, QuestionAnswers>> = {
  // "I don't know" is treated as yes (see reportAnswers.ts).
  danger: { typed: [typed('unknown', 'button.dontKnow')] },
  age: { forms: ['age'] },
  platform: { forms: ['platform'] },
  evidence: { typed: [typed('done', 'evidence.done')] },
  municipality: { typed: [typed('skip', 'municipality.skip')] },
  contactDetails: { typed: [typed('skip', 'contact.skip')] },
  summary: { typed: [typed('no', 'button.no')] },
};

/** A question of the report: what to show, and whether the answer is the user's own words. */
export interface Question {
  view: MessageView;
  /** How many pages its answer buttons take (see {@link pagedButtons}); 1 when absent. */
  pages?: number;
  freeText?: boolean;
  /** The answer is a name (a place, a platform, a profile): it says nothing about the user's language. */
  keepLocale?: boolean;
}

/** The question of step `at`. */
export function questionOf(at: StepId, p: ReportProgress, sealed: SealedDraft): Question {
  const q = viewOf(at, p, sealed);
  const extra = at === 'victim' ? { typed: VICTIM_TYPED[p.role].map((v) => typed(v, `button.victim.${v}`)) } : TYPED[at];
  if (!extra) return q;
  const offPage = q.view.answers?.typed ?? [];
  return { ...q, view: { ...q.view, answers: { ...extra, typed: [...offPage, ...(extra.typed ?? [])] } } };
}

function viewOf(at: StepId, p: ReportProgress, sealed: SealedDraft): Question {
  const a = p.answers;
  const ask = (say: Part[], answers: readonly Button[] = []): Question => {
    const { buttons, pages } = pagedButtons(answers, p.page ?? 1);
    if (pages === 1) return { view: { say, buttons } };
    // The answers on the other pages are still answers when typed ("nešto drugo" on page one).
    const shown = new Set(buttons.map((b) => ('token' in b ? b.token : '')));
    const offPage = answers.flatMap((b): TypedAnswer[] => ('token' in b && !shown.has(b.token) ? [{ token: b.token, synonyms: b.title }] : []));
    return { view: { say, buttons, answers: { typed: offPage } }, pages };
  };
  // A link, a place or an e-mail address: taken as written (see AskOptions.freeText), in any language.
  const askName = (say: Part[], buttons: readonly Button[]): Question => ({ ...ask(say, buttons), freeText: true, keepLocale: true });
  if (at.startsWith('q:')) return ask([`reportFlow.ask.q.${at.slice(2)}`], TRI);
  // A day may also be written ("do petka", "u subotu"): the `day` form.
  if (at.startsWith('when:')) {
    const q = ask([`reportFlow.ask.when.${at.slice(5)}`], WHEN);
    // A day in two words says little about the language ("do cetvrtka" reads as English to the guesser): the report's language stays.
    return { ...q, keepLocale: true, view: { ...q.view, answers: { typed: [...(q.view.answers?.typed ?? []), typed('unknown', 'when.unknown')], forms: ['day'] } } };
  }
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
      const platform = ask(['reportFlow.ask.platform'], [...PLATFORMS_SHOWN.map((id) => pick(id, `button.platform.${id}`)), pick('none', 'button.platformOther')]);
      return { ...platform, keepLocale: true };
    }
    case 'ongoing':
      return ask(['reportFlow.ask.ongoing'], [pick('yes', 'button.ongoingYes'), pick('no', 'button.ongoingNo'), pick('unknown', 'button.dontKnow')]);
    case 'narrative':
      return { view: { say: ['reportFlow.ask.narrative'], buttons: [...NAV_BUTTONS] }, freeText: true };
    case 'narrativeCheck': {
      const moved = countEvidenceItems(sealed.narrativeEvidence);
      const say: Part[] = [{ key: 'reportFlow.narrative.preview', vars: { text: markdownText(sealed.candidate ?? sealed.narrative ?? '') } }];
      if (moved > 0) say.push({ key: 'reportFlow.narrative.evidenceMoved', vars: { count: moved } });
      say.push('reportFlow.ask.narrativeOk');
      return { view: { say, buttons: [pick('ok', 'button.narrativeOk'), pick('again', 'button.narrativeAgain'), ...NAV_BUTTONS] }, freeText: true };
    }
    case 'evidence': {
      const given = sealed.evidence.urls.length + sealed.evidence.handles.length;
      const say: Part[] = ['reportFlow.ask.evidence'];
      if (given === 0) say.push(CSAM_RULE_CATEGORIES.includes(a.category ?? 'other') ? 'safety.csamRule' : 'reportFlow.evidence.noImages');
      return askName(say, [pick('done', given > 0 ? 'button.evidenceDone' : 'button.skip')]);
    }
    case 'municipality':
      // To a child it is happening to, in words for her: what the centre for social work is, and that it gets no name.
      return askName([a.victim === 'self' ? 'reportFlow.ask.municipalitySelf' : 'reportFlow.ask.municipality'], [pick('skip', 'button.skip')]);
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
