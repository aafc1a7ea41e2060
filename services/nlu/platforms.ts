import Joi from 'joi';
import { readContentYaml } from './contentFile';
import { entityData } from './entityData';
import { tokenize } from './normalise';

/** Serbian case endings an alias may carry ("fejs" → "fejsu", "diskord" → "diskordom"). */
const ENDINGS = new Set(['a', 'e', 'i', 'o', 'u', 'om', 'em', 'ov', 'ova', 'ove', 'ovi', 'ovu', 'ima', 'ama', 'ic', 'ica']);
/** Shorter aliases ("ig", "fb", "yt") only match as whole words. */
const MIN_INFLECTED = 4;

interface Alias {
  id: string;
  words: string[];
}

let aliases: Alias[] | undefined;

function load(): Alias[] {
  if (aliases) return aliases;
  aliases = [];
  for (const [id, spellings] of Object.entries(entityData().platforms)) {
    for (const spelling of spellings) {
      const words = tokenize(spelling);
      if (words.length > 0) aliases.push({ id, words });
    }
  }
  // Longer aliases first, so "tik tok" is taken before a shorter alias could be.
  aliases.sort((a, b) => b.words.length - a.words.length);
  return aliases;
}

function wordMatches(alias: string, token: string, last: boolean): boolean {
  if (token === alias) return true;
  if (!last || alias.length < MIN_INFLECTED || !token.startsWith(alias)) return false;
  return ENDINGS.has(token.slice(alias.length));
}

/** Canonical ids of the platforms a text mentions, in order of first mention. */
export function extractPlatforms(text: string): string[] {
  const tokens = tokenize(text);
  const found: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const { id, words } of load()) {
      const hit = words.every((w, k) => {
        const token = tokens[i + k];
        return token !== undefined && wordMatches(w, token, k === words.length - 1);
      });
      if (hit) {
        if (!found.includes(id)) found.push(id);
        i += words.length - 1;
        break;
      }
    }
  }
  return found;
}

let names: Record<string, string> | undefined;

/**
 * A platform's name as people read it (content/platforms.yaml): its brand
 * name, the same in every language and script. An id without a name is
 * shown as it is.
 */
export function platformName(id: string): string {
  names ??= readContentYaml('platforms.yaml', Joi.object<Record<string, string>>().pattern(Joi.string(), Joi.string().min(1)));
  return names[id] ?? id;
}
