import type { ConditionValue, Conditions } from '../../core/domain/ruleDef';
import type { Situation, SituationField } from '../../core/domain/routing';

function test(raw: Situation[SituationField], cond: ConditionValue): boolean {
  if (Array.isArray(cond)) return cond.some((c) => test(raw, c));
  if (typeof cond === 'object') {
    if ('present' in cond) return (raw !== undefined) === cond.present;
    return raw !== cond.not;
  }
  // A missing flag reads as false: rules add authorities on what is known.
  if (typeof cond === 'boolean') return (raw ?? false) === cond;
  return raw === cond;
}

/** True when every condition holds for the situation (an empty set always holds). */
export function conditionsHold(conditions: Conditions | undefined, situation: Situation): boolean {
  if (!conditions) return true;
  return (Object.keys(conditions) as SituationField[]).every((field) => {
    const cond = conditions[field];
    return cond === undefined || test(situation[field], cond);
  });
}
