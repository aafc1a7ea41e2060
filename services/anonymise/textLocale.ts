import { isMostlyCyrillic } from '../text/transliterate';
import { Locale } from '../i18n/locales';
import { Lexicon } from './lexicon';
import { Token } from './tokens';

/**
 * The language and script a text is written in, which the placeholders
 * follow: Cyrillic text is sr-Cyrl; Latin text is English or Serbian by its
 * function words; when those do not tell, the caller's locale decides (its
 * Latin form — a Cyrillic UI locale with Latin text gives sr-Latn).
 */
export function textLocale(text: string, tokens: readonly Token[], lex: Lexicon, hint?: Locale): Locale {
  if (isMostlyCyrillic(text)) return 'sr-Cyrl';
  let sr = 0;
  let en = 0;
  for (const t of tokens) {
    if (lex.serbianMarkers.has(t.key)) sr++;
    if (lex.englishMarkers.has(t.key)) en++;
  }
  if (en > sr) return 'en';
  if (sr > en) return 'sr-Latn';
  return hint === 'en' ? 'en' : 'sr-Latn';
}
