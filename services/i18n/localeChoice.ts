import { isMostlyCyrillic } from '../text/transliterate';
import { DEFAULT_LOCALE, isLocale, Locale } from './locales';

/**
 * The product locale for a BCP-47 tag a channel sends (`en-US`, `sr-RS`,
 * `sr-Cyrl-RS`). Unknown tags give the default locale.
 */
export function localeFromTag(tag: string | undefined): Locale {
  if (!tag) return DEFAULT_LOCALE;
  if (isLocale(tag)) return tag;
  const lower = tag.toLowerCase();
  if (lower.startsWith('en')) return 'en';
  if (lower.startsWith('sr-cyrl')) return 'sr-Cyrl';
  return DEFAULT_LOCALE;
}

/** What {@link nextLocale} decides from. */
export interface LocaleEvidence {
  /** The conversation's locale before this message. */
  current: Locale;
  /** True when the user explicitly picked the current locale. */
  chosen: boolean;
  /** The locale the recognizer detected in the text. */
  detected: Locale;
  text: string;
}

/** Words of letters only; numbers and emoji carry no language. */
function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).length;
}

/**
 * The locale to answer in after this message.
 *
 * Writing Cyrillic is unambiguous, so even one Cyrillic word switches to
 * sr-Cyrl. A Latin-script message switches between English and Serbian only
 * when it has at least two words, so "ok", "hi" or "da" never flip the
 * language. An explicit choice is sticky: many people read Cyrillic but type
 * Latin, so a user who asked for Cyrillic keeps it while typing Serbian in
 * Latin, and only a longer message (three words or more) in the other
 * language changes the language.
 */
export function nextLocale(e: LocaleEvidence): Locale {
  const words = wordCount(e.text);
  if (words === 0) return e.current;
  if (isMostlyCyrillic(e.text)) return 'sr-Cyrl';
  const minWords = e.chosen ? 3 : 2;
  if (words < minWords) return e.current;
  const writesEnglish = e.detected === 'en';
  if (writesEnglish) return 'en';
  if (e.current === 'en') return 'sr-Latn';
  if (e.current === 'sr-Cyrl' && !e.chosen) return 'sr-Latn';
  return e.current;
}
