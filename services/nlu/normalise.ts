import Joi from 'joi';
import type { Locale } from '../i18n/locales';
import { fold, isMostlyCyrillic } from '../text/transliterate';
import { readContentYaml } from './contentFile';

interface NormaliseData {
  slang: Record<string, string>;
  localeWords: { en: string[]; sr: string[] };
}

const schema = Joi.object<NormaliseData>({
  slang: Joi.object().pattern(Joi.string(), Joi.string().allow('')).required(),
  localeWords: Joi.object({
    en: Joi.array().items(Joi.string()).required(),
    sr: Joi.array().items(Joi.string()).required(),
  }).required(),
});

interface Tables {
  slang: Map<string, string[]>;
  en: Set<string>;
  sr: Set<string>;
}

let tables: Tables | undefined;

function load(): Tables {
  if (tables) return tables;
  const data = readContentYaml('nlu/normalise.yaml', schema);
  const slang = new Map<string, string[]>();
  for (const [from, to] of Object.entries(data.slang)) {
    slang.set(fold(from), tokenize(to));
  }
  tables = {
    slang,
    en: new Set(data.localeWords.en.map((w) => fold(w))),
    sr: new Set(data.localeWords.sr.map((w) => fold(w))),
  };
  return tables;
}

/**
 * Splits text into folded word tokens: Cyrillic → Latin, lower case,
 * diacritics folded, apostrophes dropped ("don't" → "dont"), any other
 * non-alphanumeric character a separator, and letters repeated three or more
 * times squeezed to one ("pomoooć" → "pomoc").
 */
export function tokenize(text: string): string[] {
  return fold(text)
    .replace(/['’`´]/g, '')
    .replace(/([a-z])\1{2,}/g, '$1')
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

/**
 * Tokens after chat shorthand is expanded ("nzm" → "ne znam"). This is the
 * form both the classifier's training data and user input go through.
 */
export function normalisedTokens(text: string): string[] {
  return expandShorthand(tokenize(text));
}

/** {@link tokenize}d tokens with chat shorthand expanded: {@link normalisedTokens} for a caller that has the tokens already. */
export function expandShorthand(tokens: readonly string[]): string[] {
  const { slang } = load();
  const out: string[] = [];
  for (const token of tokens) {
    const replacement = slang.get(token);
    if (replacement) out.push(...replacement);
    else out.push(token);
  }
  return out;
}

/** The normalised form of a text as one string (tokens joined by spaces). */
export function normalise(text: string): string {
  return normalisedTokens(text).join(' ');
}

/**
 * A normalised utterance followed by each pair of adjacent words joined by
 * an underscore ("can i report" → "can i report can_i i_report"), so a
 * bag-of-words classifier also sees some word order.
 */
export function withWordPairs(utterance: string): string {
  const words = utterance.split(' ').filter((w) => w.length > 0);
  const pairs = words.slice(1).map((word, i) => `${words[i] as string}_${word}`);
  return [...words, ...pairs].join(' ');
}

/** Extra words telling the languages apart (e.g. the training corpus's vocabulary). */
export interface LocaleVocabulary {
  en: ReadonlySet<string>;
  sr: ReadonlySet<string>;
}

/**
 * How English a Latin-script text looks: positive for English, negative for
 * Serbian, 0 when undecided. Counts words that belong to only one of the
 * languages (content/nlu/normalise.yaml, plus `extra`); Serbian diacritics
 * count for Serbian. Shorthand is expanded first, so "thx" or "hiya" count
 * as the English words they stand for.
 */
export function englishScore(text: string, extra?: LocaleVocabulary, tokens: readonly string[] = normalisedTokens(text)): number {
  const { en, sr } = load();
  let score = 0;
  for (const token of tokens) {
    if (en.has(token) || extra?.en.has(token)) score += 1;
    if (sr.has(token) || extra?.sr.has(token)) score -= 1;
  }
  return score - Math.min(2, (text.match(/[čćšžđČĆŠŽĐ]/g) ?? []).length);
}

/**
 * The locale a text is written in. Cyrillic letters mean sr-Cyrl; otherwise
 * {@link englishScore} decides, and when it is even (a one-word "ok", a
 * number, an emoji) the conversation's locale `hint` wins, so a short reply
 * does not flip the conversation's language. `tokens`: the text's
 * {@link normalisedTokens}, when the caller has them already.
 */
export function detectLocale(text: string, hint: Locale = 'sr-Latn', extra?: LocaleVocabulary, tokens?: readonly string[]): Locale {
  if (isMostlyCyrillic(text)) return 'sr-Cyrl';
  const score = englishScore(text, extra, tokens);
  if (score > 0) return 'en';
  if (score < 0) return 'sr-Latn';
  return hint;
}
