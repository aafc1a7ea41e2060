import { words } from '../understanding/phrases';
import type { Victim } from './reportProgress';

/**
 * Typed answers a report's questions understand beyond their buttons,
 * matched on the whole folded message (either script, with or without
 * diacritics). Culture data, kept as tables.
 */
const DONT_KNOW = [
  'ne znam', 'neznam', 'nemam pojma', 'nisam siguran', 'nisam sigurna', 'ne znam tacno', 'mozda', 'nije mi poznato',
  'dont know', 'don t know', 'i don t know', 'i dont know', 'not sure', 'i m not sure', 'im not sure', 'no idea', 'maybe', 'unknown',
];

const VICTIM_PHRASES: Readonly<Record<Victim, readonly string[]>> = {
  self: ['ja', 'meni', 'mene', 'sebi', 'meni se', 'meni se desilo', 'me', 'myself', 'i am', 'to me', 'i'],
  friend: ['drug', 'drugar', 'drugarica', 'drugu', 'drugarici', 'prijatelj', 'prijateljica', 'prijatelju', 'friend', 'a friend', 'my friend', 'moj drug', 'moja drugarica', 'drugo dete'],
  pupil: ['ucenik', 'ucenica', 'ucenik iz skole', 'moj ucenik', 'moja ucenica', 'uceniku', 'ucenici', 'pupil', 'my pupil', 'student', 'my student'],
  child: ['dete', 'moje dete', 'sin', 'moj sin', 'cerka', 'kci', 'moja cerka', 'moja kci', 'detetu', 'my child', 'my son', 'my daughter', 'child', 'son', 'daughter'],
  stranger: ['neko drugi', 'nepoznat', 'nepoznata', 'neko nepoznat', 'nekom drugom', 'ne poznajem', 'someone else', 'stranger', 'someone i don t know', 'somebody else'],
};

/** True when the message says "I don't know". */
export function saysDontKnow(text: string): boolean {
  return DONT_KNOW.includes(words(text).join(' '));
}

/** The person a short answer names ("moj sin", "drugarica", "me"), if any. */
export function victimIn(text: string): Victim | undefined {
  const phrase = words(text).join(' ');
  for (const [victim, phrases] of Object.entries(VICTIM_PHRASES) as Array<[Victim, readonly string[]]>) {
    if (phrases.includes(phrase)) return victim;
  }
  return undefined;
}

/** A bare number such as "12" (the age question asks for one). */
export function bareNumber(text: string): number | undefined {
  const m = /^\s*(\d{1,2})\s*\.?\s*$/.exec(text);
  return m ? Number(m[1]) : undefined;
}
