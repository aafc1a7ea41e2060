import { checksumKind } from './numberKind';
import { cueRegex } from './cuePattern';
import { foldKey } from './foldKey';
import { Lexicon } from './lexicon';
import { Span } from './span';

const MONTHS =
  'januar|februar|mart|april|maj|jun|jul|avgust|septembar|oktobar|novembar|decembar|january|february|march|may|june|july|august|september|october|november|december|jan|feb|mar|apr|aug|sep|sept|oct|okt|nov|dec';
/** 12.3.2011, 12/03/2011, 12-3-11, 2011-03-12 */
const NUMERIC_DATE = /(?<![\d.])(?:\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?(?:\d{4}|\d{2})\.?|\d{4}-\d{1,2}-\d{1,2})(?![\d])/g;
/** Written months, matched on folded text (both scripts): "12. marta 2011.", "March 12, 2011". */
const WORD_DATE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:\\d{1,2}\\.?\\s*(?:${MONTHS})\\p{L}*\\.?(?:\\s*\\d{4}\\.?)?|(?:${MONTHS})\\p{L}*\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?(?:\\s*\\d{4})?)(?![\\p{L}\\p{N}])`,
  'gu',
);
const IBAN = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,4})?(?![\p{L}\p{N}])/gu;
const AMOUNT =
  /(?:[$€£]\s?\d[\d.,\s]*\d|\d(?:[\d.,]|\s(?=\d{3}\b))*\s?(?:din|dinara|dinar|rsd|eur|evra|evro|eura|€|\$|usd|dolara|dollars?|euros?|pounds?|kn|km)(?![\p{L}]))/giu;
const SCHOOL_YEAR = /^(?:19|20)\d\d\s?[-/]\s?(?:(?:19|20)?\d\d)$/;
const GROUPED_THOUSANDS = /^\d{1,3}(?:[.,\s]\d{3})+$/;
/** A run of digits with the separators people put in numbers: spaces, dashes, slashes, dots, brackets. */
const DIGIT_RUN = /(?<![\p{L}\p{N}])(?:\+|00)?\s?\(?\d(?:[\d]|[ \-/.()](?=[\d(])|\)(?=[ \-/.\d])){4,}\d?(?![\p{L}\p{N}])/gu;

/** Maps every character of the folded text back to its offset in the original. */
function foldWithMap(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const f = foldKey(text.charAt(i));
    folded += f;
    for (let k = 0; k < f.length; k++) map.push(i);
  }
  map.push(text.length);
  return { folded, map };
}

function overlaps(spans: readonly { start: number; end: number }[], start: number, end: number): boolean {
  return spans.some((s) => start < s.end && s.start < end);
}

/**
 * Numbers that identify: phone numbers, JMBG, bank accounts and IBAN, card
 * numbers, and dates of birth. Ages, times, amounts of money, ordinary dates
 * and school years stay — a date is a date of birth only near a birth cue.
 */
export function detectNumbers(text: string, lex: Lexicon, taken: readonly Span[]): Span[] {
  const out: Span[] = [];
  const keep: Array<{ start: number; end: number }> = [];
  const blocked = (s: number, e: number): boolean => overlaps(taken, s, e) || overlaps(out, s, e) || overlaps(keep, s, e);
  const birthCue = cueRegex(lex.cues.birth.map((key) => [{ key, prefix: false }]));
  const phoneCue = cueRegex(lex.cues.phone);
  const before = (start: number, chars: number): string => foldKey(text.slice(Math.max(0, start - chars), start));

  for (const m of text.matchAll(IBAN)) {
    const start = m.index ?? 0;
    if (!blocked(start, start + m[0].length)) out.push({ type: 'iban', start, end: start + m[0].length });
  }

  // Dates: of birth when a birth cue is near, otherwise kept whole (so 12.03.2011 is not read as a phone number).
  const { folded, map } = foldWithMap(text);
  const dates: Array<{ start: number; end: number }> = [];
  for (const m of text.matchAll(NUMERIC_DATE)) dates.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].replace(/\.$/, '').length });
  for (const m of folded.matchAll(WORD_DATE)) {
    const fs = m.index ?? 0;
    const value = m[0].replace(/[.,\s]+$/, '');
    dates.push({ start: map[fs] ?? 0, end: (map[fs + value.length - 1] ?? 0) + 1 });
  }
  for (const d of dates) {
    if (blocked(d.start, d.end)) continue;
    const near = before(d.start, 40) + ' ' + foldKey(text.slice(d.end, d.end + 25));
    if (birthCue.test(near)) out.push({ type: 'birthdate', start: d.start, end: d.end });
    else keep.push(d);
  }

  for (const m of text.matchAll(AMOUNT)) keep.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });

  for (const m of text.matchAll(DIGIT_RUN)) {
    let value = m[0];
    let start = m.index ?? 0;
    const lead = /^\s+/.exec(value)?.[0].length ?? 0;
    start += lead;
    value = value.slice(lead).replace(/[\s\-/.(]+$/, '');
    const end = start + value.length;
    if (blocked(start, end)) continue;
    const digits = value.replace(/\D/g, '');
    if (lex.cues.publicNumbers.has(digits)) continue;
    if (SCHOOL_YEAR.test(value) || (GROUPED_THOUSANDS.test(value) && !/^0/.test(value) && digits.length < 10)) continue;
    const kind = checksumKind(value, digits, phoneCue.test(before(start, 30)));
    if (kind) out.push({ type: kind, start, end });
  }
  return out;
}
