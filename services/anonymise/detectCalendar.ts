import { Lexicon } from './lexicon';
import { Token } from './tokens';

/** Ordinal suffixes split off a day of the month ("15th" → 15, th). */
const ORDINAL = new Set(['st', 'nd', 'rd', 'th']);

function isDayOfMonth(t: Token | undefined): boolean {
  if (!t?.isNumber || t.raw.length > 2) return false;
  const n = Number(t.raw);
  return n >= 1 && n <= 31;
}

/** "15. maja", "15 May", "15th of May", "May 15": a day of the month right before or after. */
function nextToDay(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!t) return false;
  const prev = tokens[i - 1];
  const before = /^\.?\s*$/.test(t.gapBefore) && isDayOfMonth(prev);
  const ordinal = prev !== undefined && ORDINAL.has(prev.key) && prev.gapBefore === '' && isDayOfMonth(tokens[i - 2]);
  const ofOrdinal = prev?.key === 'of' && ORDINAL.has(tokens[i - 2]?.key ?? '') && isDayOfMonth(tokens[i - 3]);
  const next = tokens[i + 1];
  const after = next !== undefined && /^\s+$/.test(next.gapBefore) && isDayOfMonth(next);
  return before || ordinal || ofOrdinal || after;
}

/** A time word right before, in the same sentence ("do Petka", "until Monday", "do ovog petka"). */
function afterCue(tokens: readonly Token[], i: number, cues: ReadonlySet<string>): boolean {
  const t = tokens[i];
  const prev = tokens[i - 1];
  return !!t && !!prev && /^[ \t]+$/.test(t.gapBefore) && cues.has(prev.key);
}

/**
 * Indexes of tokens that are days, months or "tomorrow"-words here, so no
 * name detector takes them (content/anonymise/calendar.yaml): a deadline
 * ("do petka", "by Friday") must reach the reviewer. A form in lower case is
 * always one; a capitalised form only in a time context, because some forms
 * are also names (Petka, Maja, Marta).
 */
export function calendarTokens(tokens: readonly Token[], lex: Lexicon): Set<number> {
  const { days, months, relative, dayCues, monthCues } = lex.calendar;
  const out = new Set<number>();
  tokens.forEach((t, i) => {
    if (t.isNumber) return;
    const day = days.has(t.key);
    const month = months.has(t.key);
    if (!day && !month && !relative.has(t.key)) return;
    if (!t.capitalised || relative.has(t.key) || nextToDay(tokens, i)) out.add(i);
    else if (day && afterCue(tokens, i, dayCues)) out.add(i);
    else if (month && afterCue(tokens, i, monthCues)) out.add(i);
  });
  return out;
}
