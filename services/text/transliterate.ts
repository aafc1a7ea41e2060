/**
 * Serbian script conversion and the folding used wherever text is compared.
 *
 * Serbian Latin ↔ Cyrillic is one-to-one except for the digraphs lj, nj and dž,
 * which are single Cyrillic letters (љ, њ, џ). Words of foreign origin where
 * the pair is not a digraph (e.g. "injekcija") are rare in this product's texts
 * and are listed as exceptions so they transliterate correctly.
 */

const LATIN_TO_CYRILLIC: ReadonlyArray<readonly [string, string]> = [
  ['Dž', 'Џ'], ['DŽ', 'Џ'], ['dž', 'џ'],
  ['Lj', 'Љ'], ['LJ', 'Љ'], ['lj', 'љ'],
  ['Nj', 'Њ'], ['NJ', 'Њ'], ['nj', 'њ'],
  ['A', 'А'], ['B', 'Б'], ['C', 'Ц'], ['Č', 'Ч'], ['Ć', 'Ћ'], ['D', 'Д'], ['Đ', 'Ђ'],
  ['E', 'Е'], ['F', 'Ф'], ['G', 'Г'], ['H', 'Х'], ['I', 'И'], ['J', 'Ј'], ['K', 'К'],
  ['L', 'Л'], ['M', 'М'], ['N', 'Н'], ['O', 'О'], ['P', 'П'], ['R', 'Р'], ['S', 'С'],
  ['Š', 'Ш'], ['T', 'Т'], ['U', 'У'], ['V', 'В'], ['Z', 'З'], ['Ž', 'Ж'],
  ['a', 'а'], ['b', 'б'], ['c', 'ц'], ['č', 'ч'], ['ć', 'ћ'], ['d', 'д'], ['đ', 'ђ'],
  ['e', 'е'], ['f', 'ф'], ['g', 'г'], ['h', 'х'], ['i', 'и'], ['j', 'ј'], ['k', 'к'],
  ['l', 'л'], ['m', 'м'], ['n', 'н'], ['o', 'о'], ['p', 'п'], ['r', 'р'], ['s', 'с'],
  ['š', 'ш'], ['t', 'т'], ['u', 'у'], ['v', 'в'], ['z', 'з'], ['ž', 'ж'],
];

/** Latin words in which n+j or d+ž are two letters, not a digraph. */
const DIGRAPH_EXCEPTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b([Ii])njekc/g, '$1нјекц'],
  [/\b([Kk])onjunkt/g, '$1онјункт'],
  [/\b([Nn])adživ/g, '$1аджив'],
  [/\b([Pp])odžanr/g, '$1оджанр'],
];

const latinMap = new Map<string, string>();
for (const [lat, cyr] of LATIN_TO_CYRILLIC) {
  latinMap.set(lat, cyr);
}

const cyrillicMap = new Map<string, string>();
for (const [lat, cyr] of LATIN_TO_CYRILLIC) {
  // The first (title-case) spelling wins for the capital digraph letters.
  if (!cyrillicMap.has(cyr)) {
    cyrillicMap.set(cyr, lat);
  }
}

/**
 * Platform names as the platforms write them. Serbian Cyrillic text keeps
 * them in Latin script ("Instagram, TikTok и WhatsApp"): transliterated
 * letter by letter they come out wrong ("Снапцхат", "Фацебоок") or not at
 * all (W, Y, X have no Cyrillic letter).
 */
export const LATIN_BRANDS: readonly string[] = [
  'Instagram', 'TikTok', 'Snapchat', 'WhatsApp', 'Viber', 'Discord', 'Facebook', 'YouTube', 'Roblox', 'Telegram',
  'Messenger', 'Fortnite', 'Minecraft', 'Twitch', 'Reddit', 'Steam', 'PlayStation', 'Xbox',
];

const TOKEN = new RegExp(
  `(\\{\\{[^}]*\\}\\}|\\{[^}]*\\}|https?:\\/\\/\\S+|tel:\\S+|mailto:\\S+|\\S+@\\S+\\.\\S+|\\[[^\\]]*\\]\\([^)]*\\)|<[^>]+>|\\b(?:${LATIN_BRANDS.join('|')})\\b)`,
  'g',
);

/**
 * Converts Serbian Latin script to Cyrillic. Placeholders (`{name}`), links,
 * e-mail addresses, Markdown link targets, HTML tags and platform names
 * ({@link LATIN_BRANDS}) are left untouched so that resources stay valid
 * after conversion.
 */
export function latinToCyrillic(text: string): string {
  return text
    .split(TOKEN)
    .map((part, i) => (i % 2 === 1 ? convertMarkdownLink(part) : convertPlain(part)))
    .join('');
}

function convertMarkdownLink(part: string): string {
  const m = /^\[([^\]]*)\]\(([^)]*)\)$/.exec(part);
  if (m) {
    return `[${convertPlain(m[1] ?? '')}](${m[2] ?? ''})`;
  }
  return part;
}

function convertPlain(text: string): string {
  let out = text;
  for (const [pattern, replacement] of DIGRAPH_EXCEPTIONS) {
    out = out.replace(pattern, replacement);
  }
  let result = '';
  for (let i = 0; i < out.length; i++) {
    const pair = out.slice(i, i + 2);
    const digraph = pair.length === 2 ? latinMap.get(pair) : undefined;
    if (digraph !== undefined && /[DdLlNn]/.test(pair[0] ?? '')) {
      result += digraph;
      i++;
      continue;
    }
    const ch = out[i] ?? '';
    result += latinMap.get(ch) ?? ch;
  }
  return result;
}

/** Converts Serbian Cyrillic to Latin script (with diacritics). */
export function cyrillicToLatin(text: string): string {
  let result = '';
  for (const ch of text) {
    result += cyrillicMap.get(ch) ?? ch;
  }
  return result;
}

/** True when the text has more Cyrillic letters than Latin ones. */
export function isMostlyCyrillic(text: string): boolean {
  let cyr = 0;
  let lat = 0;
  for (const ch of text) {
    if (/[\u0400-\u04FF]/.test(ch)) cyr++;
    else if (/[A-Za-zČĆŠŽĐčćšžđ]/.test(ch)) lat++;
  }
  return cyr > 0 && cyr >= lat;
}

const FOLD: Record<string, string> = { č: 'c', ć: 'c', š: 's', ž: 'z', đ: 'dj' };
/** Anything but printable ASCII and ordinary white space. */
const NOT_ASCII = /[^\t\n\r\x20-\x7e]/;

/**
 * The comparison form of any Serbian or English text: Cyrillic → Latin,
 * lower case, diacritics folded (č ć → c, š → s, ž → z, đ → dj), other
 * accents stripped. Used identically for training data and user input.
 */
export function fold(text: string): string {
  // Plain ASCII (most messages) has no Cyrillic, diacritics or accents: only the case changes.
  if (!NOT_ASCII.test(text)) return text.toLowerCase();
  return cyrillicToLatin(text)
    .toLowerCase()
    .replace(/[čćšžđ]/g, (c) => FOLD[c] ?? c)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}
