import type { Entities } from './types';
import { extractAge } from './age';
import { extractMunicipalities } from './municipalities';
import { extractPlatforms } from './platforms';

/**
 * Entities in an utterance: platforms (canonical ids), a stated age and
 * municipality slugs. Works on any script and with or without diacritics.
 */
export function extractEntities(text: string): Entities {
  const entities: Entities = {
    platforms: extractPlatforms(text),
    municipalities: extractMunicipalities(text),
  };
  const age = extractAge(text);
  if (age !== undefined) entities.age = age;
  return entities;
}
