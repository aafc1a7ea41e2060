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
