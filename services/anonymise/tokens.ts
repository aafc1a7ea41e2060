import { foldKey } from './foldKey';

/** A word or a run of digits in the input, with what the detectors need to know of it. */
export interface Token {
  /** The word as written. */
  raw: string;
  start: number;
  end: number;
  /** {@link foldKey} of the word. */
  key: string;
  isNumber: boolean;
  /** First letter upper case (Marko, MARKO). */
  capitalised: boolean;
  /** Two or more letters, all upper case (OŠ, SMS). */
  allCaps: boolean;
  /** First word of the text or of a sentence, where a capital letter says nothing. */
  sentenceStart: boolean;
  /** The text between the previous token and this one. */
  gapBefore: string;
}

/** Words (with an English possessive or contraction: Mary's, I'm) and runs of digits. */
const TOKEN = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)?|\d+/gu;
const SENTENCE_END = /[.!?…\n:;]|^\s*[-–*•]\s/;
/** Abbreviations whose dot ends no sentence: "St. Patrick's", "Mr. Smith", "ul. Cara Dušana", "prof. Petrović". */
const ABBREVIATIONS = new Set(['st', 'mr', 'mrs', 'ms', 'dr', 'prof', 'ul', 'br', 'bul', 'sv', 'gosp', 'gđa', 'gđica', 'tzv', 'npr']);

/** Splits text into word and number tokens with their offsets. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let prevEnd = 0;
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const start = m.index ?? 0;
    const gapBefore = text.slice(prevEnd, start);
    const isNumber = /^\d/.test(raw);
    const first = raw.charAt(0);
    const capitalised = !isNumber && first !== first.toLowerCase() && first === first.toUpperCase();
    const letters = raw.replace(/\p{M}/gu, '');
    out.push({
      raw,
      start,
      end: start + raw.length,
      // The key drops an English possessive, so "Tom's" is looked up as "Tom".
      key: isNumber ? raw : foldKey(raw.replace(/['’](?:s|S)$/, '')),
      isNumber,
      capitalised,
      allCaps: !isNumber && letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase(),
      sentenceStart:
        out.length === 0 ||
        (SENTENCE_END.test(gapBefore) && !(/^\.\s+$/.test(gapBefore) && ABBREVIATIONS.has(out[out.length - 1]?.key ?? ''))),
      gapBefore,
    });
    prevEnd = start + raw.length;
  }
  return out;
}
