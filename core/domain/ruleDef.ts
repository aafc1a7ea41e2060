import type { AuthorityKind } from './authorityDef';
import type { ReasonRef, SituationField, Urgency } from './routing';

/**
 * A test on one Situation field:
 * - a scalar: equal (a missing flag counts as `false`);
 * - a list: equal to one of them;
 * - `{ present: true|false }`: the field is (not) given;
 * - `{ not: v }`: the raw value is not `v` (a missing flag is *not* false:
 *   `victimIsPupil: { not: false }` holds when it is unknown).
 */
export type ConditionValue =
  | string
  | boolean
  | Array<string | boolean>
  | { present: boolean }
  | { not: string | boolean };

/** All conditions must hold; an empty set always holds. */
export type Conditions = Partial<Record<SituationField, ConditionValue>>;

/**
 * An authority a rule adds: either a fixed `authority` id, or the active
 * authority of `kind` whose jurisdiction covers the situation's municipality.
 * When a `kind` resolves to nothing, `otherwise` says who decides instead.
 */
export interface RuleTarget {
  authority?: string;
  kind?: AuthorityKind;
  /** Extra conditions for this target only. */
  when?: Conditions;
  /** Why, for the reviewer; `{authority}` and `{area}` are filled from the chosen authority. */
  reason: ReasonRef;
  otherwise?: { authority: string; reason: ReasonRef };
}

/** One row of the routing matrix, as data. */
export interface RoutingRuleDef {
  id: string;
  /** Evaluation and output order (ascending). */
  order: number;
  /**
   * What the rule is for, shown in the registry: a resource key or text in
   * both languages; a plain string is an administrator's note, shown as typed.
   */
  description?: string | ReasonRef;
  when: Conditions;
  /** If given, at least one of these must hold as well. */
  whenAny?: Conditions[];
  add: RuleTarget[];
  /** The urgency is at least this when the rule matches. */
  urgency?: Urgency;
  /** Steps to raise the urgency after every minimum is applied (capped at immediate). */
  raiseUrgency?: number;
  urgencyReason?: ReasonRef;
  active: boolean;
}
