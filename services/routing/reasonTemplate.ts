import type { AuthorityDef } from './authorityDef';
import type { LocalisedText } from './types';

const LOCALES = ['sr-Latn', 'en'] as const;

/** Fills `{authority}` (its name) and `{area}` (its jurisdiction's area) in each locale. */
export function fillReason(template: LocalisedText, authority: AuthorityDef): LocalisedText {
  const out = { ...template };
  for (const l of LOCALES) {
    out[l] = template[l].replaceAll('{authority}', authority.name[l]).replaceAll('{area}', authority.jurisdiction.area[l]);
  }
  return out;
}

/** Joins several reasons into one readable text per locale, dropping repeats. */
export function combineReasons(reasons: LocalisedText[]): LocalisedText {
  const out: LocalisedText = { 'sr-Latn': '', en: '' };
  for (const l of LOCALES) {
    out[l] = [...new Set(reasons.map((r) => r[l].trim()))].join(' ');
  }
  return out;
}
