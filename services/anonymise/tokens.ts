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

const TOKEN = /[\p{L}\p{M}]+|\d+/gu;
const SENTENCE_END = /[.!?…\n:;]|^\s*[-–*•]\s/;

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
      key: isNumber ? raw : foldKey(raw),
      isNumber,
      capitalised,
      allCaps: !isNumber && letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase(),
      sentenceStart: out.length === 0 || SENTENCE_END.test(gapBefore),
      gapBefore,
    });
    prevEnd = start + raw.length;
  }
  return out;
}
