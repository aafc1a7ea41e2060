import { CENTRE_TIME_ZONE } from '../shared/centreTime';
import type { Weekday } from '../../core/domain/rota';

/**
 * The words of the on-duty question — "is someone at the contact centre on
 * duty now, and if not, when does the centre see a report?" — shared by the
 * hours from the environment (onDuty.ts) and the rota kept in the dashboard
 * (rota.ts, rotaService.ts).
 */

export { CENTRE_TIME_ZONE };

/** A moment on the contact centre's wall clock. */
export interface CentreClock {
  day: Weekday;
  /** Minutes since midnight, 0–1439. */
  minutes: number;
}

/** The answer to "who sees an immediate report, and when?". */
export type DutyStatus =
  /**
   * Within the on-duty hours. `alerted`: an on-duty channel (webhook, e-mail)
   * brings the report to a person at once; `withinMinutes`: how soon that
   * person has promised to see it (the rota's response time), when set.
   */
  | { kind: 'onDuty'; alerted: boolean; withinMinutes?: number; clock: CentreClock }
  /** Outside the hours: the centre sees it when they next begin (`daysAhead` 0 = later today), `time` as "8:00". */
  | { kind: 'offDuty'; next: { day: Weekday; daysAhead: number; time: string }; clock: CentreClock }
  /** No hours configured: nothing can be promised. */
  | { kind: 'unknown'; clock: CentreClock };

/** What the bot needs from the on-duty service. */
export interface OnDuty {
  status(): DutyStatus | Promise<DutyStatus>;
}

const WEEKDAY_OF_INTL: Readonly<Record<string, Weekday>> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };
const clockFormat = new Intl.DateTimeFormat('en-GB', { timeZone: CENTRE_TIME_ZONE, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `at` on the contact centre's wall clock (Europe/Belgrade, summer time included). */
export function centreClock(at: Date): CentreClock {
  const parts = Object.fromEntries(clockFormat.formatToParts(at).map((p) => [p.type, p.value]));
  const day = WEEKDAY_OF_INTL[parts.weekday ?? ''];
  if (!day) throw new Error(`unexpected weekday ${parts.weekday ?? ''}`);
  return { day, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}
