/**
 * The contact centre's wall clock (Europe/Belgrade, summer time included):
 * deadlines, on-duty hours and the help lines' hours are all said in it.
 * Plain Intl, no time-zone library: the offset at an instant is read from
 * Intl, and a local time is turned into an instant by correcting a first
 * guess with the offset found there (twice, so a guess on the other side of
 * a summer-time change still lands right).
 */

/** The contact centre's time zone. */
export const CENTRE_TIME_ZONE = 'Europe/Belgrade';

/** A calendar day on the contact centre's clock. */
export interface CentreDay {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
}

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: CENTRE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** `at` on the contact centre's clock: the day and the time of day. */
export function centreWallClock(at: Date): CentreDay & { hour: number; minute: number; second: number } {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second) };
}

/** The Belgrade offset from UTC at `at`, in milliseconds (+1 h in winter, +2 h in summer). */
function offsetAt(at: number): number {
  const w = centreWallClock(new Date(at));
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a Belgrade wall-clock time names. Day and month may overflow
 * (day 32 is the first of the next month), as with Date.UTC. Belgrade
 * changes its clocks at 02:00/03:00, so every midnight exists exactly once.
 */
export function centreInstant(day: CentreDay, hour = 0, minute = 0): Date {
  const wall = Date.UTC(day.year, day.month - 1, day.day, hour, minute);
  let guess = wall - offsetAt(wall);
  guess = wall - offsetAt(guess);
  return new Date(guess);
}

/** The calendar day of `at` in Belgrade. */
export function centreDayOf(at: Date): CentreDay {
  const { year, month, day } = centreWallClock(at);
  return { year, month, day };
}

/** The day `n` days after `d` (calendar days, whatever the summer time does). */
export function addDays(d: CentreDay, n: number): CentreDay {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** `YYYY-MM-DD` of a day (holidays are written so). */
export function isoDay(d: CentreDay): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
