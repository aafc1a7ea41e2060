import { buildCatalog, t } from '../../services/i18n/catalog';
import { LOCALES, Locale } from '../../services/i18n/locales';

/** Key names and Web Chat's link reference: never translated or transliterated. */
const FIXED = { tab: 'Tab', shift: 'Shift', esc: 'Esc', enter: 'Enter', retryRef: '[RETRY]' } as const;

const LOADER_KEYS = ['launcher', 'title', 'subtitle', 'close', 'quickExit', 'quickExitHint', 'frameTitle'] as const;
const FRAME_KEYS = ['loading', 'loadFailed', 'frameTitle'] as const;
const EXIT_KEYS = ['title', 'heading', 'intro', 'ingredients', 'steps'] as const;

const WEBCHAT_PREFIX = 'widget.webchat.';

/** Web Chat's own locale names for ours. */
export const WEBCHAT_LOCALE: Record<Locale, string> = { 'sr-Latn': 'sr-Latn', 'sr-Cyrl': 'sr-Cyrl', en: 'en-US' };

function pick<K extends string>(locale: Locale, prefix: string, keys: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of keys) out[key] = t(locale, `${prefix}${key}`, FIXED);
  return out;
}

/** The loader's strings, for every locale (the school picks one with data-locale). */
export function loaderStrings(): Record<Locale, Record<(typeof LOADER_KEYS)[number], string>> {
  return Object.fromEntries(LOCALES.map((l) => [l, pick(l, 'widget.', LOADER_KEYS)])) as Record<Locale, Record<(typeof LOADER_KEYS)[number], string>>;
}

/** The frame's own strings. */
export function frameStrings(locale: Locale): Record<(typeof FRAME_KEYS)[number], string> {
  return pick(locale, 'widget.', FRAME_KEYS);
}

/** The neutral exit page's strings. */
export function exitStrings(locale: Locale): Record<(typeof EXIT_KEYS)[number], string> {
  return pick(locale, 'widget.exit.', EXIT_KEYS);
}

/** Web Chat's strings for `overrideLocalizedStrings` (it ships no Serbian). */
export function webChatStrings(locale: Locale): Record<string, string> {
  const keys = Object.keys(buildCatalog()[locale]).filter((k) => k.startsWith(WEBCHAT_PREFIX));
  return Object.fromEntries(keys.map((k) => [k.slice(WEBCHAT_PREFIX.length), t(locale, k, FIXED)]));
}
