import fs from 'node:fs';
import YAML from 'yaml';
import Joi from 'joi';
import { fromRoot } from '../../core/paths';
import { caseForms } from './inflect';
import { CuePattern, parseCues } from './cuePattern';
import { foldKey } from './foldKey';

/** What a folded word form says about a name. */
export interface NameForm {
  kind: 'first' | 'surname';
  /** The name is also an ordinary word (Nada, Vera, Will): a name only with a capital mid-sentence, a cue or a neighbouring name. */
  ambiguous: boolean;
  /** This form of an unambiguous name is also an ordinary word (marku = stamp): a name only when capitalised. */
  ordinaryForm: boolean;
}

/** Everything the detectors look words up in, built once from content/anonymise. */
export interface Lexicon {
  names: ReadonlyMap<string, NameForm>;
  /** Single-word places and platforms, with their case forms. */
  protectedWords: ReadonlySet<string>;
  /** Multi-word places and platforms: each word's case forms, in order. */
  protectedPhrases: ReadonlyArray<ReadonlyArray<ReadonlySet<string>>>;
  /** Words never taken for a name (God, Mom, days, months…). */
  notNames: ReadonlySet<string>;
  /** Days, months and "tomorrow"-words with their cues (content/anonymise/calendar.yaml). */
  calendar: {
    days: ReadonlySet<string>;
    months: ReadonlySet<string>;
    relative: ReadonlySet<string>;
    dayCues: ReadonlySet<string>;
    monthCues: ReadonlySet<string>;
  };
  ordinary: ReadonlySet<string>;
  serbianMarkers: ReadonlySet<string>;
  englishMarkers: ReadonlySet<string>;
  cues: {
    strongName: CuePattern[];
    weakName: CuePattern[];
    /** Words after which a sentence-initial name-that-is-also-a-word is a person ("Nada je…"). */
    personAfter: CuePattern[];
    street: CuePattern[];
    addressClause: CuePattern[];
    addressBefore: CuePattern[];
    streetTitles: ReadonlySet<string>;
    englishStreetTypes: ReadonlySet<string>;
    notHouseNumber: ReadonlySet<string>;
    schoolNouns: ReadonlySet<string>;
    schoolAbbreviations: ReadonlySet<string>;
    schoolCapitalisedOnly: ReadonlySet<string>;
    schoolDistinguishing: CuePattern[];
    schoolGeneric: ReadonlySet<string>;
    birth: string[];
    phone: CuePattern[];
    handle: CuePattern[];
    /** Digits of public helplines (19833, 116 111…), kept in the text. */
    publicNumbers: ReadonlySet<string>;
  };
}

const words = Joi.string().allow('');
const list = Joi.array().items(Joi.string());

const namesSchema = Joi.object({
  serbianFirstNames: Joi.object({ male: words.required(), female: words.required() }).required(),
  serbianSurnames: words.required(),
  foreignSurnames: words.required(),
  ambiguousSurnames: words.required(),
  foreignFirstNames: Joi.object({ male: words.required(), female: words.required() }).required(),
  ambiguous: words.required(),
  notNames: words.required(),
});

const placesSchema = Joi.object().pattern(Joi.string(), words);

const cuesSchema = Joi.object({
  names: Joi.object({ strong: list.required(), weak: list.required(), personAfter: list.required() }).required(),
  addresses: Joi.object({
    street: list.required(),
    clause: list.required(),
    before: list.required(),
    titles: list.required(),
    englishStreetTypes: list.required(),
    notHouseNumber: list.required(),
  }).required(),
  schools: Joi.object({
    nouns: list.required(),
    capitalisedOnly: list.required(),
    abbreviations: list.required(),
    distinguishing: list.required(),
    generic: list.required(),
  }).required(),
  birth: list.required(),
  phones: list.required(),
  publicNumbers: list.required(),
  handles: list.required(),
});

const calendarSchema = Joi.object({
  days: words.required(),
  months: words.required(),
  relative: words.required(),
  cues: Joi.object({ days: words.required(), months: words.required() }).required(),
});

const wordsSchema = Joi.object({
  serbian: words.required(),
  english: words.required(),
  serbianMarkers: words.required(),
  englishMarkers: words.required(),
});

function load<T>(file: string, schema: Joi.Schema): T {
  const doc = YAML.parse(fs.readFileSync(fromRoot('content', 'anonymise', file), 'utf8')) as unknown;
  const { error, value } = schema.validate(doc);
  if (error) throw new Error(`content/anonymise/${file}: ${error.message}`);
  return value as T;
}

function split(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

function keySet(items: readonly string[]): Set<string> {
  return new Set(items.map(foldKey));
}

/** Builds the lexicon from the content files (validated with joi). */
export function buildLexicon(): Lexicon {
  type Names = {
    serbianFirstNames: { male: string; female: string };
    foreignFirstNames: { male: string; female: string };
    serbianSurnames: string; foreignSurnames: string; ambiguousSurnames: string;
    ambiguous: string; notNames: string;
  };
  type Cues = {
    names: { strong: string[]; weak: string[]; personAfter: string[] };
    addresses: Record<'street' | 'clause' | 'before' | 'titles' | 'englishStreetTypes' | 'notHouseNumber', string[]>;
    schools: Record<'nouns' | 'capitalisedOnly' | 'abbreviations' | 'distinguishing' | 'generic', string[]>;
    birth: string[]; phones: string[]; handles: string[]; publicNumbers: string[];
  };
  type Words = { serbian: string; english: string; serbianMarkers: string; englishMarkers: string };
  type Calendar = { days: string; months: string; relative: string; cues: { days: string; months: string } };

  const n = load<Names>('names.yaml', namesSchema);
  const places = load<Record<string, string>>('places.yaml', placesSchema);
  const c = load<Cues>('cues.yaml', cuesSchema);
  const w = load<Words>('words.yaml', wordsSchema);
  const cal = load<Calendar>('calendar.yaml', calendarSchema);

  const ordinary = new Set([...split(w.serbian), ...split(w.english)].map(foldKey));
  const ambiguousBases = keySet(split(n.ambiguous));
  const ambiguousSurnames = keySet(split(n.ambiguousSurnames));
  const names = new Map<string, NameForm>();
  const addNames = (text: string, kind: NameForm['kind']): void => {
    for (const name of split(text)) {
      const base = foldKey(name);
      const baseAmbiguous = ambiguousBases.has(base) || ambiguousSurnames.has(base);
      for (const form of caseForms(base)) {
        const prev = names.get(form);
        // A form that is some unambiguous name (Marku: Marko) is not ambiguous for another (Mark).
        names.set(form, {
          kind: prev?.kind === 'first' ? 'first' : kind,
          ambiguous: baseAmbiguous && (prev?.ambiguous ?? true),
          ordinaryForm: ordinary.has(form) || (prev?.ordinaryForm ?? false),
        });
      }
    }
  };
  addNames(n.serbianFirstNames.male, 'first');
  addNames(n.serbianFirstNames.female, 'first');
  addNames(n.foreignFirstNames.male, 'first');
  addNames(n.foreignFirstNames.female, 'first');
  addNames(n.serbianSurnames, 'surname');
  addNames(n.foreignSurnames, 'surname');
  addNames(n.ambiguousSurnames, 'surname');

  // A place's case form that is some name's own nominative (Kać → kaca, but Kaća) stays a name.
  const nameBases = new Set(
    [n.serbianFirstNames.male, n.serbianFirstNames.female, n.foreignFirstNames.male, n.foreignFirstNames.female]
      .flatMap(split)
      .map(foldKey),
  );
  const protectedWords = new Set<string>();
  const protectedPhrases: Array<Array<Set<string>>> = [];
  for (const group of Object.values(places)) {
    for (const place of group.split(';').map((p) => p.trim()).filter((p) => p.length > 0)) {
      const parts = split(place).map((word) => {
        const base = foldKey(word);
        return new Set(caseForms(base).filter((f) => f === base || !nameBases.has(f)));
      });
      if (parts.length === 1 && parts[0]) for (const f of parts[0]) protectedWords.add(f);
      else protectedPhrases.push(parts);
    }
  }

  return {
    names,
    protectedWords,
    protectedPhrases,
    notNames: keySet(split(n.notNames)),
    calendar: {
      days: keySet(split(cal.days)),
      months: keySet(split(cal.months)),
      relative: keySet(split(cal.relative)),
      dayCues: keySet(split(cal.cues.days)),
      monthCues: keySet(split(cal.cues.months)),
    },
    ordinary,
    serbianMarkers: keySet(split(w.serbianMarkers)),
    englishMarkers: keySet(split(w.englishMarkers)),
    cues: {
      strongName: parseCues(c.names.strong),
      weakName: parseCues(c.names.weak),
      personAfter: parseCues(c.names.personAfter),
      street: parseCues(c.addresses.street),
      addressClause: parseCues(c.addresses.clause),
      addressBefore: parseCues(c.addresses.before),
      streetTitles: keySet(c.addresses.titles),
      englishStreetTypes: keySet(c.addresses.englishStreetTypes),
      notHouseNumber: keySet(c.addresses.notHouseNumber),
      schoolNouns: keySet(c.schools.nouns),
      schoolAbbreviations: keySet(c.schools.abbreviations.map((a) => a.replace(/\./g, ''))),
      schoolCapitalisedOnly: keySet(c.schools.capitalisedOnly),
      schoolDistinguishing: parseCues(c.schools.distinguishing),
      schoolGeneric: keySet(c.schools.generic),
      birth: c.birth.map(foldKey),
      phone: parseCues(c.phones),
      handle: parseCues(c.handles),
      publicNumbers: new Set(c.publicNumbers.map((n) => n.replace(/\D/g, ''))),
    },
  };
}

let cached: Lexicon | undefined;

/** The lexicon, loaded from disk on first use and kept for the process. */
export function lexicon(): Lexicon {
  cached ??= buildLexicon();
  return cached;
}
