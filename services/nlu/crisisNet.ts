import Joi from 'joi';
import type { Intent, Recognition, ScoredIntent } from './types';
import { readContentYaml } from './contentFile';
import { normalisedTokens } from './normalise';
import { Phrase } from './phraseMatcher';

/** The intents the net can raise. */
export type CrisisIntent = Extract<Intent, 'emergency' | 'self_harm'>;

type Entry = string | { phrase: string; unless?: string[] };
type Lexicon = Record<CrisisIntent, Entry[]>;

const entrySchema = Joi.alternatives(
  Joi.string(),
  Joi.object({ phrase: Joi.string().required(), unless: Joi.array().items(Joi.string()) }),
);
const schema = Joi.object<Lexicon>({
  emergency: Joi.array().items(entrySchema).min(1).required(),
  self_harm: Joi.array().items(entrySchema).min(1).required(),
});

interface CompiledEntry {
  phrase: Phrase;
  unless: Phrase[];
}

/**
 * The crisis safety net: a phrase lexicon (content/nlu/crisis.yaml) for
 * `emergency` and `self_harm`, applied on top of any classifier. A phrase
 * hit raises its intent even when the classifier is unsure or wrong,
 * because a missed crisis is far worse than a false alarm.
 */
export class CrisisNet {
  private readonly entries: ReadonlyArray<readonly [CrisisIntent, CompiledEntry[]]>;

  constructor(lexicon: Lexicon) {
    this.entries = (['emergency', 'self_harm'] as const).map((intent) => [
      intent,
      lexicon[intent].map((e) => compile(e)),
    ]);
  }

  /** Loads the lexicon from content/nlu/crisis.yaml. */
  static fromContent(): CrisisNet {
    return new CrisisNet(readContentYaml('nlu/crisis.yaml', schema));
  }

  /** The crisis intents whose phrases occur in `text` (any script). */
  hits(text: string): CrisisIntent[] {
    const tokens = normalisedTokens(text);
    const found: CrisisIntent[] = [];
    for (const [intent, entries] of this.entries) {
      if (entries.some((e) => e.phrase.couldMatch(tokens) && e.phrase.matches(tokens) && !e.unless.some((u) => u.matches(tokens)))) {
        found.push(intent);
      }
    }
    return found;
  }

  /**
   * Returns `recognition` with a crisis intent on top when the lexicon
   * finds one the classifier did not put first. When both crisis intents
   * are hit, the one the classifier rated higher wins.
   */
  apply(text: string, recognition: Recognition): Recognition {
    const hits = this.hits(text);
    if (hits.length === 0) return recognition;
    if ((hits as Intent[]).includes(recognition.intent)) {
      return { ...recognition, crisisLexiconHit: true };
    }
    const scoreOf = (intent: Intent): number =>
      recognition.alternatives.find((a) => a.intent === intent)?.score ?? 0;
    const chosen = [...hits].sort((a, b) => scoreOf(b) - scoreOf(a))[0] as CrisisIntent;
    // The lexicon is certain enough to outrank whatever the classifier said.
    const score = Math.max(scoreOf(chosen), recognition.score);
    const alternatives: ScoredIntent[] = [
      { intent: chosen, score },
      ...recognition.alternatives.filter((a) => a.intent !== chosen),
    ];
    return { ...recognition, intent: chosen, score, alternatives, crisisLexiconHit: true };
  }
}

function compile(entry: Entry): CompiledEntry {
  if (typeof entry === 'string') return { phrase: new Phrase(entry), unless: [] };
  return { phrase: new Phrase(entry.phrase), unless: (entry.unless ?? []).map((u) => new Phrase(u)) };
}
