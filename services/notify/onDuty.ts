/**
 * Who at the contact centre sees an immediate report, and when. The bot asks
 * one question — "is someone on duty now, and if not, when does the centre
 * see it?" — so that it never promises a person who is not there. The rota
 * kept in the dashboard answers it (rotaService.ts); the weekly hours in
 * NOTIFY_ONDUTY_HOURS are its seed and fallback, read here.
 */

import { rotaFromEnvironment, dutyStatusOf } from './rota';
import { type DutyStatus, type OnDuty } from './dutyClock';
import { WEEKDAYS, type DutyWindow, type Weekday } from '../../core/domain/rota';

export { CENTRE_TIME_ZONE, centreClock, type CentreClock, type DutyStatus, type OnDuty } from './dutyClock';

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
    // One reading of hours for both sources: the environment's windows as a rota without holidays.
    return dutyStatusOf(rotaFromEnvironment(this.hours, {}), this.channelConfigured, this.now());
  }
}
