import { isMostlyCyrillic, fold } from '../../services/text/transliterate';
import type { Locale } from '../../services/i18n/locales';
import type { Intent, Recognition, Recognizer, ScoredIntent } from '../../services/nlu/types';

/** One rule of the test double: a folded substring and what it means. */
export interface KeywordRule {
  /** Matched against the folded text (Cyrillic → Latin, lower case, no diacritics). */
  keyword: string;
  intent: Intent;
  score?: number;
  /** Further interpretations, for low-confidence answers. */
  alternatives?: ScoredIntent[];
  crisisLexiconHit?: boolean;
}

/**
 * Keywords for every intent, one Serbian and one English each (Cyrillic input
 * folds to the Serbian keyword). Low-confidence rules come first.
 */
export const DEFAULT_RULES: readonly KeywordRule[] = [
  { keyword: 'mozda nesto', intent: 'privacy', score: 0.4, alternatives: [{ intent: 'privacy', score: 0.4 }, { intent: 'cyberbullying', score: 0.35 }, { intent: 'human', score: 0.2 }, { intent: 'greeting', score: 0.18 }] },
  { keyword: 'maybe something', intent: 'privacy', score: 0.4, alternatives: [{ intent: 'privacy', score: 0.4 }, { intent: 'cyberbullying', score: 0.35 }, { intent: 'human', score: 0.2 }, { intent: 'greeting', score: 0.18 }] },
  { keyword: 'prati me', intent: 'emergency', score: 0.95, crisisLexiconHit: true },
  { keyword: 'following me', intent: 'emergency', score: 0.95, crisisLexiconHit: true },
  { keyword: 'bolje da me nema', intent: 'self_harm', score: 0.95, crisisLexiconHit: true },
  { keyword: 'better if i was gone', intent: 'self_harm', score: 0.95, crisisLexiconHit: true },
  { keyword: 'ne zelim vise da zivim', intent: 'self_harm', score: 0.95, crisisLexiconHit: true },
  { keyword: 'nije mi dobro', intent: 'none', score: 0.3, alternatives: [{ intent: 'none', score: 0.3 }, { intent: 'self_harm', score: 0.25 }] },
  { keyword: 'mamljenje', intent: 'grooming' }, { keyword: 'grooming', intent: 'grooming' },
  { keyword: 'ucenjuje', intent: 'sextortion' }, { keyword: 'blackmail', intent: 'sextortion' },
  { keyword: 'gole slike', intent: 'nudes' }, { keyword: 'nude', intent: 'nudes' },
  { keyword: 'vredjaju', intent: 'cyberbullying' }, { keyword: 'bully', intent: 'cyberbullying' },
  { keyword: 'snimak zlostavljanja', intent: 'csam' }, { keyword: 'abuse video', intent: 'csam' },
  { keyword: 'hakovan', intent: 'privacy' }, { keyword: 'hacked', intent: 'privacy' },
  { keyword: 'znaci upozorenja', intent: 'warning_signs' }, { keyword: 'warning signs', intent: 'warning_signs' },
  { keyword: 'kako se prijavljuje', intent: 'how_to_report' }, { keyword: 'how do reports work', intent: 'how_to_report' },
  { keyword: 'roditeljsk', intent: 'parental_controls' }, { keyword: 'parental', intent: 'parental_controls' },
  { keyword: 'status prijave', intent: 'report_status' }, { keyword: 'case code', intent: 'report_status' },
  { keyword: 'prijavim', intent: 'report' }, { keyword: 'to report', intent: 'report' },
  { keyword: 'razgovaram sa osobom', intent: 'human' }, { keyword: 'real person', intent: 'human' },
  { keyword: 'promeni jezik', intent: 'language' }, { keyword: 'switch language', intent: 'language' },
  { keyword: 'sta mozes da uradis', intent: 'help' }, { keyword: 'what are my options', intent: 'help' },
  { keyword: 'zdravo', intent: 'greeting' }, { keyword: 'hello', intent: 'greeting' },
  { keyword: 'dovidjenja', intent: 'goodbye' }, { keyword: 'goodbye', intent: 'goodbye' },
];

/** English function words: enough to tell the test phrases apart from Serbian. */
const ENGLISH = /\b(the|is|my|what|how|does|are|in|someone|please|hello|goodbye|want|with|this|was|if|maybe|something|gone|there|you|real|need|english|i'm)\b/i;

/**
 * A deterministic recognizer for dialog tests: the first rule whose keyword
 * occurs in the folded text wins; no rule gives `none`. Locale: Cyrillic text
 * is sr-Cyrl, text with English function words is en, the rest sr-Latn.
 * It records every text it was asked about, for tests that must prove a
 * button never went through the recognizer.
 */
export class KeywordRecognizer implements Recognizer {
  readonly seen: string[] = [];

  constructor(private readonly rules: readonly KeywordRule[] = DEFAULT_RULES) {}

  async init(): Promise<void> {}

  async recognize(text: string): Promise<Recognition> {
    this.seen.push(text);
    const folded = fold(text);
    const locale: Locale = isMostlyCyrillic(text) ? 'sr-Cyrl' : ENGLISH.test(text) ? 'en' : 'sr-Latn';
    const rule = this.rules.find((r) => folded.includes(r.keyword));
    const intent = rule?.intent ?? 'none';
    const score = rule?.score ?? (rule ? 0.9 : 0.5);
    return {
      intent,
      score,
      locale,
      entities: { platforms: [], municipalities: [] },
      alternatives: rule?.alternatives ?? [{ intent, score }],
      crisisLexiconHit: rule?.crisisLexiconHit,
    };
  }
}
