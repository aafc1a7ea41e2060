import { URGENCIES, Urgency } from '../../core/domain/routing';

/** The higher of two urgencies. */
export function maxUrgency(a: Urgency, b: Urgency): Urgency {
  return URGENCIES.indexOf(a) >= URGENCIES.indexOf(b) ? a : b;
}

/** Raises an urgency by some steps, capped at the highest. */
export function raiseUrgency(u: Urgency, steps: number): Urgency {
  const i = Math.min(URGENCIES.indexOf(u) + Math.max(0, steps), URGENCIES.length - 1);
  return URGENCIES[i] ?? u;
}
