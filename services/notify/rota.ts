import Joi from 'joi';
import { addDays, centreDayOf, isoDay, type CentreDay } from '../shared/centreTime';
import { centreClock, type DutyStatus } from './dutyClock';
import { WEEKDAYS, type DutyShift, type Rota, type RotaChannel, type RotaHoliday, type Weekday } from '../../core/domain/rota';
import type { DutyWindow } from '../../core/domain/rota';

/**
 * The contact centre's on-duty rota, as administrators keep it in the
 * dashboard: shifts per weekday, holidays (a date with its own shifts, none
 * when nobody is on duty), the channel that alerts the person on duty, and
 * how soon that person sees an alert. All times are Belgrade wall-clock
 * times. Plain data: the repository (models/onDutyRota.ts) stores it, the
 * status below reads it.
 */

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const shiftSchema = Joi.object<DutyShift>({
  from: Joi.string().pattern(TIME).invalid('24:00').required(),
  to: Joi.string().pattern(TIME).required(),
});
const shifts = Joi.array().items(shiftSchema).max(6);

/** The one schema of a rota (the dashboard's edit; the stored document is checked against it when read). */
export const rotaSchema = Joi.object<Rota>({
  week: Joi.object(Object.fromEntries(WEEKDAYS.map((d) => [d, shifts.required()]))).required(),
  holidays: Joi.array().items(Joi.object<RotaHoliday>({
    date: Joi.string().pattern(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/).required(),
    label: Joi.string().trim().max(60).allow(''),
    shifts: shifts.required(),
  })).max(60).unique('date').required(),
  channel: Joi.object<RotaChannel>({
    webhook: Joi.string().trim().max(500).empty(''),
    email: Joi.string().trim().email({ tlds: false }).max(200).empty(''),
  }).required(),
  responseMinutes: Joi.number().integer().min(1).max(240),
});

const DAY = 24 * 60;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** "8:00" as the bot says a time (no leading zero). */
export function formatMinutes(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

function weekdayOfDay(d: CentreDay): Weekday {
  return WEEKDAYS[(new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7]!;
}

/** The shifts that begin on a Belgrade calendar day: the holiday's, or the weekday's. */
export function shiftsOn(rota: Rota, day: CentreDay): DutyShift[] {
  const holiday = rota.holidays.find((h) => h.date === isoDay(day));
  return holiday ? holiday.shifts : rota.week[weekdayOfDay(day)];
}

/** A shift as minutes from the start of the day it begins on: the end may pass midnight (up to 48:00). */
function span(s: DutyShift): { from: number; to: number } {
  const from = minutesOf(s.from);
  const to = minutesOf(s.to);
  return { from, to: to > from ? to : to + DAY };
}

/** True when the rota has any shift at all (otherwise nothing can be promised). */
export function hasShifts(rota: Rota): boolean {
  return WEEKDAYS.some((d) => rota.week[d].length > 0) || rota.holidays.some((h) => h.shifts.length > 0);
}

/**
 * Who sees an immediate report at `at`, by the rota: on duty (a shift that
 * began today, or one from yesterday running past midnight), or off duty
 * with the next shift's start (days ahead, weekday, time — holidays
 * counted), or unknown when the rota has no shifts. A shift belongs to the
 * day it begins on: a holiday replaces the shifts beginning that day, not
 * the night shift of the day before.
 */
export function dutyStatusOf(rota: Rota, channelConfigured: boolean, at: Date): DutyStatus {
  const clock = centreClock(at);
  if (!hasShifts(rota)) return { kind: 'unknown', clock };
  const today = centreDayOf(at);
  const now = clock.minutes;
  const onToday = shiftsOn(rota, today).map(span).some((s) => now >= s.from && now < s.to);
  const fromYesterday = shiftsOn(rota, addDays(today, -1)).map(span).some((s) => now + DAY >= s.from && now + DAY < s.to);
  if (onToday || fromYesterday) {
    return { kind: 'onDuty', alerted: channelConfigured, clock, ...(channelConfigured && rota.responseMinutes ? { withinMinutes: rota.responseMinutes } : {}) };
  }
  // Two weeks ahead: a long holiday break still finds the next shift.
  for (let ahead = 0; ahead <= 14; ahead++) {
    const day = addDays(today, ahead);
    const starts = shiftsOn(rota, day).map(span).map((s) => s.from).filter((from) => ahead > 0 || from > now);
    if (starts.length > 0) return { kind: 'offDuty', next: { day: weekdayOfDay(day), daysAhead: ahead, time: formatMinutes(Math.min(...starts)) }, clock };
  }
  return { kind: 'unknown', clock };
}

/** "08:00" from minutes (24:00 for the end of a day). */
function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The rota the environment describes (NOTIFY_ONDUTY_HOURS and the on-duty
 * channel variables): the seed the dashboard's page starts from, and what
 * is used while no rota has been saved.
 */
export function rotaFromEnvironment(windows: readonly DutyWindow[] | undefined, channel: RotaChannel): Rota {
  const week = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as DutyShift[]])) as Record<Weekday, DutyShift[]>;
  for (const w of windows ?? []) {
    for (const d of w.days) week[d].push({ from: hhmm(w.from), to: hhmm(w.to) });
  }
  for (const d of WEEKDAYS) week[d].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  return { week, holidays: [], channel: { ...(channel.webhook ? { webhook: channel.webhook } : {}), ...(channel.email ? { email: channel.email } : {}) } };
}
