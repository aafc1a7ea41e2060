import { CRISIS_INTENTS, Intent, Recognition } from '../../services/nlu/types';
import { asksForLanguage, commandIn, languageIn, roleIn, words } from './phrases';
import { Thresholds } from './thresholds';
import { parseToken } from './tokens';
import type { Understanding } from './understanding';

/** A language named in a message this short is a request to switch. */
const MAX_WORDS_OF_A_BARE_LANGUAGE_REQUEST = 3;

/**
 * The meaning of a message that needs no recognizer: a button token, or a
 * fixed phrase (a command such as "meni" or "ne", "I am a teacher", "na
 * ćirilici"). Undefined for anything else.
 */
export function interpretFixed(text: string): Understanding | undefined {
  const token = parseToken(text);
  if (token) return token;
  const ws = words(text);
  if (ws.length === 0) return { kind: 'nothing' };
  const command = commandIn(ws);
  if (command) return { kind: 'command', command };
  const role = roleIn(ws);
  if (role) return { kind: 'role', role };
  const target = languageIn(ws);
  if (target && ws.length <= MAX_WORDS_OF_A_BARE_LANGUAGE_REQUEST) return { kind: 'language', target };
  if (asksForLanguage(ws)) return { kind: 'language' };
  return undefined;
}

/**
 * True when a fixed phrase cannot carry a crisis ("ne", "meni", "ja sam
 * učenik"), so the crisis check may skip it: the recognizer reads "ne" as
 * self-harm at a low score, and a crisis card on every "no" would teach
 * users to ignore it. "help" is never exempt: typed, it may be a cry for help.
 */
export function isCrisisFree(fixed: Understanding | undefined): boolean {
  if (!fixed || fixed.kind === 'nothing') return false;
  return !(fixed.kind === 'command' && fixed.command === 'help');
}

/** {@link interpretFixed}'s reading of a message, handed along by a caller that has it so it is not made again. */
export interface FixedReading {
  fixed: Understanding | undefined;
}

/**
 * Turns a message into an {@link Understanding}: a button token or fixed
 * phrase first, then the recognizer's answer. Crisis detection is not done
 * here: the bot checks the recognition for a crisis before any of this
 * matters. `known`: the message's fixed reading, when the caller made it.
 */
export function interpret(text: string, recognition: Recognition | undefined, known?: FixedReading): Understanding {
  const fixed = known ? known.fixed : interpretFixed(text);
  if (fixed) return fixed;
  const ws = words(text);
  const target = languageIn(ws);
  if (recognition?.intent === 'language') return target ? { kind: 'language', target } : { kind: 'language' };
  if (!recognition) return { kind: 'intent', intent: 'none', source: 'text' };

  if (recognition.intent === 'none' || recognition.score >= Thresholds.confident) {
    return { kind: 'intent', intent: recognition.intent, source: 'text' };
  }
  const offered = offerable(recognition);
  return offered.length > 0 ? { kind: 'unsure', alternatives: offered } : { kind: 'intent', intent: 'none', source: 'text' };
}

/** Small talk is answered when it is clear and never offered as a guess. */
const NEVER_OFFERED: readonly Intent[] = ['none', 'greeting', 'goodbye', ...CRISIS_INTENTS];

/** The interpretations worth offering as buttons, best first. */
function offerable(recognition: Recognition): Intent[] {
  const seen = new Set<Intent>();
  const out: Intent[] = [];
  const ranked = [{ intent: recognition.intent, score: recognition.score }, ...recognition.alternatives].sort((a, b) => b.score - a.score);
  for (const { intent, score } of ranked) {
    if (seen.has(intent) || NEVER_OFFERED.includes(intent) || score < Thresholds.plausible) continue;
    seen.add(intent);
    out.push(intent);
    if (out.length === Thresholds.offered) break;
  }
  return out;
}
