import type { Activity } from 'botbuilder';
import { resourceKeysOf } from '../../../dialogs/shared/reply';
import type { Locale } from '../../../services/i18n/locales';
import type { Category, ReporterRole } from '../../../core/domain/routing';
import { latinToCyrillic } from '../../../services/text/transliterate';
import { topicQuestion } from './samples';

/** One turn of a scripted report: what the user sends and a key the bot's reply must hold. */
export interface ScriptTurn {
  send: string;
  expect: string;
  /** A name for failure messages: the step the turn answers. */
  step: string;
}

/** A report to walk through. */
export interface ReportScenario {
  locale: Locale;
  role: ReporterRole;
  category: Category;
  /** Answer by typing wherever the dialog understands typing; buttons otherwise. */
  byText: boolean;
}

/** The questions each category adds (what the script answers "yes" to). */
export const CATEGORY_QUESTION_KEYS: Readonly<Record<Category, readonly string[]>> = {
  grooming: ['meetingPlanned'],
  sextortion: ['deadlineRunning', 'paidOrSent'],
  nudes: ['shared', 'identifiable'],
  cyberbullying: ['threatsOfViolence', 'fromSchool'],
  privacy: ['identityTheft', 'personalDataMisuse'],
  csam: [],
  other: [],
};

/** The "when?" a "yes" leads to; the script answers "tomorrow" (services/deadlines/dueTime.ts: due at the end of tomorrow). */
export const SCRIPT_WHEN: Readonly<Record<string, string>> = { deadlineRunning: 'deadlineWhen', meetingPlanned: 'meetingWhen' };

/** Whom each role reports about in the script, and the age band it gives. */
export const SCRIPT_VICTIM: Readonly<Record<ReporterRole, { victim: string; band: string; pick: string }>> = {
  pupil: { victim: 'self', band: 'under14', pick: 'under14' },
  teacher: { victim: 'pupil', band: '14-17', pick: '14-17' },
  parent: { victim: 'child', band: 'under14', pick: 'under14' },
  other: { victim: 'friend', band: 'unknown', pick: 'unknown' },
};

const SERBIAN = {
  age: { pupil: 'imam 12 godina', teacher: 'ima 15 godina', parent: 'ima 11 godina', other: 'ne znam' },
  platform: 'na instagramu',
  narrative: 'Marko Petrović mi piše svaki dan na https://instagram.com/lazni.profil77 i traži slike. Broj mu je 064 123 4567.',
  municipality: 'Novi Sad',
};
const ENGLISH = {
  age: { pupil: "I'm 12", teacher: 'she is 15 years old', parent: 'he is 11 years old', other: "I'm not sure" },
  platform: 'on Instagram',
  narrative: 'John Smith writes to me every day at https://instagram.com/lazni.profil77 and asks for pictures. His number is 064 123 4567.',
  municipality: 'Novi Sad',
};

/** Text in the scenario's locale (Serbian authored in Latin; Cyrillic derived). */
function inLocale(locale: Locale, serbian: string, english: string): string {
  if (locale === 'en') return english;
  return locale === 'sr-Cyrl' ? latinToCyrillic(serbian) : serbian;
}

/** The narrative each scenario writes: a name, a link and a phone number the report must not keep in clear. */
export function scriptNarrative(locale: Locale): string {
  return inLocale(locale, SERBIAN.narrative, ENGLISH.narrative);
}

/** Identifiers in {@link scriptNarrative} that must never be stored in clear. */
export const NARRATIVE_IDENTIFIERS = ['Marko', 'Марко', 'Petrović', 'Петровић', 'John Smith', '064 123 4567'];

/** The link in the narrative: it must reach the encrypted evidence. */
export const NARRATIVE_LINK = 'https://instagram.com/lazni.profil77';

/** Evidence given at the evidence question. */
export const EVIDENCE_TEXT = 'https://tiktok.com/@drugi_nalog77 @jos_jedan_nalog';

/** Contact details an adult leaves. */
export const CONTACT_TEXT = 'nastavnica.test@example.org';

/** True when the script's reporter is asked about contact (an adult not reporting about themselves as a child). */
export function asksForContact(role: ReporterRole): boolean {
  return role === 'teacher' || role === 'parent' || role === 'other';
}

/**
 * The turns of a whole report for a scenario, from the role to the case
 * code: every question answered, every category question with "yes",
 * evidence, municipality (Novi Sad), contact for adults, then "send".
 */
export function reportScript(s: ReportScenario): ScriptTurn[] {
  const t: ScriptTurn[] = [];
  const turn = (step: string, send: string, expect: string): void => {
    t.push({ step, send, expect });
  };
  const topicText = s.category !== 'other' && s.byText;
  turn('start', s.byText ? inLocale(s.locale, 'hoću da prijavim nešto', 'I want to report something') : 'go:report', 'reportFlow.ask.danger');
  turn('danger', s.byText ? inLocale(s.locale, 'ne', 'no') : 'pick:no', 'reportFlow.ask.category');
  turn('category', topicText ? topicQuestion(s.locale, s.category as Exclude<Category, 'other'>) : `pick:${s.category}`, 'reportFlow.ask.victim');
  const v = SCRIPT_VICTIM[s.role];
  turn('victim', `pick:${v.victim}`, v.victim === 'self' ? 'reportFlow.ask.ageSelf' : 'reportFlow.ask.age');
  const ageText = s.locale === 'en' ? ENGLISH.age[s.role] : inLocale(s.locale, SERBIAN.age[s.role], '');
  turn('age', s.byText ? ageText : `pick:${v.pick}`, 'reportFlow.ask.platform');
  turn('platform', s.byText ? inLocale(s.locale, SERBIAN.platform, ENGLISH.platform) : 'pick:instagram', 'reportFlow.ask.ongoing');
  const questions = CATEGORY_QUESTION_KEYS[s.category];
  turn('ongoing', 'pick:yes', questions[0] ? `reportFlow.ask.q.${questions[0]}` : 'reportFlow.ask.narrative');
  questions.forEach((q, i) => {
    const next = questions[i + 1] ? `reportFlow.ask.q.${questions[i + 1]}` : 'reportFlow.ask.narrative';
    const when = SCRIPT_WHEN[q];
    turn(`q:${q}`, s.byText ? inLocale(s.locale, 'da', 'yes') : 'pick:yes', when ? `reportFlow.ask.when.${when}` : next);
    // A running deadline or a planned meeting: "when?" — tomorrow.
    if (when) turn(`when:${when}`, s.byText ? inLocale(s.locale, 'do sutra', 'by tomorrow') : 'pick:tomorrow', next);
  });
  turn('narrative', scriptNarrative(s.locale), 'reportFlow.narrative.preview');
  turn('narrativeCheck', 'pick:ok', 'reportFlow.ask.evidence');
  turn('evidence', EVIDENCE_TEXT, 'reportFlow.evidence.added');
  turn('evidenceDone', 'pick:done', v.victim === 'self' ? 'reportFlow.ask.municipalitySelf' : 'reportFlow.ask.municipality');
  const contact = asksForContact(s.role);
  turn('municipality', SERBIAN.municipality, contact ? 'reportFlow.ask.contact' : 'reportFlow.summary.title');
  if (contact) {
    turn('contactAsk', 'pick:yes', 'reportFlow.ask.contactDetails');
    turn('contactDetails', CONTACT_TEXT, 'reportFlow.summary.title');
  }
  turn('summary', s.byText ? inLocale(s.locale, 'da', 'yes') : 'pick:send', 'reportFlow.done.thanks');
  return t;
}

/**
 * A typed "yes, I wrote them down" to the question after the case code, as
 * people write it in each locale. (Some other ways — "Da, zapisao sam ih.",
 * "I did", "not yet" — raise a false crisis alarm with the embedded
 * recognizer today; the answer reading itself is tested on them too.)
 */
export const KEPT_TYPED: Readonly<Record<Locale, readonly string[]>> = {
  'sr-Latn': ['jesam', 'da', 'zapisala sam', 'zapisao sam'],
  'sr-Cyrl': ['јесам', 'да', 'записала сам'],
  en: ['yes', 'done', 'yes I did'],
};

/** A typed "not yet / show them again", in each locale. */
export const AGAIN_TYPED: Readonly<Record<Locale, readonly string[]>> = {
  'sr-Latn': ['nisam', 'ne', 'još nisam', 'pokaži ponovo'],
  'sr-Cyrl': ['нисам', 'не', 'покажи поново'],
  en: ['no', 'show me again', 'show them again'],
};

const CODE = /\*\*([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z])\*\*/;
const WORDS = /\*\*([\p{Ll} ]{10,})\*\*/u;

/** The case code and passphrase shown after a report (from the reply texts). */
export function caseOf(replies: Partial<Activity>[]): { code: string; passphrase: string } {
  const shown = replies.find((r) => resourceKeysOf(r).includes('reportFlow.done.code'));
  const text = shown?.text ?? '';
  const code = CODE.exec(text)?.[1];
  const passphrase = WORDS.exec(text)?.[1];
  if (!code || !passphrase) throw new Error('no case code or passphrase in the replies');
  return { code, passphrase };
}
