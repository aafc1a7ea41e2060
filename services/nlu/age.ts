import { entityData } from './entityData';
import { tokenize } from './normalise';

/** Words that turn a following number into an age ("imam 13", "I'm 13", "sin ima 12"). */
const HAS_AGE = new Set(['imam', 'ima', 'imao', 'imala', 'imas', 'im', 'aged', 'age', 'uzrast', 'uzrasta', 'stara', 'star', 'staro']);
/** Words that may follow a bare "imam 13" and still leave it an age. */
const AFTER_BARE_AGE = new Set(['i', 'a', 'ali', 'and', 'but', 'so', 'pa', 'sam', 'je', 'godina', 'godine', 'godinu', 'god', 'g', 'yo', 'years', 'year', 'leta', 'iz', 'from', 'u', 'in']);
/** A number followed by one of these is an age ("13 godina", "13 yo"). */
const AGE_UNIT = /^(god|godin\w*|godisnj\w*|ogodisnj\w*|g|yo|yrs?|leta)$/;
/** "13 godina" after these means a duration, not an age ("pre 2 godine"). */
const DURATION_BEFORE = new Set(['pre', 'posle', 'tokom', 'vec', 'for', 'ago', 'over', 'oko']);
const MIN_AGE = 1;
const MAX_AGE = 99;
/** A bare "imam 13" is only read as an age in a plausible range for this service. */
const BARE_RANGE: readonly [number, number] = [5, 25];

function numberOf(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  if (/^\d{1,2}$/.test(token)) return Number(token);
  return entityData().numberWords[token] ?? foldedNumberWords().get(token);
}

let folded: Map<string, number> | undefined;
function foldedNumberWords(): Map<string, number> {
  if (folded) return folded;
  folded = new Map();
  for (const [word, n] of Object.entries(entityData().numberWords)) {
    for (const t of tokenize(word)) folded.set(t, n);
  }
  return folded;
}

function inRange(n: number, [lo, hi]: readonly [number, number]): boolean {
  return n >= lo && n <= hi;
}

/**
 * The age a text states, if any: "imam 13", "13 godina", "trinaest godina",
 * "13-ogodišnja", "13 years old", "13yo", "I'm 13". Numbers without such a
 * cue ("2 poruke", "pre 2 godine") are not ages.
 */
export function extractAge(text: string): number | undefined {
  return ageInTokens(tokenize(text));
}

/** {@link extractAge} on a text's {@link tokenize}d tokens. */
export function ageInTokens(tokens: readonly string[]): number | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    // "13yo", "13g", "13god"
    const glued = /^(\d{1,2})(yo|g|god|godina|ogodisnj\w*)$/.exec(token);
    if (glued) return Number(glued[1]);
    // "trinaestogodisnja"
    const wordGlued = /^([a-z]+)ogodisnj\w*$/.exec(token);
    if (wordGlued) {
      const n = numberOf(wordGlued[1]);
      if (n !== undefined) return n;
    }
    const n = numberOf(token);
    if (n === undefined || !inRange(n, [MIN_AGE, MAX_AGE])) continue;
    const next = tokens[i + 1];
    const before = tokens[i - 1];
    const unit = next !== undefined && AGE_UNIT.test(next);
    const yearsOld = (next === 'years' || next === 'year') && tokens[i + 2] === 'old';
    if ((unit && !(before !== undefined && DURATION_BEFORE.has(before))) || yearsOld) return n;
    const cue = before !== undefined && (HAS_AGE.has(before) || (before === 'am' && tokens[i - 2] === 'i') || before === 'is');
    if (cue && inRange(n, BARE_RANGE) && (next === undefined || AFTER_BARE_AGE.has(next))) return n;
  }
  return undefined;
}
