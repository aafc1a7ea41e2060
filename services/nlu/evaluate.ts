import type { Locale } from '../i18n/locales';
import { CRISIS_INTENTS, INTENTS, Intent } from './types';

/** One classified held-out example. */
export interface Prediction {
  locale: Locale;
  expected: Intent;
  predicted: Intent;
  /** The locale the recognizer detected. */
  detectedLocale: Locale;
}

/** Precision, recall and F1 of one intent. */
export interface IntentScores {
  intent: Intent;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Evaluation of a set of predictions. */
export interface EvaluationReport {
  count: number;
  accuracy: number;
  /** Crisis examples classified as exactly their crisis intent. */
  crisisRecall: number;
  /** Crisis examples classified as any crisis intent (the bot's crisis path runs). */
  crisisDetection: number;
  /** Non-crisis examples classified as a crisis intent. */
  crisisFalseAlarms: number;
  localeAccuracy: number;
  intents: IntentScores[];
  confusions: Array<{ expected: Intent; predicted: Intent; count: number }>;
}

const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);

/** Scores predictions: accuracy, per-intent P/R/F1, confusion pairs and crisis recall. */
export function evaluate(predictions: readonly Prediction[]): EvaluationReport {
  const crisis = new Set<Intent>(CRISIS_INTENTS);
  const correct = predictions.filter((p) => p.predicted === p.expected).length;
  const crisisItems = predictions.filter((p) => crisis.has(p.expected));
  const intents: IntentScores[] = [];
  for (const intent of INTENTS) {
    const tp = predictions.filter((p) => p.expected === intent && p.predicted === intent).length;
    const predicted = predictions.filter((p) => p.predicted === intent).length;
    const support = predictions.filter((p) => p.expected === intent).length;
    if (support === 0 && predicted === 0) continue;
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    intents.push({ intent, support, precision, recall, f1 });
  }
  const pairs = new Map<string, number>();
  for (const p of predictions) {
    if (p.predicted !== p.expected) {
      const key = `${p.expected}\u0000${p.predicted}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
  }
  const confusions = [...pairs]
    .map(([key, count]) => {
      const [expected, predicted] = key.split('\u0000') as [Intent, Intent];
      return { expected, predicted, count };
    })
    .sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected));
  return {
    count: predictions.length,
    accuracy: ratio(correct, predictions.length),
    crisisRecall: ratio(crisisItems.filter((p) => p.predicted === p.expected).length, crisisItems.length),
    crisisDetection: ratio(crisisItems.filter((p) => crisis.has(p.predicted)).length, crisisItems.length),
    crisisFalseAlarms: predictions.filter((p) => !crisis.has(p.expected) && crisis.has(p.predicted)).length,
    localeAccuracy: ratio(predictions.filter((p) => p.detectedLocale === p.locale).length, predictions.length),
    intents,
    confusions,
  };
}
