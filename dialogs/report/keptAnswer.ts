import { words } from '../understanding/phrases';
import type { Understanding } from '../understanding/understanding';
import { KEPT_PICKS } from './reportOutcome';

/** An answer to "did you write down your code and words?": yes, or show them again. */
export type KeptAnswer = 'kept' | 'again';

/**
 * Words that say "not yet" or "show me again". Checked before the "yes"
 * words, so "nisam zapisala" is not read as "zapisala". Folded forms
 * (either script, no diacritics). Culture data, kept as tables.
 */
const AGAIN_WORDS = new Set(['ne', 'nisam', 'nismo', 'niste', 'nije', 'jos', 'ponovo', 'opet', 'ponovi', 'pokazi', 'pokaz', 'no', 'not', 'nope', 'didn', 'didnt', 'again', 'show', 'repeat']);

/** Words that say it is written down ("jesam", "zapisala sam", "I wrote them down"). */
const KEPT_WORDS = new Set([
  'da', 'jesam', 'jesmo', 'jeste', 'zapisao', 'zapisala', 'zapisali', 'zapisano', 'zapisah', 'sacuvao', 'sacuvala', 'sacuvano', 'imam', 'gotovo', 'ok', 'okej', 'oke', 'redu', 'vazi',
  'yes', 'yep', 'yeah', 'yup', 'did', 'done', 'wrote', 'written', 'saved', 'got', 'okay',
]);

/** The most words a typed answer to this yes/no question has; longer messages are something else. */
const MAX_ANSWER_WORDS = 6;

/**
 * Reads an answer to the "written down?" question: its buttons, a typed yes
 * or no ("da", "ne" and the other fixed phrases), or short typed answers in
 * any locale and script ("jesam", "zapisala sam", "još nisam", "pokaži
 * ponovo", "I wrote them down", "not yet"). Undefined when it is neither.
 */
export function keptAnswerOf(u: Understanding, text: string): KeptAnswer | undefined {
  if (u.kind === 'choice') return u.value === KEPT_PICKS.kept ? 'kept' : u.value === KEPT_PICKS.again ? 'again' : undefined;
  if (u.kind === 'command' && u.command === 'yes') return 'kept';
  if (u.kind === 'command' && (u.command === 'no' || u.command === 'back')) return 'again';
  const ws = words(text);
  if (ws.length === 0 || ws.length > MAX_ANSWER_WORDS) return undefined;
  if (ws.some((w) => AGAIN_WORDS.has(w) || w.startsWith('pokaz'))) return 'again';
  if (ws.some((w) => KEPT_WORDS.has(w) || w.startsWith('zapis') || w.startsWith('sacuva'))) return 'kept';
  return undefined;
}
