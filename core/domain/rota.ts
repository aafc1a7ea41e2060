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
