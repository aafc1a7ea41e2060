import { hasKey, t } from '../../services/i18n/catalog';
import { LOCALES } from '../../services/i18n/locales';
import { synonymKeys, synonymsOf } from '../../services/nlu/answerSynonyms';
import { extractAge } from '../../services/nlu/age';
import { entityData } from '../../services/nlu/entityData';
import { loadEntityTables } from '../../services/nlu/entities';
import { normalise } from '../../services/nlu/normalise';
import { extractPlatforms } from '../../services/nlu/platforms';
import { isDayWord, loadDayWords, namesDay } from '../../services/deadlines/dayWords';
import type { MessageView } from '../shared/reply';
import { words } from './phrases';
import { parseToken } from './tokens';
import type { Understanding } from './understanding';

/**
 * An answer a question takes without a button for it: typing any answer
 * listed under `synonyms` in content/nlu/answers.yaml (and that key's title,
 * if it is a resource key) sends `token`.
 */
export interface TypedAnswer {
  token: string;
  synonyms: string;
}

/** Answers known by their form rather than from a list: an age ("12", "imam 12"), an app's name ("na tiktoku"), a day ("do petka"). */
export type AnswerForm = 'age' | 'platform' | 'day';

/** What a question takes as typed answers beyond its buttons' titles. */
export interface QuestionAnswers {
  typed?: readonly TypedAnswer[];
  forms?: readonly AnswerForm[];
}

/**
 * A message that answers the waiting question. `whole`: the message is
 * nothing but the answer — one of the question's listed phrases, or an age
 * or app's name with only the words that go around one ("imam 12 godina",
 * "on TikTok") — so it carries no crisis. Otherwise the answer was found in
 * a message that says more, and that message gets the full crisis check.
 */
export interface AnswerMatch {
  understanding: Understanding;
  whole: boolean;
}

/** A bare number such as "12" (the age question asks for one). */
function bareNumber(text: string): number | undefined {
  const m = /^\s*(\d{1,2})\s*\.?\s*$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

let numberWords: ReadonlyMap<string, number> | undefined;
/** The number a single word is: "12", "dvanaest", "дванаест", "twelve". */
function numberWord(w: string): number | undefined {
  if (/^\d{1,2}$/.test(w)) return Number(w);
  numberWords ??= new Map(Object.entries(entityData().numberWords).map(([word, n]) => [words(word).join(' '), n]));
  return numberWords.get(w);
}

/** The age a short answer states: "12", "dvanaest", "imam 12", "12 godina", "I'm 12". */
export function ageIn(text: string): number | undefined {
  const ws = words(text);
  return extractAge(text) ?? bareNumber(text) ?? (ws.length === 1 ? numberWord(ws[0] ?? '') : undefined);
}

function isNumberWord(w: string): boolean {
  return numberWord(w) !== undefined;
}

/** The words that may stand around a form's value in a whole answer (content/nlu/answers.yaml `form.<form>`). */
const fillers = new Map<AnswerForm, ReadonlySet<string>>();
function fillerOf(form: AnswerForm): ReadonlySet<string> {
  let set = fillers.get(form);
  if (!set) {
    set = new Set(synonymsOf(`form.${form}`).phrases.flatMap((p) => words(p)));
    fillers.set(form, set);
  }
  return set;
}

/** How each form is found in a message, and which words are its value. */
const FORMS: Readonly<Record<AnswerForm, { found: (text: string) => boolean; value: (word: string) => boolean }>> = {
  age: { found: (text) => ageIn(text) !== undefined, value: isNumberWord },
  platform: { found: (text) => extractPlatforms(text).length > 0, value: (w) => extractPlatforms(w).length > 0 },
  day: { found: namesDay, value: isDayWord },
};

/** True when every word of `text` is the form's value or a word that goes around it. */
function wholeForm(form: AnswerForm, text: string): boolean {
  const filler = fillerOf(form);
  return words(text).every((w) => FORMS[form].value(w) || filler.has(w));
}

/** The comparison form of a phrase: folded words, single spaces. */
function phraseKey(text: string): string {
  return words(text).join(' ');
}

/** A question's answers by folded phrase, and the phrases that would mean two different answers. */
interface Vocabulary {
  byPhrase: ReadonlyMap<string, string>;
  conflicts: ReadonlyArray<{ phrase: string; tokens: readonly [string, string] }>;
}

function buildVocabulary(question: MessageView): Vocabulary {
  const byPhrase = new Map<string, string>();
  const conflicts: Array<{ phrase: string; tokens: readonly [string, string] }> = [];
  const add = (token: string, key: string, vars?: Readonly<Record<string, string | number>>): void => {
    const { phrases, keys } = synonymsOf(key);
    const titles = keys.flatMap((k) => LOCALES.filter((l) => hasKey(l, k)).map((l) => t(l, k, k === key ? vars : undefined)));
    for (const phrase of [...titles, ...phrases].map(phraseKey)) {
      if (!phrase) continue;
      const known = byPhrase.get(phrase);
      if (known === undefined) byPhrase.set(phrase, token);
      else if (known !== token) conflicts.push({ phrase, tokens: [known, token] });
    }
  };
  for (const b of question.buttons ?? []) if ('token' in b) add(b.token, b.title, b.vars);
  for (const a of question.answers?.typed ?? []) add(a.token, a.synonyms);
  return { byPhrase, conflicts };
}

/** Questions are few and fixed (their buttons are data), so their vocabularies are kept once built. */
const cache = new Map<string, Vocabulary>();
const MAX_CACHED = 1000;

function vocabularyOf(question: MessageView): Vocabulary {
  const id = JSON.stringify([question.buttons?.filter((b) => 'token' in b), question.answers?.typed]);
  let v = cache.get(id);
  if (!v) {
    if (cache.size >= MAX_CACHED) cache.clear();
    v = buildVocabulary(question);
    cache.set(id, v);
  }
  return v;
}

/** "da, do petka": a first part ended by punctuation, and more words after it. */
const HEAD = /^([^,;:.!?–—]+)[,;:.!?–—]+\s*(?=.*\p{L})/su;

/**
 * The waiting question's answer in `text`, if the message is one: the whole
 * message (any script, with or without diacritics, any punctuation) is one
 * of its buttons' titles in any locale or one of their synonyms
 * (content/nlu/answers.yaml), or it has a form the question expects. With
 * `partial` (a question whose answer is not the user's own words), a
 * message that begins with an answer and says more after a comma ("da, do
 * petka", "meni, preko instagrama") is that answer too, but not whole. The
 * bot asks this before fixed global phrases and the recognizer, so "meni"
 * to "Kome se ovo dešava?" is "to me", not the menu.
 */
export function answerTo(text: string, question: MessageView | undefined, how: { partial?: boolean } = {}): AnswerMatch | undefined {
  if (!question) return undefined;
  const phrase = phraseKey(text);
  if (!phrase) return undefined;
  const vocabulary = vocabularyOf(question).byPhrase;
  const listed = (p: string): Understanding | undefined => {
    const token = vocabulary.get(p);
    return token === undefined ? undefined : parseToken(token);
  };
  const understanding = listed(phrase);
  if (understanding) return { understanding, whole: true };
  const form = (question.answers?.forms ?? []).find((f) => FORMS[f].found(text));
  if (form) return { understanding: { kind: 'words' }, whole: wholeForm(form, text) };
  const head = how.partial ? HEAD.exec(text.trim()) : null;
  const first = head ? listed(phraseKey(head[1] ?? '')) : undefined;
  return first ? { understanding: first, whole: false } : undefined;
}

/**
 * Reads the content that understanding a message needs (texts, answer
 * synonyms, entity tables, day words, shorthand) once, at start-up, so the
 * first messages do not parse YAML files in the middle of a turn.
 */
export function loadUnderstandingContent(): void {
  for (const locale of LOCALES) hasKey(locale, '');
  synonymKeys();
  loadEntityTables();
  loadDayWords();
  normalise('');
}

/** Every listed answer of a question, folded, with the token it sends (for tests and reviews). */
export function answerPhrases(question: MessageView): ReadonlyMap<string, string> {
  return vocabularyOf(question).byPhrase;
}

/** Phrases that would mean two different answers to `question` (a content error; the first listed wins). */
export function answerConflicts(question: MessageView): ReadonlyArray<{ phrase: string; tokens: readonly [string, string] }> {
  return vocabularyOf(question).conflicts;
}
