/**
 * Serbian case forms of a folded name or place, for matching running text
 * (Marko → marka, marku, markom; Ana → ane, ani, anu, anom; Kragujevac →
 * kragujevca, kragujevcu; Jovanović → jovanovica, jovanovicu, jovanovicem).
 *
 * Over-generation is harmless here — a form such as "dragnu" never occurs in
 * text — so the rules are broad rather than exact. Possessive adjectives
 * (Markov, Anin telefon) are included because children write them often.
 */
export function caseForms(base: string): string[] {
  const forms = new Set<string>([base]);
  const add = (stem: string, endings: readonly string[]): void => {
    for (const e of endings) forms.add(stem + e);
  };
  const last = base.slice(-1);
  if (base.length < 2) return [...forms];
  if (last === 'a') {
    const stem = base.slice(0, -1);
    add(stem, ['a', 'e', 'i', 'u', 'om', 'oj', 'o', 'in', 'ina', 'inu', 'ine', 'inog', 'inom', 'inoj']);
  } else if (last === 'o' || last === 'e') {
    const stem = base.slice(0, -1);
    add(stem, ['a', 'u', 'om', 'em', 'e', 'o', 'ov', 'ova', 'ovu', 'ove', 'ovog', 'ovom', 'ev', 'eva', 'evu', 'eve']);
    // Pavao → Pavla: the -ao of some masculine names drops its vowel.
    if (base.endsWith('ao')) add(base.slice(0, -2) + 'l', ['a', 'u', 'om', 'e']);
  } else if (last === 'i') {
    // Miki → Mikija; and adjectives in place names: Novi Sad → Novog/Novom Sadu.
    add(base, ['ja', 'ju', 'jem']);
    add(base.slice(0, -1), ['og', 'oga', 'om', 'ome', 'oj', 'a', 'e', 'u', 'ih', 'im']);
  } else if (/[a-z]/.test(last)) {
    add(base, ['a', 'u', 'om', 'em', 'e', 'i', 'ov', 'ova', 'ovu', 'ove', 'ovog', 'ovom', 'ev', 'eva', 'evu', 'eve', 'ima']);
    // Fleeting a: Petar → Petra, Kragujevac → Kragujevca, Čačak → Čačka.
    const m = /^(.*[^aeiou])a([rck])$/.exec(base);
    if (m) add((m[1] ?? '') + (m[2] ?? ''), ['a', 'u', 'om', 'em', 'e', 'i', 'ov', 'ova', 'ovu']);
    // Sibilarisation in the dative/locative of -k/-g/-h stems is rare in names; skip it.
  }
  return [...forms];
}
