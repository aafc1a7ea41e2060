import { contacts, isOpenAt } from '../../services/contacts/contacts';
import type { DutyStatus } from '../../services/notify/onDuty';
import type { Urgency } from '../../core/domain/routing';
import type { Part } from '../shared/reply';

/** Serbian numerals choose the noun's form ("do 21 čas", "do 23 časa", "do 20 časova"); the keys follow them. */
const serbianPlural = new Intl.PluralRules('sr');

function hourForm(hour: number): 'one' | 'few' | 'other' {
  const form = serbianPlural.select(hour);
  return form === 'one' || form === 'few' ? form : 'other';
}

/** The help lines open on the contact centre's clock now: the children's line (0–24), Centar Srce in its hours. */
function openLines(duty: DutyStatus): Part[] {
  const all = contacts();
  const lines: Part[] = [];
  if (isOpenAt(all.childLine.hours, duty.clock.minutes)) lines.push('reportFlow.done.openNow.childLine');
  const srce = all.srce.hours;
  if (srce.kind === 'daily' && isOpenAt(srce, duty.clock.minutes)) {
    const to = Number(srce.to.split(':')[0]);
    lines.push({ key: `reportFlow.done.openNow.srce.${hourForm(to)}`, vars: { to } });
  }
  return lines;
}

/**
 * What the reporter is told happens to an immediate report, and nothing
 * more than is true: a person gets it at once only when an on-duty channel
 * is configured and it is within the on-duty hours of the rota — "within N
 * minutes" only when the rota gives a response time. Otherwise: when the
 * contact centre will see it (or that this cannot be promised), and the
 * lines open now — 192 for danger unless the outcome already says so.
 * Other urgencies make no promise about time.
 */
export function urgencyParts(urgency: Urgency, duty: DutyStatus, dangerAlreadySaid: boolean): Part[] {
  const parts: Part[] = [`reportFlow.done.urgency.${urgency}`];
  if (urgency !== 'immediate') return parts;
  if (duty.kind === 'onDuty' && duty.alerted) {
    // "Within N minutes" only when the rota promises it (services/notify/rota.ts: responseMinutes, with a channel, within a shift).
    const n = duty.withinMinutes;
    return [...parts, n ? { key: `reportFlow.done.onDuty.within.${n === 1 ? 'one' : 'other'}`, vars: { minutes: n } } : 'reportFlow.done.onDuty.now'];
  }
  if (duty.kind === 'onDuty') parts.push('reportFlow.done.onDuty.working');
  else if (duty.kind === 'offDuty') {
    const { daysAhead, day, time } = duty.next;
    const when = daysAhead === 0 ? 'today' : daysAhead === 1 ? 'tomorrow' : day;
    parts.push({ key: `reportFlow.done.onDuty.later.${when}`, vars: { time } });
  } else parts.push('reportFlow.done.onDuty.unknown');
  parts.push(...openLines(duty));
  if (!dangerAlreadySaid) parts.push('reportFlow.done.openNow.police');
  return parts;
}
