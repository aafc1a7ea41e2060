import type { Locale } from '../../services/i18n/locales';

const INTL_LOCALE: Readonly<Record<Locale, string>> = { 'sr-Latn': 'sr-Latn-RS', 'sr-Cyrl': 'sr-Cyrl-RS', en: 'en-GB' };

/** A date and time as a reporter in Serbia reads it (Belgrade time). */
export function formatDate(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Belgrade',
  }).format(date);
}
