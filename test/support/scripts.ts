import { LATIN_BRANDS } from '../../services/text/transliterate';

/**
 * Matches the parts of a text that stay Latin in Cyrillic output on purpose:
 * links, e-mail addresses, Markdown link targets, placeholders, platform
 * names. Mirrors the tokens services/text/transliterate.ts leaves alone.
 */
const KEPT_LATIN = new RegExp(`(https?:\\/\\/\\S+|tel:\\S+|mailto:\\S+|\\S+@\\S+\\.\\S+|\\]\\([^)]*\\)|\\{[^}]*\\}|\\b(?:${LATIN_BRANDS.join('|')})\\b)`, 'g');

/** Latin letters left in a text meant to be Cyrillic (empty when it is all Cyrillic). */
export function latinLeftIn(text: string): string[] {
  return text.replace(KEPT_LATIN, ' ').match(/[A-Za-zČĆŠŽĐčćšžđ]+/g) ?? [];
}

/** True when `text` has Cyrillic letters and no stray Latin words. */
export function isCyrillicText(text: string): boolean {
  return /[\u0400-\u04FF]/.test(text) && latinLeftIn(text).length === 0;
}
