import { entityData } from './entityData';
import { tokenize } from './normalise';

/** Openings of "I am …" / "I have …" in folded tokens ("I'm" → "im"). */
const I_AM: readonly (readonly string[])[] = [['im'], ['i', 'am'], ['i', 'm'], ['iam'], ['ja', 'sam'], ['sam']];
/** "imam 13" is "I am 13"; "napunila sam 13" is "I turned 13". */
const I_HAVE: readonly (readonly string[])[] = [['imam'], ['ja', 'imam']];
/** "napunila sam 13 prošle nedelje": a number after "I turned" is an age whatever follows. */
const I_TURNED: readonly (readonly string[])[] = [['napunio', 'sam'], ['napunila', 'sam'], ['i', 'turned'], ['just', 'turned']];
/** What may follow an age and still leave it an age ("13 godina", "13 and", "13 i"). */
const AFTER_AGE = /^(god\w*|g|yo|yrs?|years?|leta|and|i|a|pa|but|so|ali|sam|je|old|f|m|girl|boy|devojcica|decak)$/;
/** Words by which a writer says they are a child ("I'm a kid", "ja sam dete"). */
const CHILD_WORDS = new Set([
  'kid', 'child', 'teen', 'teenager', 'minor', 'dete', 'klinac', 'klinka', 'maloletan', 'maloletna', 'maloletnik', 'maloletnica',
  'ucenik', 'ucenica', 'osnovac', 'osnovka', 'srednjoskolac', 'srednjoskolka', 'djak', 'skolarac', 'skolarka', 'tinejdzer', 'tinejdzerka',
]);
/** "imam 10 godina iskustva" is experience, not an age. */
const NOT_AN_AGE_AFTER_UNIT = new Set(['iskustva', 'staza', 'radnog', 'rada', 'experience', 'of']);
const ARTICLES = new Set(['a', 'an', 'just', 'only', 'still', 'samo', 'jos', 'tek']);
/** School years as ordinal words, in the forms that follow "idem u" and "sam u" ("sedmi", "sedmom"). */
const GRADE_WORDS = /^(prv|drug|trec|cetvrt|pet|sest|sedm|osm)(i|om|em)$/;
const ENGLISH_SCHOOL = /^(middle|high|primary|elementary|secondary)$/;
const MAX_CHILD_AGE = 17;
const MIN_AGE = 5;

function numberAt(tokens: readonly string[], i: number): number | undefined {
  const t = tokens[i];
  if (t === undefined) return undefined;
  if (/^\d{1,2}$/.test(t)) return Number(t);
  return entityData().numberWords[t];
}

function startsWith(tokens: readonly string[], i: number, opening: readonly string[]): boolean {
  return opening.every((w, k) => tokens[i + k] === w);
}

/** "13", "13 godina", "a 13 year old", "13yo": a child's age right at `i`. */
function childAgeAt(tokens: readonly string[], i: number, anyNext = false): boolean {
  let j = i;
  if (ARTICLES.has(tokens[j] ?? '')) j++;
  const glued = /^(\d{1,2})(yo|g|god|godina)$/.exec(tokens[j] ?? '');
  const n = glued ? Number(glued[1]) : numberAt(tokens, j);
  if (n === undefined || n < MIN_AGE || n > MAX_CHILD_AGE) return false;
  const next = tokens[j + 1];
  const unitThen = tokens[j + 2];
  if (next !== undefined && !glued && /^(god\w*|g|years?|yrs?|leta)$/.test(next) && NOT_AN_AGE_AFTER_UNIT.has(unitThen ?? '')) return false;
  return glued !== null || anyNext || next === undefined || AFTER_AGE.test(next);
}

/** "a kid", "dete", "učenica", "in 7th grade", "in year 8", "in middle school" right at `i`. */
function childWordAt(tokens: readonly string[], i: number): boolean {
  let j = i;
  while (ARTICLES.has(tokens[j] ?? '')) j++;
  if (CHILD_WORDS.has(tokens[j] ?? '')) return true;
  if (tokens[j] !== 'in' && tokens[j] !== 'u') return false;
  const a = tokens[j + 1] ?? '';
  const b = tokens[j + 2] ?? '';
  if (ENGLISH_SCHOOL.test(a) && b === 'school') return true;
  // "in 7th grade", "in grade 7", "in year 8"
  if ((/^\d{1,2}(st|nd|rd|th)$/.test(a) && b === 'grade') || ((a === 'grade' || a === 'year') && /^\d{1,2}$/.test(b))) return true;
  // "u 7. razredu", "u sedmom razredu"
  return (/^\d$/.test(a) || GRADE_WORDS.test(a)) && /^razred/.test(b);
}

/**
 * True when the writer says she is a child: her age under 18 ("imam 13
 * godina", "hi im 13", "I am a 12 year old"), that she is a child or a pupil
 * ("I'm a kid", "ja sam učenica"), or her school year ("idem u 7. razred",
 * "u sedmom sam razredu", "I'm in 8th grade"). Only the first person counts:
 * "moja ćerka ima 13" and "sin ide u 7. razred" are about someone else.
 */
export function statesChild(text: string): boolean {
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    for (const opening of I_HAVE) {
      if (startsWith(tokens, i, opening) && childAgeAt(tokens, i + opening.length)) return true;
    }
    for (const opening of I_TURNED) {
      if (startsWith(tokens, i, opening) && childAgeAt(tokens, i + opening.length, true)) return true;
    }
    for (const opening of I_AM) {
      if (!startsWith(tokens, i, opening)) continue;
      const at = i + opening.length;
      // "sam" alone opens too much ("rekla sam 13 puta"): as an opening it needs a child word, not a number.
      if ((opening.length > 1 || opening[0] !== 'sam') && childAgeAt(tokens, at)) return true;
      if (childWordAt(tokens, at)) return true;
    }
    // "učenica sam", "dete sam"
    if (CHILD_WORDS.has(tokens[i] ?? '') && tokens[i + 1] === 'sam') return true;
    // "idem u 7. razred", "idem u sedmi razred"
    if (tokens[i] === 'idem' && childWordAt(tokens, i + 1)) return true;
    // "u 7. razredu sam", "u sedmom razredu sam"
    if (tokens[i] === 'u' && childWordAt(tokens, i) && tokens[i + 3] === 'sam') return true;
  }
  return false;
}
