import { cueEndingAt } from './cuePattern';
import { Lexicon } from './lexicon';
import { Span } from './span';
import { Token } from './tokens';

const OPEN_QUOTE = /["„“«»'‚‘”]\s*$/;
const CLOSE_QUOTE = /["“”«»'’‘]/;
/** Town adjectives that distinguish a school: Prva kragujevačka gimnazija, Zemunska gimnazija. */
const TOWN_ADJECTIVE = /(?:sk|ck|sk|ck)(?:a|e|oj|u|om|i)$/;

/** A quoted school name keeps its closing quote inside the redaction. */
function withClosingQuote(text: string, end: number): number {
  return CLOSE_QUOTE.test(text.charAt(end)) ? end + 1 : end;
}

/**
 * The name after a school word: a quoted name ("„Vuk Karadžić“") or up to
 * five capitalised words and numbers ("Vuk Karadžić", "1300 kaplara" aside).
 * Returns the index of the last token of the name, or -1.
 */
function nameAfter(tokens: readonly Token[], i: number, protectedIdx: ReadonlySet<number>, text: string): number {
  const first = tokens[i + 1];
  if (!first || /[.!?;\n]/.test(first.gapBefore)) return -1;
  if (OPEN_QUOTE.test(first.gapBefore)) {
    // Quoted: up to the closing quote, at most eight words on.
    for (let j = i + 1; j < tokens.length && j <= i + 8; j++) {
      const t = tokens[j];
      if (!t) break;
      const after = text.slice(t.end, tokens[j + 1]?.start ?? text.length);
      if (CLOSE_QUOTE.test(after)) return j;
    }
  }
  let last = -1;
  for (let j = i + 1; j < tokens.length && j <= i + 5; j++) {
    const t = tokens[j];
    if (!t || protectedIdx.has(j) || (j > i + 1 && /[.!?;,\n]/.test(t.gapBefore) && !/^\.\s$/.test(t.gapBefore))) break;
    if (t.capitalised || (t.isNumber && j === i + 1)) last = j;
    else if (last >= 0 && tokens[last]?.isNumber && !t.isNumber) last = j; // "20. oktobar"
    else break;
  }
  return last;
}

/**
 * School names: "OŠ Vuk Karadžić", "Osnovna škola „Sveti Sava“", "Srednja
 * tehnička škola", "Prva kragujevačka gimnazija", "Gimnazija Svetozar
 * Marković", "Lincoln Elementary School". "u školi", "moja škola", "srednja
 * škola" and "high school" name no school and stay.
 */
export function detectSchools(tokens: readonly Token[], lex: Lexicon, protectedIdx: ReadonlySet<number>, text: string): Span[] {
  const out: Span[] = [];
  const c = lex.cues;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.isNumber) continue;

    // OŠ / ОШ / O.Š. followed by a name.
    const abbreviation = c.schoolAbbreviations.has(t.key) && t.allCaps;
    const dotted = t.key === 'o' && tokens[i + 1]?.key === 's' && /^\.$/.test(tokens[i + 1]?.gapBefore ?? '') && t.capitalised;
    if (abbreviation || dotted) {
      const at = dotted ? i + 1 : i;
      const end = nameAfter(tokens, at, protectedIdx, text);
      const e = tokens[end];
      if (end > at && e) {
        out.push({ type: 'school', start: t.start, end: withClosingQuote(text, e.end) });
        i = end;
      }
      continue;
    }

    if (!c.schoolNouns.has(t.key)) continue;
    if (c.schoolCapitalisedOnly.has(t.key) && !t.capitalised) continue;
    // Adjectives before the noun: "Srednja tehnička", "Prva kragujevačka", "Lincoln Elementary".
    let first = i;
    let distinguishing = false;
    let capitalisedBefore = false;
    for (let k = i - 1; k >= 0 && i - k <= 4; k--) {
      const p = tokens[k];
      const gapAfter = tokens[k + 1]?.gapBefore ?? '';
      if (!p || p.isNumber || /[.!?;,\n]/.test(gapAfter) && !/^\.\s$/.test(gapAfter)) break;
      const isAdjective = cueEndingAt(tokens, k, c.schoolDistinguishing) > 0;
      // "Zemunska gimnazija", "Prva kragujevačka gimnazija" — but not "fudbalsku školu".
      const afterOrdinal = k > 0 && cueEndingAt(tokens, k - 1, c.schoolDistinguishing) > 0;
      const isTownAdjective = TOWN_ADJECTIVE.test(p.key) && !c.schoolGeneric.has(p.key) && ((p.capitalised && !p.sentenceStart) || afterOrdinal);
      const englishName = p.capitalised && t.capitalised && !c.schoolGeneric.has(p.key) && !p.sentenceStart;
      if (!isAdjective && !isTownAdjective && !englishName && !(p.capitalised && t.capitalised && k === i - 1 && !c.schoolGeneric.has(p.key))) break;
      if (isAdjective && !/^(osnovn|srednj)/.test(p.key)) distinguishing = true;
      if (isTownAdjective) distinguishing = true;
      if (p.capitalised && !p.sentenceStart) capitalisedBefore = true;
      if (englishName) distinguishing = true;
      first = k;
    }
    const end = nameAfter(tokens, i, protectedIdx, text);
    const s = tokens[first];
    const e = tokens[end >= 0 ? end : i];
    if (!s || !e) continue;
    if (end > i || distinguishing || (capitalisedBefore && t.capitalised)) {
      out.push({ type: 'school', start: s.start, end: withClosingQuote(text, e.end) });
      if (end > i) i = end;
    }
  }
  return out;
}
