import Joi from 'joi';
import { readContentYaml } from './contentFile';
import { normalisedTokens } from './normalise';
import { BOUNDARY, Phrase, TokenSet } from './phraseMatcher';
import {
  CRISIS_SITUATIONS, CrisisKind, crisisKindOf, CrisisSituation, Intent, Recognition, ScoredIntent,
} from './types';

/** The intents the net can raise. */
export type CrisisIntent = CrisisKind;

const isCrisis = (intent: Intent): boolean => intent === 'emergency' || intent === 'self_harm';

/**
 * A classifier's reading of a message that held a not-a-crisis expression:
 * what it says about everything else comes from the whole message (`whole`:
 * "they keep telling me I'm ugly" is still cyberbullying), what it says
 * about a crisis comes only from the rest (`rest`, empty when too little was
 * left), so the masked words cannot raise one. Highest score first, at most
 * `limit` interpretations; `none` when nothing is left.
 */
export function crisisFromRest(whole: readonly ScoredIntent[], rest: readonly ScoredIntent[], limit: number): ScoredIntent[] {
  const merged = [...whole.filter((a) => !isCrisis(a.intent)), ...rest.filter((a) => isCrisis(a.intent))]
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
  return merged.length > 0 ? merged : [{ intent: 'none', score: 1 }];
}

/**
 * One lexicon entry: a phrase, or `all` phrases occurring anywhere in the
 * message, in any order ("tata" … "tuče"); `unless` phrases anywhere in the
 * message cancel it ("prati me na Instagramu" is about followers).
 */
type Entry = string | { phrase: string; unless?: string[] } | { all: string[]; unless?: string[] };

/**
 * A worry that is no crisis but deserves a kind answer with the line that
 * helps: afraid of how a parent will react, afraid to tell.
 */
export const WORRIES = ['fearOfTelling'] as const;
export type Worry = (typeof WORRIES)[number];

interface Lexicon {
  words: Record<string, string>;
  filler: string[];
  situations: Record<CrisisSituation, Entry[]>;
  notCrisis: Entry[];
  worries?: Partial<Record<Worry, Entry[]>>;
}

const entrySchema = Joi.alternatives(
  Joi.string(),
  Joi.object({ phrase: Joi.string().required(), unless: Joi.array().items(Joi.string()) }),
  Joi.object({ all: Joi.array().items(Joi.string()).min(2).required(), unless: Joi.array().items(Joi.string()) }),
);
const schema = Joi.object<Lexicon>({
  words: Joi.object().pattern(/^[a-zA-Z]+$/, Joi.string()).default({}),
  filler: Joi.array().items(Joi.string()).default([]),
  situations: Joi.object(Object.fromEntries(CRISIS_SITUATIONS.map((s) => [s, Joi.array().items(entrySchema).min(1).required()]))).required(),
  notCrisis: Joi.array().items(entrySchema).required(),
  worries: Joi.object(Object.fromEntries(WORRIES.map((w) => [w, Joi.array().items(entrySchema).min(1)]))).default({}),
});

/**
 * What is left of a message after a not-a-crisis expression is taken out
 * must have at least this many words other than fillers ("se", "da", "the")
 * to be worth classifying: "sramota me je" leaves "me je", "I'm dying of
 * embarrassment" leaves "im", and a classifier guesses wildly on such
 * scraps (it read "me je" as emergency).
 */
const MIN_REMAINDER_WORDS = 3;

interface CompiledEntry {
  /** Every one must occur (one for a plain phrase). */
  all: Phrase[];
  unless: Phrase[];
}

/**
 * Entries by the words that can start their first phrase, built once with
 * the lexicon: a message then tries only the entries one of its words can
 * start (a handful of the lexicon's hundreds), instead of asking every
 * entry. {@link candidates} returns a superset of the entries whose first
 * phrase {@link Phrase.couldMatch} the words, in lexicon order; the caller
 * still runs the full check on each, so what fires is unchanged.
 */
class EntryIndex<T extends { entry: CompiledEntry }> {
  private readonly exact = new Map<string, number[]>();
  private readonly prefix = new Map<string, number[]>();
  private readonly always: number[] = [];
  private readonly prefixLengths: number[];

  constructor(readonly items: readonly T[]) {
    const lengths = new Set<number>();
    items.forEach(({ entry }, i) => {
      const starts = entry.all[0]?.starts();
      if (!starts) {
        this.always.push(i);
        return;
      }
      for (const { word, prefix } of starts) {
        const map = prefix ? this.prefix : this.exact;
        const list = map.get(word);
        if (list) list.push(i);
        else map.set(word, [i]);
        if (prefix) lengths.add(word.length);
      }
    });
    this.prefixLengths = [...lengths].sort((a, b) => a - b);
  }

  /** The items whose first phrase one of `words` could start, in lexicon order. */
  candidates(words: Iterable<string>): T[] {
    const hit = new Set<number>(this.always);
    const add = (list: readonly number[] | undefined): void => {
      if (list) for (const i of list) hit.add(i);
    };
    for (const w of words) {
      add(this.exact.get(w));
      for (const n of this.prefixLengths) {
        if (n > w.length) break;
        add(this.prefix.get(w.slice(0, n)));
      }
    }
    return [...hit].sort((a, b) => a - b).map((i) => this.items[i] as T);
  }
}

/** What the net reads in a message, before any classifier. */
export interface CrisisReading {
  /** Situations whose crisis phrases occur, in CRISIS_SITUATIONS (priority) order. */
  situations: CrisisSituation[];
  /**
   * What a classifier should read: the message itself, or, when it holds an
   * expression that only sounds like a crisis ("umreću od smeha", "mama će
   * se naljutiti", "sramota me je"), its normalised words without that
   * expression (empty when too little is left to mean anything). A
   * classifier reads such words as a crisis (they share its vocabulary),
   * and one answer per message cannot say "this part is a joke".
   */
  classifyText: string;
  /** True when such an expression was taken out. */
  masked: boolean;
}

/**
 * The crisis safety net (content/nlu/crisis.yaml), applied on top of any
 * classifier. Crisis phrases, grouped by situation, raise their crisis
 * intent even when the classifier is unsure or wrong: a missed crisis is far
 * worse than a false alarm. Expressions that only sound like one (idioms,
 * fear of a parent's anger, shame, sadness, negations) are masked first, so
 * neither the phrases nor the classifier read them; a crisis phrase
 * elsewhere in the same message still counts.
 */
export class CrisisNet {
  private readonly situationEntries: EntryIndex<{ entry: CompiledEntry; situation: CrisisSituation }>;
  private readonly notCrisis: EntryIndex<{ entry: CompiledEntry }>;
  private readonly worryEntries: EntryIndex<{ entry: CompiledEntry; worry: Worry }>;
  private readonly filler: ReadonlySet<string>;

  constructor(lexicon: Lexicon) {
    const words = lexicon.words ?? {};
    this.situationEntries = new EntryIndex(
      CRISIS_SITUATIONS.flatMap((situation) => lexicon.situations[situation].map((e) => ({ entry: compile(e, words), situation }))),
    );
    this.notCrisis = new EntryIndex(lexicon.notCrisis.map((e) => ({ entry: compile(e, words) })));
    this.worryEntries = new EntryIndex(WORRIES.flatMap((worry) => (lexicon.worries?.[worry] ?? []).map((e) => ({ entry: compile(e, words), worry }))));
    this.filler = new Set((lexicon.filler ?? []).flatMap((w) => normalisedTokens(w)));
  }

  /** Loads the lexicon from content/nlu/crisis.yaml. */
  static fromContent(): CrisisNet {
    return new CrisisNet(readContentYaml('nlu/crisis.yaml', schema));
  }

  /** Reads `text` (any script): its crisis situations and what a classifier should see. */
  read(text: string, tokens: readonly string[] = normalisedTokens(text)): CrisisReading {
    const tokenSet = new TokenSet(tokens);
    const masked = this.mask(tokens, tokenSet);
    const maskedSet = masked.includes(BOUNDARY) ? new TokenSet(masked) : tokenSet;
    // Candidates by the message's own words: the masked words are among them.
    const fired = new Set<CrisisSituation>();
    for (const { entry, situation } of this.situationEntries.candidates(tokenSet.words)) {
      if (!fired.has(situation) && fires(entry, { tokens: masked, set: maskedSet }, { tokens, set: tokenSet })) fired.add(situation);
    }
    const situations = CRISIS_SITUATIONS.filter((s) => fired.has(s));
    const changed = masked.some((t) => t === BOUNDARY);
    const rest = masked.filter((t) => t !== BOUNDARY);
    const meaningful = rest.filter((t) => !this.filler.has(t)).length;
    return {
      situations,
      classifyText: !changed ? text : meaningful >= MIN_REMAINDER_WORDS ? rest.join(' ') : '',
      masked: changed,
    };
  }

  /**
   * The worries in `text` (any script) that deserve a kind answer: read on
   * the whole message, since they are the very expressions the crisis check
   * masks. Whether a crisis comes first is the caller's to decide.
   */
  worries(text: string): Worry[] {
    const tokens = normalisedTokens(text);
    const words: Words = { tokens, set: new TokenSet(tokens) };
    const found = new Set<Worry>();
    for (const { entry, worry } of this.worryEntries.candidates(words.set.words)) {
      if (!found.has(worry) && fires(entry, words, words)) found.add(worry);
    }
    return WORRIES.filter((w) => found.has(w));
  }

  /** The crisis intents whose phrases occur in `text` (emergency first). */
  hits(text: string): CrisisIntent[] {
    return kindsOf(this.read(text).situations);
  }

  /**
   * Returns `recognition` with a crisis intent on top when the lexicon
   * finds one the classifier did not put first, and the situations found.
   * When both crisis intents are hit, `emergency` wins: its card also gives
   * the self-harm lines (bots/crisisCheck.ts).
   */
  apply(text: string, recognition: Recognition, reading: CrisisReading = this.read(text)): Recognition {
    const kinds = kindsOf(reading.situations);
    const chosen = kinds[0];
    if (!chosen) return recognition;
    const situations = reading.situations;
    if (recognition.intent === chosen) return { ...recognition, crisisLexiconHit: true, crisisSituations: situations };
    const scoreOf = (intent: Intent): number => recognition.alternatives.find((a) => a.intent === intent)?.score ?? 0;
    // The lexicon is certain enough to outrank whatever the classifier said.
    const score = Math.max(scoreOf(chosen), recognition.score);
    const alternatives: ScoredIntent[] = [
      { intent: chosen, score },
      ...recognition.alternatives.filter((a) => a.intent !== chosen),
    ];
    return { ...recognition, intent: chosen, score, alternatives, crisisLexiconHit: true, crisisSituations: situations };
  }

  /** `tokens` with every not-a-crisis expression replaced by boundaries. */
  private mask(tokens: readonly string[], set: TokenSet): string[] {
    const out = [...tokens];
    for (const { entry } of this.notCrisis.candidates(set.words)) {
      if (!entry.all.every((p) => p.couldMatch(set))) continue;
      if (entry.unless.some((u) => u.couldMatch(set) && u.matches(tokens))) continue;
      const spans = entry.all.map((p) => p.spans(tokens));
      if (spans.some((s) => s.length === 0)) continue;
      for (const [start, end] of spans.flat()) out.fill(BOUNDARY, start, end);
    }
    return out;
  }
}

function kindsOf(situations: readonly CrisisSituation[]): CrisisIntent[] {
  const kinds = new Set(situations.map(crisisKindOf));
  return (['emergency', 'self_harm'] as const).filter((k) => kinds.has(k));
}

let shared: CrisisNet | undefined;

/** The worries in `text` by the lexicon in content/nlu/crisis.yaml (read once). */
export function worriesIn(text: string): Worry[] {
  shared ??= CrisisNet.fromContent();
  return shared.worries(text);
}

/** An entry fires when all its phrases occur in the masked words and no `unless` in the message. */
function fires(entry: CompiledEntry, masked: Words, message: Words): boolean {
  return (
    entry.all.every((p) => p.couldMatch(masked.set) && p.matches(masked.tokens)) &&
    !entry.unless.some((u) => u.couldMatch(message.set) && u.matches(message.tokens))
  );
}

/** Tokens and their lookup set, built once per message. */
interface Words {
  tokens: readonly string[];
  set: TokenSet;
}

/**
 * The lexicon's phrases that are plain words (no `*`, `|`, `...`, groups or
 * word groups), as written: what could be a copied sentence. `nlu:eval`
 * checks that no held-out message is one of them.
 */
export function crisisLexiconPhrases(): string[] {
  const lexicon = readContentYaml('nlu/crisis.yaml', schema);
  const entries = [...Object.values(lexicon.situations).flat(), ...lexicon.notCrisis];
  const phrases = entries.flatMap((e) => (typeof e === 'string' ? [e] : 'all' in e ? e.all : [e.phrase]));
  return phrases.filter((p) => !/[*|()@…]|\.\.\./.test(p));
}

/** Replaces `@name` with the named word group from the lexicon's `words`. */
function expand(pattern: string, words: Readonly<Record<string, string>>): string {
  return pattern.replace(/@([a-zA-Z]+)/g, (_, name: string) => {
    const group = words[name];
    if (group === undefined) throw new Error(`crisis lexicon: unknown word group @${name} in "${pattern}"`);
    return `(${group})`;
  });
}

function compile(entry: Entry, words: Readonly<Record<string, string>>): CompiledEntry {
  const phrase = (p: string): Phrase => new Phrase(expand(p, words));
  if (typeof entry === 'string') return { all: [phrase(entry)], unless: [] };
  const unless = (entry.unless ?? []).map(phrase);
  return 'all' in entry ? { all: entry.all.map(phrase), unless } : { all: [phrase(entry.phrase)], unless };
}
