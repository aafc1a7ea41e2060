import Joi from 'joi';
import { readContentYaml } from '../nlu/contentFile';
import { centreDayOf } from '../shared/centreTime';
import { fold } from '../text/transliterate';

/** Serbian and English words, as authored in content/nlu/days.yaml. */
interface Words {
  sr: string[];
  en: string[];
}

interface DaysFile {
  ahead: Record<string, Words>;
  weekdays: Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', Words>;
  until: Words;
}

const words = Joi.object<Words>({ sr: Joi.array().items(Joi.string().min(1).max(40)).required(), en: Joi.array().items(Joi.string().min(1).max(40)).required() });
const schema = Joi.object<DaysFile>({
  ahead: Joi.object().pattern(Joi.string().pattern(/^[0-6]$/), words).required(),
  weekdays: Joi.object(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, words.required()]))).required(),
  until: words.required(),
});

/** The comparison form: folded words. */
function tokens(text: string): string[] {
  return fold(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').filter(Boolean);
}

/** A phrase of one or more folded words, and the days ahead it names (or the weekday, Monday 0). */
interface DayPhrase {
  words: string[];
  ahead?: number;
  weekday?: number;
}

interface Table {
  days: DayPhrase[];
  until: string[][];
}

let table: Table | undefined;

function load(): Table {
  if (table) return table;
  const file = readContentYaml('nlu/days.yaml', schema);
  const all = (w: Words): string[][] => [...w.sr, ...w.en].map(tokens).filter((t) => t.length > 0);
  const days: DayPhrase[] = [
    ...Object.entries(file.ahead).flatMap(([n, w]) => all(w).map((ws) => ({ words: ws, ahead: Number(n) }))),
    ...Object.values(file.weekdays).flatMap((w, i) => all(w).map((ws) => ({ words: ws, weekday: i }))),
  ];
  // Longest first, so "danas uveče" is one phrase, not "danas" and a word after it.
  days.sort((a, b) => b.words.length - a.words.length);
  table = { days, until: all(file.until).sort((a, b) => b.length - a.length) };
  return table;
}

/** Reads the day words now (at start-up) rather than on the first message that names a day. */
export function loadDayWords(): void {
  load();
}

/** True when `word` (folded) is part of a day's name ("petka", "sutra", "friday"). */
export function isDayWord(word: string): boolean {
  return load().days.some((d) => d.words.includes(word));
}

/** True when `text` names a day (whatever day that is). */
export function namesDay(text: string): boolean {
  return daysAheadIn(text, new Date(0)) !== undefined;
}

function startsAt(ts: readonly string[], i: number, phrase: readonly string[]): boolean {
  return phrase.every((w, k) => ts[i + k] === w);
}

/** Monday 0 … Sunday 6, of the Belgrade day of `at`. */
function weekdayOf(at: Date): number {
  const d = centreDayOf(at);
  return (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7;
}

/**
 * The nearest day a text names, as days from `at` on the Belgrade calendar
 * (0 today): "sutra" 1, "do petka" written on a Wednesday 2, "by Friday".
 * With `untilOnly`, only a day right after a word of limit ("do sutra",
 * "najkasnije do petka", "by Friday") counts — for a narrative, where "u
 * petak smo se upoznali" is not a deadline. Undefined when no day is named.
 */
export function daysAheadIn(text: string, at: Date, opts: { untilOnly?: boolean } = {}): number | undefined {
  const { days, until } = load();
  const ts = tokens(text);
  const today = weekdayOf(at);
  let nearest: number | undefined;
  for (let i = 0; i < ts.length; i++) {
    const day = days.find((d) => startsAt(ts, i, d.words));
    if (!day) continue;
    // "nedelju dana": a week, not Sunday.
    if (ts[i + day.words.length] === 'dana') continue;
    if (opts.untilOnly && !until.some((u) => i - u.length >= 0 && startsAt(ts, i - u.length, u))) continue;
    const ahead = day.ahead ?? (day.weekday! - today + 7) % 7;
    nearest = nearest === undefined ? ahead : Math.min(nearest, ahead);
  }
  return nearest;
}
