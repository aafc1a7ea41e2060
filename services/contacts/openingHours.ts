import { centreClock } from '../notify/dutyClock';
import { formatMinutes } from '../notify/rota';
import { isOpenAt, type Hours } from './contacts';

/** Whether a help line is open at a moment, and if not, when it opens. */
export type LineState =
  | { kind: 'open' }
  /** Closed now; opens `daysAhead` days on (0 today, 1 tomorrow) at `time` ("14:00"), Belgrade time. */
  | { kind: 'closed'; opens: { daysAhead: number; time: string } }
  /** Its hours are not confirmed: neither "open" nor "closed" can be said. */
  | { kind: 'unknown' };

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m ?? 0);
}

/**
 * A line's state at `at` on the Belgrade clock. A daily line that is closed
 * opens later today if its opening time is still ahead, else tomorrow (a
 * line open across midnight, 22–06, is closed only in the daytime, so it
 * opens the same day).
 */
export function lineStateAt(hours: Hours, at: Date): LineState {
  if (hours.kind === 'unconfirmed') return { kind: 'unknown' };
  const now = centreClock(at).minutes;
  if (isOpenAt(hours, now)) return { kind: 'open' };
  if (hours.kind === 'always') return { kind: 'open' };
  const from = minutesOf(hours.from);
  return { kind: 'closed', opens: { daysAhead: now < from ? 0 : 1, time: formatMinutes(from).padStart(5, '0') } };
}

/** Open lines first, then those whose hours are unconfirmed, then closed ones; the given order within each. */
export function openFirst<T>(items: readonly T[], stateOf: (item: T) => LineState): T[] {
  const rank = { open: 0, unknown: 1, closed: 2 } as const;
  return items.map((item, i) => ({ item, i, r: rank[stateOf(item).kind] })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.item);
}
