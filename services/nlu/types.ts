import type { Locale } from '../i18n/locales';

/** The NLU label set (SPEC.md section 3). A contract: tests, data and dialogs use these names. */
export const INTENTS = [
  'greeting', 'goodbye', 'help', 'report', 'emergency', 'self_harm', 'grooming', 'sextortion',
  'nudes', 'cyberbullying', 'csam', 'privacy', 'warning_signs', 'how_to_report',
  'parental_controls', 'report_status', 'human', 'language', 'none',
] as const;
export type Intent = (typeof INTENTS)[number];

/** Intents checked on every turn before anything else. */
export const CRISIS_INTENTS: readonly Intent[] = ['emergency', 'self_harm'];

/** The two crisis intents (SPEC.md section 3): the contract every crisis decision keeps. */
export type CrisisKind = Extract<Intent, 'emergency' | 'self_harm'>;

/**
 * A finer label of a crisis, which decides the card (what to do, whom to
 * call) and lets a report be flagged: thoughts of or acts of self-harm
 * (self_harm); danger from a person now — followed, waited for, threatened,
 * attacked (emergency); violence at home (emergency); a child missing, or
 * gone to meet someone met online (emergency). Highest priority first: when
 * several are recognised, the first decides the card.
 */
export const CRISIS_SITUATIONS = ['missingChild', 'homeViolence', 'personDanger', 'selfHarm'] as const;
export type CrisisSituation = (typeof CRISIS_SITUATIONS)[number];

/**
 * The bot's crisis decision for one message (made in bots/crisisCheck.ts).
 * `kind` is the SPEC's crisis intent — the contract, what `nlu:classify`
 * prints as `crisis`; `situation` is the finer label that picks the card;
 * `situations` lists every situation recognised, `situation` first, so a
 * report can be flagged for each (self-harm and danger may come together).
 */
export interface CrisisDecision {
  kind: CrisisKind;
  situation: CrisisSituation;
  situations: readonly CrisisSituation[];
}

/** The crisis intent a situation belongs to. */
export function crisisKindOf(situation: CrisisSituation): CrisisKind {
  return situation === 'selfHarm' ? 'self_harm' : 'emergency';
}

/** Topic intents that have an information dialog. */
export const TOPIC_INTENTS = [
  'grooming', 'sextortion', 'nudes', 'cyberbullying', 'csam', 'privacy',
  'warning_signs', 'how_to_report', 'parental_controls',
] as const;
export type TopicIntent = (typeof TOPIC_INTENTS)[number];

/** Entities found in an utterance. */
export interface Entities {
  /** Canonical platform ids, e.g. `instagram`, `tiktok`. */
  platforms: string[];
  /** An age in years, when the text states one. */
  age?: number;
  /** Municipality slugs from content/geo/municipalities.yaml. */
  municipalities: string[];
}

/** One scored interpretation. */
export interface ScoredIntent {
  intent: Intent;
  score: number;
}

/** What a recognizer returns. Dialogs never see raw NLU JSON. */
export interface Recognition {
  intent: Intent;
  score: number;
  /** The locale the text was written in (script detected by the project). */
  locale: Locale;
  entities: Entities;
  /** Best interpretations, highest first (at least the top one). */
  alternatives: ScoredIntent[];
  /** True when the crisis lexicon (not only the classifier) raised a crisis intent. */
  crisisLexiconHit?: boolean;
  /**
   * The situations whose crisis phrases the message contains, in
   * {@link CRISIS_SITUATIONS} order; set with `crisisLexiconHit`.
   */
  crisisSituations?: CrisisSituation[];
}

/** A recognizer: the embedded NLP.js one, LUIS, or a test double. */
export interface Recognizer {
  /** Must be called (and awaited) once before `recognize`. */
  init(): Promise<void>;
  /**
   * Classifies `text`. `locale` is a hint (the conversation's current
   * locale); the returned locale is what the text itself is written in.
   */
  recognize(text: string, locale?: Locale): Promise<Recognition>;
}
