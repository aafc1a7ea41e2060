import { fold } from '../text/transliterate';

/**
 * The slug of a municipality name, as used in content/geo/municipalities.yaml
 * and in `csw-<slug>` ids: folded (either script, diacritics removed, đ → dj),
 * lower case, words joined by hyphens. "Bačka Palanka" → "backa-palanka".
 */
export function municipalitySlug(name: string): string {
  return fold(name.trim())
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
