/**
 * The "ti" forms of Serbian (2nd person singular): a text for an adult must
 * have none, because adults are addressed with "Vi". Used by the wording
 * test (every adult text in the catalogue) and the dialog tests (every
 * message an adult is shown).
 */

/** "ti" pronouns and possessives, and "si" (2nd person of "biti"). */
const TI_WORDS = new Set([
  'ti', 'tebe', 'tebi', 'tobom', 'si', 'nisi', 'jesi', 'ćeš', 'nećeš',
  'tvoj', 'tvoja', 'tvoje', 'tvog', 'tvoga', 'tvom', 'tvome', 'tvoju', 'tvojim', 'tvojih', 'tvojoj', 'tvojima',
]);

/**
 * Imperatives of the 2nd person singular whose form is nothing else
 * ("prijavi" is left out: it is also "he reports").
 */
const TI_IMPERATIVES = new Set([
  'idi', 'reci', 'kaži', 'pozovi', 'zovi', 'napiši', 'piši', 'opiši', 'izaberi', 'dodirni', 'sačuvaj', 'čuvaj',
  'zapiši', 'upiši', 'otkaži', 'pošalji', 'šalji', 'briši', 'nemoj', 'pitaj', 'ostani', 'kopiraj', 'blokiraj',
  'odgovaraj', 'plaćaj', 'preuzimaj', 'slikaj', 'daj', 'zaboravi', 'budi', 'preskoči', 'skrati', 'osveži', 'odustani',
]);

/** The 2nd person singular present ends in -š: "možeš", "želiš", "imaš" (not "naš", "vaš", "baš"). */
const TI_PRESENT = /^\p{L}+[aei]š$/u;
const NOT_TI_PRESENT = new Set(['naš', 'vaš', 'baš']);

/** Words in quotation marks are someone else's words ("„Nije tvoja krivica“", a parent asks the child). */
function withoutQuotes(text: string): string {
  return text.replace(/„[^“”"]*[“”"]/g, ' ').replace(/"[^"]*"/g, ' ').replace(/“[^”]*”/g, ' ');
}

/** The "ti" forms in a Serbian Latin text (Cyrillic: transliterate first), outside quotations. */
export function tiFormsIn(text: string): string[] {
  const words = withoutQuotes(text).toLowerCase().match(/\p{L}+/gu) ?? [];
  return words.filter((w) => TI_WORDS.has(w) || TI_IMPERATIVES.has(w) || (TI_PRESENT.test(w) && !NOT_TI_PRESENT.has(w)));
}

