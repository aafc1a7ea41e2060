import { hasKey, t } from '../i18n/catalog';
import type { Locale } from '../i18n/locales';
import { latinToCyrillic } from '../text/transliterate';
import type { AuthorityDef } from '../../core/domain/authorityDef';
import type { LocalisedText, ReasonRef } from '../../core/domain/routing';

/** The text in one locale; Serbian Cyrillic is derived from the Latin, as everywhere else. */
export function inLocale(text: LocalisedText, locale: Locale): string {
  if (locale === 'en') return text.en;
  return locale === 'sr-Cyrl' ? latinToCyrillic(text['sr-Latn']) : text['sr-Latn'];
}

/** An authority's name in the reader's locale. */
export function authorityName(a: AuthorityDef, locale: Locale): string {
  return inLocale(a.name, locale);
}

function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** True when the reason can be rendered: its key is in the catalogue (an inline text always can). */
export function isKnownReason(ref: ReasonRef): boolean {
  return !('key' in ref) || (hasKey('sr-Latn', ref.key) && hasKey('en', ref.key));
}

/**
 * One reason in the reader's locale: a key through the locale resources, an
 * administrator's text as written (Cyrillic derived); `{authority}` and
 * `{area}` are the name and area of the authority it was given for.
 */
export function renderReason(ref: ReasonRef, locale: Locale, authority?: AuthorityDef): string {
  const vars: Record<string, string> = authority ? { authority: authorityName(authority, locale), area: inLocale(authority.jurisdiction.area, locale) } : {};
  return renderReasonWith(ref, locale, vars);
}

/** One reason in the reader's locale with the placeholders given (a rule shown before any authority is chosen). */
export function renderReasonWith(ref: ReasonRef, locale: Locale, vars: Readonly<Record<string, string>>): string {
  return 'key' in ref ? t(locale, ref.key, vars) : fill(inLocale(ref, locale), vars);
}

/** Several reasons as one readable text, in order, each sentence once. */
export function renderReasons(refs: readonly ReasonRef[], locale: Locale, authority?: AuthorityDef): string {
  return [...new Set(refs.map((r) => renderReason(r, locale, authority).trim()))].join(' ');
}

/** True when two references say the same thing (the same key, or the same texts). */
export function sameReason(a: ReasonRef, b: ReasonRef): boolean {
  if ('key' in a || 'key' in b) return 'key' in a && 'key' in b && a.key === b.key;
  return a['sr-Latn'] === b['sr-Latn'] && a.en === b.en;
}
