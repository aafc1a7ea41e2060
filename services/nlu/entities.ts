import type { Entities } from './types';
import { ageInTokens } from './age';
import { municipalitiesIn } from './municipalities';
import { tokenize } from './normalise';
import { platformsIn } from './platforms';

/**
 * Entities in an utterance: platforms (canonical ids), a stated age and
 * municipality slugs. Works on any script and with or without diacritics.
 * `tokens`: the text's {@link tokenize}d tokens, when the caller has them.
 */
export function extractEntities(text: string, tokens: readonly string[] = tokenize(text)): Entities {
  const entities: Entities = {
    platforms: platformsIn(tokens),
    municipalities: municipalitiesIn(tokens),
  };
  const age = ageInTokens(tokens);
  if (age !== undefined) entities.age = age;
  return entities;
}

/** Reads and indexes the entity tables now (at start-up) rather than on the first message. */
export function loadEntityTables(): void {
  platformsIn([]);
  municipalitiesIn([]);
}
