import type { Locale } from '../i18n/locales';
import { CrisisKind, crisisKindOf, CrisisSituation } from './types';

/** One message whose crisis decision is scored. */
export interface CrisisPrediction {
  text: string;
  locale: Locale;
  /** The crisis the message is, if any (held-out label). */
  expected?: { kind: CrisisKind; situation?: CrisisSituation };
  /** What the bot decided (undefined: no card). */
  decided?: { kind: CrisisKind; situation: CrisisSituation };
  /**
   * For a message that is not a crisis: `worried` for the worried-but-safe
   * set (fear of parents, shame, sadness, idioms), `other` for ordinary
   * questions of the other intents.
   */
  safeKind?: 'worried' | 'other';
}

/** How the bot's crisis decision does on a set of messages. */
export interface CrisisReport {
  crises: number;
  /** Crisis messages that raised a card (any card): the number that matters most. */
  recall: number;
  /** Crisis messages whose card was of the expected kind (emergency / self_harm). */
  kindAccuracy: number;
  /** Crisis messages labelled with a situation (crisis-heldout.yaml). */
  labelled: number;
  /** Of those, the ones whose card was that situation's. */
  situationAccuracy: number;
  worried: number;
  /** Worried-but-safe messages that raised a card. */
  worriedFalseAlarmRate: number;
  others: number;
  /** Ordinary non-crisis messages that raised a card. */
  otherFalseAlarmRate: number;
  /** Missed crises and false alarms, for `--errors`. */
  missed: CrisisPrediction[];
  falseAlarms: CrisisPrediction[];
}

const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);

/** Scores crisis decisions: recall first, then the right card, then false alarms. */
export function evaluateCrisis(predictions: readonly CrisisPrediction[]): CrisisReport {
  const crises = predictions.filter((p) => p.expected);
  const labelled = crises.filter((p) => p.expected?.situation);
  const worried = predictions.filter((p) => !p.expected && p.safeKind === 'worried');
  const others = predictions.filter((p) => !p.expected && p.safeKind !== 'worried');
  const kindOf = (p: CrisisPrediction): CrisisKind | undefined =>
    p.expected?.kind ?? (p.expected?.situation ? crisisKindOf(p.expected.situation) : undefined);
  return {
    crises: crises.length,
    recall: ratio(crises.filter((p) => p.decided).length, crises.length),
    kindAccuracy: ratio(crises.filter((p) => p.decided?.kind === kindOf(p)).length, crises.length),
    labelled: labelled.length,
    situationAccuracy: ratio(labelled.filter((p) => p.decided?.situation === p.expected?.situation).length, labelled.length),
    worried: worried.length,
    worriedFalseAlarmRate: worried.length === 0 ? 0 : worried.filter((p) => p.decided).length / worried.length,
    others: others.length,
    otherFalseAlarmRate: others.length === 0 ? 0 : others.filter((p) => p.decided).length / others.length,
    missed: crises.filter((p) => !p.decided),
    falseAlarms: predictions.filter((p) => !p.expected && p.decided),
  };
}
