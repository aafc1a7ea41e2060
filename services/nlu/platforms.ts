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
  /** Place in the list (longer aliases first). */
  rank: number;
}

/**
 * The aliases by their first word, built once: a token tries only the
 * aliases it can start — those whose first word it is, and one-word
 * aliases it is an inflected form of — instead of every alias.
 */
interface Aliases {
  byFirst: Map<string, Alias[]>;
}

let aliases: Aliases | undefined;

function load(): Aliases {
  if (aliases) return aliases;
  const list: Omit<Alias, 'rank'>[] = [];
  for (const [id, spellings] of Object.entries(entityData().platforms)) {
    for (const spelling of spellings) {
      const words = tokenize(spelling);
      if (words.length > 0) list.push({ id, words });
    }
  }
  // Longer aliases first, so "tik tok" is taken before a shorter alias could be.
  list.sort((a, b) => b.words.length - a.words.length);
  const byFirst = new Map<string, Alias[]>();
  list.forEach((a, rank) => {
    const first = a.words[0] as string;
    byFirst.set(first, [...(byFirst.get(first) ?? []), { ...a, rank }]);
  });
  aliases = { byFirst };
  return aliases;
}

/** The aliases that could start at `token`, in list order. */
function candidatesAt(token: string, { byFirst }: Aliases): Alias[] {
  const out = [...(byFirst.get(token) ?? [])];
  // A one-word alias may carry a case ending ("fejsu", "diskordom").
  for (const ending of ENDINGS) {
    if (token.length - ending.length < MIN_INFLECTED || !token.endsWith(ending)) continue;
    for (const a of byFirst.get(token.slice(0, -ending.length)) ?? []) if (a.words.length === 1) out.push(a);
  }
  return out.length > 1 ? out.sort((a, b) => a.rank - b.rank) : out;
}

function wordMatches(alias: string, token: string, last: boolean): boolean {
  if (token === alias) return true;
  if (!last || alias.length < MIN_INFLECTED || !token.startsWith(alias)) return false;
  return ENDINGS.has(token.slice(alias.length));
}

/** Canonical ids of the platforms a text mentions, in order of first mention. */
export function extractPlatforms(text: string): string[] {
  return platformsIn(tokenize(text));
}

/** {@link extractPlatforms} on a text's {@link tokenize}d tokens. */
export function platformsIn(tokens: readonly string[]): string[] {
  const index = load();
  const found: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const { id, words } of candidatesAt(tokens[i] as string, index)) {
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
