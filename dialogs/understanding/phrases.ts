import { fold } from '../../services/text/transliterate';
import type { ReporterRole } from '../../core/domain/routing';
import type { Command, LanguageTarget } from './understanding';

/**
 * Fixed phrases that mean the same in every dialog. They are matched against
 * the whole message in its folded form (Cyrillic → Latin, lower case, no
 * diacritics), so "Мени", "meni" and "MENI!" are the same, and a word inside a
 * longer message ("he won't stop writing to me") never triggers a command.
 * Culture data, kept as tables.
 */
const COMMAND_PHRASES: Readonly<Record<Command, readonly string[]>> = {
  help: ['help', 'opcije', 'options', 'sta mozes', 'sta sve mozes', 'sta umes', 'what can you do', 'uputstvo'],
  menu: ['menu', 'meni', 'glavni meni', 'main menu', 'home', 'pocetna'],
  // One step back inside a report; everywhere else it means the menu, as it always did.
  back: ['nazad', 'back', 'go back', 'vrati se', 'vrati', 'prethodno', 'previous', 'korak nazad', 'idi nazad'],
  cancel: ['cancel', 'otkazi', 'prekini', 'odustani', 'odustajem', 'stop', 'zaustavi', 'quit'],
  restart: ['restart', 'reset', 'start over', 'ispocetka', 'iz pocetka', 'od pocetka', 'pocni ispocetka', 'pocni ponovo', 'kreni ispocetka', 'kreni iz pocetka'],
  resume: ['resume', 'continue', 'nastavi', 'nastavimo', 'dalje', 'idemo dalje'],
  changeRole: ['promeni ulogu', 'promijeni ulogu', 'promena uloge', 'druga uloga', 'change role', 'change my role', 'switch role'],
  yes: ['yes', 'y', 'yeah', 'yep', 'sure', 'ok', 'okay', 'okej', 'oke', 'da', 'moze', 'hocu', 'zelim', 'naravno', 'u redu', 'aha', 'jeste', 'da hocu', 'da zelim', 'da molim', 'yes please'],
  no: ['no', 'n', 'nope', 'nah', 'no thanks', 'not now', 'ne', 'necu', 'ne zelim', 'ne hvala', 'ne sad', 'ne sada', 'nema potrebe', 'ne treba'],
};

/** Whole messages that ask to change language without saying which one. */
const LANGUAGE_REQUESTS = ['jezik', 'pismo', 'jezik i pismo', 'promeni jezik', 'promijeni jezik', 'promeni pismo', 'drugi jezik', 'language', 'change language', 'other language'];

/** Words that name a role, in the nominative (how people say "I am a …"). */
const ROLE_WORDS: Readonly<Record<Exclude<ReporterRole, 'other'>, readonly string[]>> = {
  pupil: ['ucenik', 'ucenica', 'djak', 'dete', 'skolarac', 'skolarka', 'srednjoskolac', 'srednjoskolka', 'osnovac', 'osnovka', 'pupil', 'student', 'kid', 'child', 'teen', 'teenager'],
  teacher: ['nastavnik', 'nastavnica', 'ucitelj', 'uciteljica', 'profesor', 'profesorka', 'pedagog', 'pedagoginja', 'psiholog', 'psihologinja', 'razredni', 'razredna', 'direktor', 'direktorka', 'vaspitac', 'vaspitacica', 'teacher', 'educator', 'principal', 'headteacher'],
  parent: ['roditelj', 'mama', 'majka', 'tata', 'otac', 'staratelj', 'starateljka', 'hranitelj', 'hraniteljka', 'parent', 'mother', 'father', 'mom', 'mum', 'dad', 'guardian'],
};

/** Whole messages that choose "someone else" (only meaningful as an answer). */
const OTHER_ROLE_PHRASES = ['neko drugi', 'nesto drugo', 'drugo', 'ostalo', 'other', 'someone else', 'none of these'];

/** Openings of "I am a …" statements. */
const SELF_STATEMENTS: readonly (readonly string[])[] = [['ja', 'sam'], ['i', 'am'], ['i', 'm'], ['im'], ['sam'], ['pisem', 'kao'], ['as', 'a'], ['kao']];
const ARTICLES = new Set(['a', 'an', 'the']);

/**
 * Word beginnings that name a language or script; the first that matches
 * wins. Specific enough that a name (Kiril, Latinka) or a place (England) is
 * not taken for a request.
 */
const LANGUAGE_STEMS: ReadonlyArray<readonly [RegExp, LanguageTarget]> = [
  [/^(ciril|cyrill)/, 'sr-Cyrl'],
  [/^(latinic|latin$)/, 'sr-Latn'],
  [/^(englesk|english$)/, 'en'],
  [/^(srpsk|serbian$)/, 'sr'],
];

/** Text of printable ASCII characters only. */
const ASCII = /^[\x20-\x7e]*$/;

/** The folded words of a message, punctuation removed. */
export function words(text: string): string[] {
  const folded = fold(text);
  // Folded plain ASCII is lower case, so its letters and digits are a-z and 0-9: a cheaper pattern says the same.
  return folded
    .replace(ASCII.test(folded) ? /[^a-z0-9]+/g : /[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

/** The command a whole message states, if any. */
export function commandIn(ws: readonly string[]): Command | undefined {
  const phrase = ws.join(' ');
  for (const [command, phrases] of Object.entries(COMMAND_PHRASES) as Array<[Command, readonly string[]]>) {
    if (phrases.includes(phrase)) return command;
  }
  return undefined;
}

/**
 * The role a short self-description states: "ja sam nastavnica", "I'm a
 * parent", "učenik". Only short messages count, so "ja sam roditelj i moje
 * dete…" goes to the recognizer as the question it is.
 */
export function roleIn(ws: readonly string[]): ReporterRole | undefined {
  if (ws.length === 0 || ws.length > 6) return undefined;
  if (OTHER_ROLE_PHRASES.includes(ws.join(' '))) return 'other';
  if (ws.length === 1) return roleWord(ws[0] ?? '');
  for (const opening of SELF_STATEMENTS) {
    if (opening.every((w, i) => ws[i] === w)) {
      let next = opening.length;
      if (ARTICLES.has(ws[next] ?? '')) next++;
      return roleWord(ws[next] ?? '');
    }
  }
  return undefined;
}

function roleWord(w: string): ReporterRole | undefined {
  for (const [role, list] of Object.entries(ROLE_WORDS) as Array<[ReporterRole, readonly string[]]>) {
    if (list.includes(w)) return role;
  }
  return undefined;
}

/** True when the whole message asks to change language ("jezik", "language"). */
export function asksForLanguage(ws: readonly string[]): boolean {
  return LANGUAGE_REQUESTS.includes(ws.join(' '));
}

/** The language or script a message names ("na ćirilici", "in English"). */
export function languageIn(ws: readonly string[]): LanguageTarget | undefined {
  for (const [stem, target] of LANGUAGE_STEMS) {
    if (ws.some((w) => stem.test(w))) return target;
  }
  return undefined;
}
