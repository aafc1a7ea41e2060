/**
 * The words of the contact centre's on-duty rota: weekdays, shifts,
 * holidays and the alert channel. Plain data, shared by the rota's rules
 * (services/notify/rota.ts) and its repository (models/onDutyRota.ts).
 */

/** The days of the week, Monday first (the Belgrade calendar). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Hours on some days: from `from` to `to`, in minutes since midnight; `to` ≤ `from` runs past midnight. */
export interface DutyWindow {
  days: readonly Weekday[];
  from: number;
  to: number;
}

/** One shift: `from`–`to`, "HH:MM"; a `to` at or before `from` runs past midnight ("22:00"–"06:00"), "24:00" is midnight. */
export interface DutyShift {
  from: string;
  to: string;
}

/** A day off the weekly pattern (a public holiday): its own shifts, none when nobody is on duty. */
export interface RotaHoliday {
  /** `YYYY-MM-DD`, Belgrade calendar. */
  date: string;
  /** What the day is, for the administrators ("Božić"); staff text, never shown to a reporter. */
  label?: string;
  shifts: DutyShift[];
}

/** Where an immediate report's notice goes: a signed webhook, an e-mail address, or both. */
export interface RotaChannel {
  webhook?: string;
  email?: string;
}

/** The rota. */
export interface Rota {
  week: Record<Weekday, DutyShift[]>;
  holidays: RotaHoliday[];
  channel: RotaChannel;
  /**
   * Within how many minutes the person on duty sees an alert: the bot says
   * so ("within N minutes") only when it is on duty with a channel. Absent:
   * the bot says the person gets it at once, nothing about minutes.
   */
  responseMinutes?: number;
}

const DAY_MINUTES = 24 * 60;

function parseTime(text: string, what: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > DAY_MINUTES) throw new Error(`${what} "${text}" is not a time from 00:00 to 24:00`);
  return minutes;
}

function parseDays(text: string): Weekday[] {
  const days = new Set<Weekday>();
  for (const item of text.split(',')) {
    const [a, b] = item.trim().toLowerCase().split('-');
    const from = WEEKDAYS.indexOf(a as Weekday);
    const to = b === undefined ? from : WEEKDAYS.indexOf(b as Weekday);
    if (from < 0 || to < 0) throw new Error(`"${item.trim()}" is not a day or a range of days (mon, tue, … sun; mon-fri)`);
    // "fri-mon" wraps over the weekend.
    for (let i = from; ; i = (i + 1) % 7) {
      days.add(WEEKDAYS[i]!);
      if (i === to) break;
    }
  }
  return [...days];
}

/**
 * Reads on-duty hours as configured: windows separated by ";", each days and
 * a time range in Belgrade time — `mon-fri 08:00-20:00; sat,sun 10:00-14:00`.
 * A range that ends at or before it starts runs past midnight
 * (`fri 22:00-06:00`); `mon-sun 00:00-24:00` is always. Throws a message
 * saying what is wrong.
 */
export function parseOnDutyHours(spec: string): DutyWindow[] {
  const windows = spec.split(';').map((w) => w.trim()).filter((w) => w.length > 0);
  if (windows.length === 0) throw new Error('no hours given');
  return windows.map((w) => {
    const m = /^(\S+)\s+(\S+)-(\S+)$/.exec(w);
    if (!m) throw new Error(`"${w}" is not "<days> <from>-<to>" (for example "mon-fri 08:00-20:00")`);
    const from = parseTime(m[2]!, 'from');
    const to = parseTime(m[3]!, 'to');
    if (from === DAY_MINUTES) throw new Error(`"${w}" starts at 24:00`);
    return { days: parseDays(m[1]!), from, to };
  });
}
