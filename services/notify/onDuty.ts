/**
 * Who at the contact centre sees an immediate report, and when. The bot asks
 * this service one question — "is someone on duty now, and if not, when does
 * the centre see it?" — so that it never promises a person who is not there.
 * Today the answer comes from configured weekly hours (NOTIFY_ONDUTY_HOURS);
 * a rota kept in the dashboard can answer the same question later.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The contact centre's time zone: hours are configured, and said to users, in it. */
export const CENTRE_TIME_ZONE = 'Europe/Belgrade';

/** A moment on the contact centre's wall clock. */
export interface CentreClock {
  day: Weekday;
  /** Minutes since midnight, 0–1439. */
  minutes: number;
}

/** Hours on some days: from `from` to `to`, in minutes since midnight; `to` ≤ `from` runs past midnight. */
export interface DutyWindow {
  days: readonly Weekday[];
  from: number;
  to: number;
}

/** The answer to "who sees an immediate report, and when?". */
export type DutyStatus =
  /** Within the on-duty hours. `alerted`: an on-duty channel (webhook, e-mail) brings the report to a person at once. */
  | { kind: 'onDuty'; alerted: boolean; clock: CentreClock }
  /** Outside the hours: the centre sees it when they next begin (`daysAhead` 0 = later today), `time` as "8:00". */
  | { kind: 'offDuty'; next: { day: Weekday; daysAhead: number; time: string }; clock: CentreClock }
  /** No hours configured: nothing can be promised. */
  | { kind: 'unknown'; clock: CentreClock };

/** What the bot needs from the on-duty service. */
export interface OnDuty {
  status(): DutyStatus;
}

const DAY_MINUTES = 24 * 60;
const WEEKDAY_OF_INTL: Readonly<Record<string, Weekday>> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };
const clockFormat = new Intl.DateTimeFormat('en-GB', { timeZone: CENTRE_TIME_ZONE, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `at` on the contact centre's wall clock (Europe/Belgrade, summer time included). */
export function centreClock(at: Date): CentreClock {
  const parts = Object.fromEntries(clockFormat.formatToParts(at).map((p) => [p.type, p.value]));
  const day = WEEKDAY_OF_INTL[parts.weekday ?? ''];
  if (!day) throw new Error(`unexpected weekday ${parts.weekday ?? ''}`);
  return { day, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

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

function dayAfter(day: Weekday, n: number): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(day) + n) % 7]!;
}

function within(windows: readonly DutyWindow[], clock: CentreClock): boolean {
  const yesterday = dayAfter(clock.day, 6);
  return windows.some((w) => {
    if (w.from < w.to) return w.days.includes(clock.day) && clock.minutes >= w.from && clock.minutes < w.to;
    // Past midnight: the evening of a listed day, or the early hours after one.
    return (w.days.includes(clock.day) && clock.minutes >= w.from) || (w.days.includes(yesterday) && clock.minutes < w.to);
  });
}

function formatTime(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The next start of a window after `clock` (within a week), or undefined when there is none. */
function nextStart(windows: readonly DutyWindow[], clock: CentreClock): { day: Weekday; daysAhead: number; time: string } | undefined {
  for (let ahead = 0; ahead <= 7; ahead++) {
    const day = dayAfter(clock.day, ahead);
    const starts = windows.filter((w) => w.days.includes(day) && (ahead > 0 || w.from > clock.minutes)).map((w) => w.from);
    if (starts.length > 0) return { day, daysAhead: ahead, time: formatTime(Math.min(...starts)) };
  }
  return undefined;
}

/**
 * The on-duty hours as configured, and whether an on-duty channel is: only
 * both together let the bot say that a person gets a report at once.
 */
export class OnDutyRota implements OnDuty {
  constructor(
    private readonly hours: readonly DutyWindow[] | undefined,
    private readonly channelConfigured: boolean,
    private readonly now: () => Date = () => new Date(),
  ) {}

  status(): DutyStatus {
    const clock = centreClock(this.now());
    if (!this.hours || this.hours.length === 0) return { kind: 'unknown', clock };
    if (within(this.hours, clock)) return { kind: 'onDuty', alerted: this.channelConfigured, clock };
    const next = nextStart(this.hours, clock);
    return next ? { kind: 'offDuty', next, clock } : { kind: 'unknown', clock };
  }
}
