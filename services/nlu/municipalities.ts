import Joi from 'joi';
import { contentFileExists, readContentYaml } from './contentFile';
import { entityData } from './entityData';
import { tokenize } from './normalise';

/** Where the municipality list lives (shared with routing). */
export const MUNICIPALITIES_FILE = 'geo/municipalities.yaml';

interface Municipality {
  slug: string;
  name: string;
  aliases?: string[];
}

const itemSchema = Joi.object<Municipality>({
  slug: Joi.string().required(),
  name: Joi.string().required(),
  aliases: Joi.array().items(Joi.string()),
}).unknown(true);
// The list may be the document itself or under a `municipalities` key.
const schema = Joi.alternatives<Municipality[] | { municipalities: Municipality[] }>(
  Joi.array().items(itemSchema),
  Joi.object({ municipalities: Joi.array().items(itemSchema).required() }).unknown(true),
);

/** Serbian case endings a town name may take ("Nišu", "Novog", "Kragujevca"). */
const ENDINGS = ['', 'a', 'e', 'i', 'o', 'u', 'om', 'em', 'oj', 'og', 'oga', 'ome', 'omu', 'im', 'ih', 'ima', 'ama', 'ega', 'emu'];
/** Inflected forms of shorter stems ("nis" → "nisu" = "they are not") need a preposition before them. */
const MIN_FREE_STEM = 4;

interface WordMatcher {
  exact: string;
  stems: string[];
}

interface Form {
  slug: string;
  words: WordMatcher[];
  /** Matches only after a preposition. */
  needsPreposition: boolean;
  /** Inflected forms need a preposition (short stems). */
  inflectedNeedsPreposition: boolean;
}

let forms: Form[] | undefined;
/** Forms by the first two letters of their first word: a token only tries the forms that could start with it. */
let byPrefix: Map<string, Form[]> | undefined;
let prepositionSet: Set<string> | undefined;
const PREFIX = 2;

/** Stems of a folded word, allowing for the fleeting a (Kragujevac → Kragujevc-u). */
function stemsOf(word: string): string[] {
  const stems = new Set<string>([word]);
  if (/[aeiou]$/.test(word)) stems.add(word.slice(0, -1));
  const fleeting = /^(.*)a([ck])$/.exec(word);
  if (fleeting) stems.add(`${fleeting[1]}${fleeting[2]}`);
  return [...stems].filter((s) => s.length >= 2);
}

function load(): Form[] {
  if (forms) return forms;
  if (!contentFileExists(MUNICIPALITIES_FILE)) return [];
  const doc = readContentYaml(MUNICIPALITIES_FILE, schema);
  const list = Array.isArray(doc) ? doc : doc.municipalities;
  const data = entityData();
  const common = new Set(data.municipalityCommonWords.map((w) => tokenize(w).join(' ')));
  const built: Form[] = [];
  for (const m of list) {
    const words = tokenize(m.name);
    const key = words.join(' ');
    built.push({
      slug: m.slug,
      words: words.map((w) => ({ exact: w, stems: stemsOf(w) })),
      needsPreposition: common.has(key),
      inflectedNeedsPreposition: words.length === 1 && Math.min(...stemsOf(words[0] ?? '').map((s) => s.length)) < MIN_FREE_STEM,
    });
    const extra = [...(m.aliases ?? []), ...(data.municipalityAliases[m.slug] ?? [])];
    for (const alias of extra) {
      const aliasWords = tokenize(alias);
      if (aliasWords.length === 0) continue;
      built.push({
        slug: m.slug,
        words: aliasWords.map((w) => ({ exact: w, stems: [] })),
        needsPreposition: false,
        inflectedNeedsPreposition: false,
      });
    }
  }
  // Longer names first: "Novi Beograd" must win over "Beograd".
  built.sort((a, b) => b.words.length - a.words.length);
  byPrefix = new Map();
  for (const form of built) {
    const key = form.words[0]?.exact.slice(0, PREFIX) ?? '';
    byPrefix.set(key, [...(byPrefix.get(key) ?? []), form]);
  }
  prepositionSet = new Set(data.prepositions.map((p) => tokenize(p).join(' ')));
  forms = built;
  return forms;
}

function matchWord(m: WordMatcher, token: string): 'exact' | 'inflected' | undefined {
  if (token === m.exact) return 'exact';
  for (const stem of m.stems) {
    if (token.startsWith(stem) && ENDINGS.includes(token.slice(stem.length))) return 'inflected';
  }
  return undefined;
}

/**
 * Slugs of the municipalities a text names, in any script, with Serbian
 * case endings ("u Nišu", "iz Novog Sada", "u Kragujevcu"). Reads
 * content/geo/municipalities.yaml on first use; without it, finds none.
 */
export function extractMunicipalities(text: string): string[] {
  return municipalitiesIn(tokenize(text));
}

/** {@link extractMunicipalities} on a text's {@link tokenize}d tokens. */
export function municipalitiesIn(tokens: readonly string[]): string[] {
  if (load().length === 0 || !byPrefix || !prepositionSet) return [];
  const found: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const candidates = byPrefix.get((tokens[i] ?? '').slice(0, PREFIX));
    if (!candidates) continue;
    const afterPreposition = i > 0 && prepositionSet.has(tokens[i - 1] ?? '');
    for (const form of candidates) {
      if (form.needsPreposition && !afterPreposition) continue;
      let inflected = false;
      const hit = form.words.every((w, k) => {
        const kind = matchWord(w, tokens[i + k] ?? '');
        if (kind === 'inflected') inflected = true;
        return kind !== undefined;
      });
      if (!hit || (inflected && form.inflectedNeedsPreposition && !afterPreposition)) continue;
      if (!found.includes(form.slug)) found.push(form.slug);
      i += form.words.length - 1;
      break;
    }
  }
  return found;
}

/** Forgets the loaded list (for tests that write the file). */
export function resetMunicipalities(): void {
  forms = undefined;
  byPrefix = undefined;
}
