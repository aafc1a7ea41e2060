import { Locale } from '../i18n/locales';
import { detectAddresses } from './detectAddresses';
import { calendarTokens } from './detectCalendar';
import { detectContacts } from './detectContacts';
import { detectNames } from './detectNames';
import { detectNumbers } from './detectNumbers';
import { detectProfileNames } from './detectProfileNames';
import { detectSchools } from './detectSchools';
import { lexicon } from './lexicon';
import { placeholder } from './placeholders';
import { protectedTokens } from './protectedTokens';
import { mergeSpans, overlapsAny, Span } from './span';
import { textLocale } from './textLocale';
import { tokenize } from './tokens';
import { AnonymiseResult } from './types';

/** Options of {@link anonymise}. */
export interface AnonymiseOptions {
  /** The conversation's locale; used for placeholders only when the text itself does not tell. */
  locale?: Locale;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Removes every identifier SPEC.md section 5 lists from free text and
 * replaces each with a typed placeholder in the text's language (`[ime]`,
 * `[име]`, `[name]`…). Links and handles move to `evidence` so nothing a
 * reviewer needs is lost. Pure and synchronous; the word lists are read from
 * content/anonymise once, on first use.
 */
export function anonymise(text: string, opts: AnonymiseOptions = {}): AnonymiseResult {
  const lex = lexicon();
  const tokens = tokenize(text);
  const protectedIdx = protectedTokens(tokens, lex);

  const contacts = [...detectContacts(text), ...detectProfileNames(text, tokens, lex)];
  const spans: Span[] = [...contacts];
  spans.push(...detectNumbers(text, lex, spans));
  spans.push(...detectSchools(tokens, lex, protectedIdx, text));
  spans.push(...detectAddresses(tokens, lex, protectedIdx));
  // Days and months are kept from the name detector only: "Ulica 27. marta" is still an address.
  spans.push(...detectNames(tokens, lex, new Set([...protectedIdx, ...calendarTokens(tokens, lex)])));
  const merged = mergeSpans(spans);

  // The language is read from the prose alone: a Latin link must not make Cyrillic text look Latin.
  let prose = text;
  for (const s of merged) prose = prose.slice(0, s.start) + ' '.repeat(s.end - s.start) + prose.slice(s.end);
  const locale = textLocale(prose, tokens.filter((t) => !overlapsAny(merged, t.start, t.end)), lex, opts.locale);
  let out = '';
  let at = 0;
  for (const s of merged) {
    out += text.slice(at, s.start) + placeholder(s.type, locale);
    at = s.end;
  }
  out += text.slice(at);

  const ordered = [...contacts].sort((a, b) => a.start - b.start);
  return {
    text: out,
    redactions: merged.map((s) => ({ type: s.type, start: s.start, end: s.end })),
    evidence: {
      urls: unique(ordered.filter((c) => c.type === 'url').map((c) => c.value)),
      handles: unique(ordered.filter((c) => c.type === 'handle').map((c) => c.value)),
    },
  };
}
