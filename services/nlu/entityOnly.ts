import { fold } from '../text/transliterate';
import { municipalitiesIn } from './municipalities';
import { tokenize } from './normalise';
import { platformsIn } from './platforms';

/** Words that may stand around a place or platform name without adding meaning. */
const FILLER = new Set([
  'u', 'iz', 'na', 'sa', 's', 'za', 'do', 'od', 'i', 'ili', 'grad', 'opstina', 'mesto', 'selo',
  'in', 'from', 'at', 'on', 'the', 'and', 'or', 'city', 'town',
]);
const PREPOSITIONS = new Set(['u', 'iz', 'na', 'sa', 's', 'za', 'do', 'od', 'in', 'from', 'at', 'on']);
const MAX_WORDS = 6;
const MAX_NAME_WORDS = 3;

/**
 * True when a short message is nothing but place names, platform names,
 * profile handles or links ("Novi Sad", "u Nišu", "Instagram i TikTok",
 * "@neki_lik"): an answer to a question, which carries no intent of its own.
 * The classifier, given a lone name, guesses wildly — "Sad" is also an
 * English word, "Novi Sad" scored as self-harm and raised a crisis card on
 * every child from Novi Sad — so such messages are not classified at all.
 * The crisis lexicon still runs on them.
 */
export function isOnlyEntities(text: string): boolean {
  const tokens = fold(text)
    .split(/[\s,;]+/)
    .map((t) => t.replace(/[.!?]+$/, ''))
    .filter(Boolean);
  if (tokens.length === 0 || tokens.length > MAX_WORDS) return false;
  // Each word's tokens once: a name of several words is their tokens in a row.
  const words = tokens.map((t) => tokenize(t));
  let named = 0;
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    if (/^@\w/.test(token) || /^(https?:\/\/|www\.)/.test(token)) {
      named++;
      i++;
      continue;
    }
    const width = nameWidthAt(tokens, words, i);
    if (width > 0) {
      named++;
      i += width;
      continue;
    }
    if (FILLER.has(token)) {
      i++;
      continue;
    }
    return false;
  }
  return named > 0;
}

/** How many words starting at `i` form a place or platform name (0 = none). */
function nameWidthAt(tokens: readonly string[], words: readonly (readonly string[])[], i: number): number {
  const before = i > 0 && PREPOSITIONS.has(tokens[i - 1]!) ? (words[i - 1] ?? []) : [];
  for (let n = Math.min(MAX_NAME_WORDS, tokens.length - i); n >= 1; n--) {
    const name = words.slice(i, i + n).flat();
    if (platformsIn(name).length > 0) return n;
    if (municipalitiesIn([...before, ...name]).length > 0) return n;
  }
  return 0;
}
