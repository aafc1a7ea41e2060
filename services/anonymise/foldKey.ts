import { fold } from '../text/transliterate';

/**
 * The key under which words are compared: {@link fold} (script, case and
 * diacritics) and then "dj" → "d", because đ is written both "dj" and "d" when
 * a keyboard has no Serbian letters (Đorđe, Djordje, Dorde).
 */
export function foldKey(word: string): string {
  return fold(word).replace(/dj/g, 'd');
}
