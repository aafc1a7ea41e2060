/**
 * Who at the contact centre sees an immediate report, and when. The bot asks
 * one question — "is someone on duty now, and if not, when does the centre
 * see it?" — so that it never promises a person who is not there. The rota
 * kept in the dashboard answers it (rotaService.ts); the weekly hours in
 * NOTIFY_ONDUTY_HOURS are its seed and fallback, read here.
 */

import { rotaFromEnvironment, dutyStatusOf } from './rota';
import { type DutyStatus, type OnDuty } from './dutyClock';
import { type DutyWindow } from '../../core/domain/rota';

// The hours' parser lives in core/domain/rota.ts: the configuration schema (core/config) checks NOTIFY_ONDUTY_HOURS with it.
export { parseOnDutyHours } from '../../core/domain/rota';
export { CENTRE_TIME_ZONE, centreClock, type CentreClock, type DutyStatus, type OnDuty } from './dutyClock';

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
