import type { AnswerMatch } from '../dialogs/understanding/answers';
import { type FixedReading, interpretFixed, isCrisisFree } from '../dialogs/understanding/interpret';
import { CRISIS_SITUATIONS, CrisisDecision, CrisisKind, crisisKindOf, CrisisSituation, Recognition } from '../services/nlu/types';

export type { CrisisDecision, CrisisSituation };

/** The two crises the bot answers before anything else (SPEC.md section 3). */
export type Crisis = CrisisKind;

/**
 * A crisis interpretation at or above this score raises the alarm even when
 * it is not the top intent. Recall comes first (SPEC.md section 3: missing a
 * crisis is far worse than a false alarm, and a false alarm costs one card
 * the user can leave with "continue"), so the bar stays below an even
 * split. Measured by 5-fold cross-validation on the training corpus, with
 * the crisis lexicon on top: every crisis line raises the card at any bar
 * from 0.1 to 0.5 (the lexicon or the top intent catches it), while other
 * lines raise it 111 times in 2,575 at 0.15, 59 at 0.3 and 42 at 0.5. The
 * held-out sets agree (`npm run nlu:eval`); test/bots/crisisThreshold.test.ts
 * keeps it measured.
 */
export const CRISIS_ALTERNATIVE_THRESHOLD = 0.3;

/**
 * The crisis in a recognition, if any. The crisis lexicon's situations come
 * first (they say which crisis it is); otherwise the classifier: the top
 * intent being a crisis intent (at any score), or a crisis intent among the
 * alternatives at or above {@link CRISIS_ALTERNATIVE_THRESHOLD}. When both
 * crises are present, immediate danger wins the `kind` (its card also
 * carries the self-harm lines).
 */
export function crisisIn(r: Recognition): CrisisDecision | undefined {
  const found = r.crisisSituations ?? [];
  if (found.length > 0) return decision(found);
  const kind = classifierCrisis(r);
  return kind ? decision([kind === 'self_harm' ? 'selfHarm' : 'personDanger']) : undefined;
}

/**
 * The bot's crisis decision for a message, as the turn pipeline makes it
 * before any dialog runs: none for a button or a fixed phrase that cannot
 * carry a crisis ("ne", "ja sam učenik"), nor for a message that is nothing
 * but the waiting question's answer (`answer`: "meni", "nema", "I am 13
 * years old" — the classifier's crisis readings of such words are false
 * alarms) unless the crisis lexicon fires on it; else {@link crisisIn}.
 * `nlu:classify` prints the same decision for a message with no question
 * waiting. `known`: the message's fixed reading, when the caller made it.
 */
export function crisisOfMessage(text: string, recognition: Recognition | undefined, answer?: AnswerMatch, known?: FixedReading): CrisisDecision | undefined {
  if (!recognition) return undefined;
  const crisisFree = answer
    ? answer.whole && recognition.crisisLexiconHit !== true
    : isCrisisFree(known ? known.fixed : interpretFixed(text));
  return crisisFree ? undefined : crisisIn(recognition);
}

function classifierCrisis(r: Recognition): Crisis | undefined {
  if (r.intent === 'emergency' || r.intent === 'self_harm') return r.intent;
  const score = (intent: Crisis): number =>
    Math.max(0, ...r.alternatives.filter((a) => a.intent === intent).map((a) => a.score));
  const emergency = score('emergency');
  const selfHarm = score('self_harm');
  // A recognizer that marks a lexicon hit without naming situations (LUIS
  // adapters, test doubles): the higher-rated crisis intent.
  if (r.crisisLexiconHit) return selfHarm > emergency ? 'self_harm' : 'emergency';
  if (emergency >= CRISIS_ALTERNATIVE_THRESHOLD && emergency >= selfHarm) return 'emergency';
  if (selfHarm >= CRISIS_ALTERNATIVE_THRESHOLD) return 'self_harm';
  return undefined;
}

function decision(found: readonly CrisisSituation[]): CrisisDecision {
  const situations = CRISIS_SITUATIONS.filter((s) => found.includes(s));
  const situation = situations[0] as CrisisSituation;
  return { kind: crisisKindOf(situation), situation, situations };
}
