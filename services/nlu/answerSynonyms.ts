import Joi from 'joi';
import { readContentYaml } from './contentFile';

/** One entry of content/nlu/answers.yaml: other ways to write an answer, and the entries it includes. */
interface SynonymEntry {
  also?: string[];
  sr?: string[];
  en?: string[];
}

const phrases = Joi.array().items(Joi.string().trim().min(1).max(80)).min(1);
const schema = Joi.object<Record<string, SynonymEntry>>().pattern(
  Joi.string().pattern(/^[A-Za-z0-9_.+-]+$/),
  Joi.object<SynonymEntry>({ also: Joi.array().items(Joi.string()).min(1), sr: phrases, en: phrases }).or('also', 'sr', 'en'),
);

let cached: Readonly<Record<string, SynonymEntry>> | undefined;

function entries(): Readonly<Record<string, SynonymEntry>> {
  if (cached) return cached;
  const loaded = readContentYaml('nlu/answers.yaml', schema);
  for (const [key, entry] of Object.entries(loaded)) {
    for (const other of entry.also ?? []) {
      if (!(other in loaded)) throw new Error(`content/nlu/answers.yaml: ${key} names ${other} in "also", which has no entry`);
    }
  }
  cached = loaded;
  return cached;
}

/** Every key of content/nlu/answers.yaml (for tests and checks). */
export function synonymKeys(): string[] {
  return Object.keys(entries());
}

/**
 * The other ways to write the answer `key` (Serbian and English, as authored),
 * with those of every entry it names in `also`, and the keys reached that way
 * (`key` first), so a caller can add their titles. Empty for an unknown key:
 * a button without synonyms is answered by its title alone.
 */
export function synonymsOf(key: string): { phrases: string[]; keys: string[] } {
  const all = entries();
  const keys: string[] = [];
  const out: string[] = [];
  const visit = (k: string): void => {
    if (keys.includes(k)) return;
    keys.push(k);
    const entry = all[k];
    if (!entry) return;
    out.push(...(entry.sr ?? []), ...(entry.en ?? []));
    for (const other of entry.also ?? []) visit(other);
  };
  visit(key);
  return { phrases: out, keys };
}
