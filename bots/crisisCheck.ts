import type { Recognition } from '../services/nlu/types';

/** The two crises the bot answers before anything else. */
export type Crisis = 'emergency' | 'self_harm';

/**
 * A crisis interpretation at or above this score raises the alarm even when
 * it is not the top intent. Recall comes first (SPEC.md section 3: missing a
 * crisis is far worse than a false alarm, and a false alarm costs one card
 * the user can leave with "continue"), so the bar is deliberately low. On the
 * held-out set with the embedded recognizer: at 0.15, 63 of 64 crisis lines
 * raise the card and 11 of 544 other lines do (2 %); at 0.2 one more crisis
 * is missed for no fewer false alarms. test/bots/crisisThreshold.test.ts
 * keeps this measured.
 */
export const CRISIS_ALTERNATIVE_THRESHOLD = 0.15;

/**
 * The crisis in a recognition, if any: the top intent being a crisis intent
 * (at any score), the recognizer's crisis lexicon firing, or a crisis intent
 * among the alternatives at or above {@link CRISIS_ALTERNATIVE_THRESHOLD}.
 * When both crises score, immediate danger wins: its card also gives 192.
 */
export function crisisIn(r: Recognition): Crisis | undefined {
  if (r.intent === 'emergency' || r.intent === 'self_harm') return r.intent;
  const score = (intent: Crisis): number =>
    Math.max(0, ...r.alternatives.filter((a) => a.intent === intent).map((a) => a.score));
  const emergency = score('emergency');
  const selfHarm = score('self_harm');
  if (r.crisisLexiconHit) return selfHarm > emergency ? 'self_harm' : 'emergency';
  if (emergency >= CRISIS_ALTERNATIVE_THRESHOLD && emergency >= selfHarm) return 'emergency';
  if (selfHarm >= CRISIS_ALTERNATIVE_THRESHOLD) return 'self_harm';
  return undefined;
}
