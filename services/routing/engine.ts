import type { AuthorityDef } from '../../core/domain/authorityDef';
import { conditionsHold } from './conditions';
import { renderReasons, sameReason } from './reasonTemplate';
import type { RoutingRuleDef, RuleTarget } from '../../core/domain/ruleDef';
import { raiseUrgency, maxUrgency } from './urgency';
import type { ReasonRef, RoutingDecision, Situation, Urgency } from '../../core/domain/routing';

/** Kinds shown before everything else: the user must be told to call at once. */
const FIRST_KINDS = new Set<AuthorityDef['kind']>(['emergency']);

function coversMunicipality(a: AuthorityDef, slug: string): boolean {
  const j = a.jurisdiction;
  if (j.scope === 'municipality') return j.municipality === slug;
  if (j.scope === 'region') return j.municipalities?.includes(slug) ?? false;
  return false;
}

/** The authority a target names, or undefined when none applies. */
function resolveTarget(t: RuleTarget, s: Situation, byId: Map<string, AuthorityDef>): AuthorityDef | undefined {
  if (t.authority) return byId.get(t.authority);
  const slug = s.municipality;
  if (!slug) return undefined;
  for (const a of byId.values()) {
    if (a.kind === t.kind && coversMunicipality(a, slug)) return a;
  }
  return undefined;
}

/**
 * Decides who should act on a situation and how urgently. Pure and
 * deterministic: the same situation, rules and registry always give the same
 * decision. Authorities appear once each, emergency first, otherwise in the
 * order the rules first add them; each carries every reason it was added
 * for (once each, as keys or an administrator's texts) and those reasons
 * rendered in English. Inactive rules and authorities are ignored.
 */
export function decide(situation: Situation, rules: RoutingRuleDef[], authorities: AuthorityDef[]): RoutingDecision {
  const byId = new Map(authorities.filter((a) => a.active).map((a) => [a.id, a]));
  const chosen = new Map<string, { authority: AuthorityDef; reasons: ReasonRef[] }>();
  const add = (a: AuthorityDef, reason: ReasonRef): void => {
    const entry = chosen.get(a.id) ?? { authority: a, reasons: [] };
    if (!entry.reasons.some((r) => sameReason(r, reason))) entry.reasons.push(reason);
    chosen.set(a.id, entry);
  };

  let urgency: Urgency = 'normal';
  let steps = 0;
  const urgencyReasons: ReasonRef[] = [];
  const raiseReasons: ReasonRef[] = [];
  const ordered = [...rules].filter((r) => r.active).sort((a, b) => a.order - b.order);

  for (const rule of ordered) {
    if (!conditionsHold(rule.when, situation)) continue;
    if (rule.whenAny && !rule.whenAny.some((c) => conditionsHold(c, situation))) continue;
    for (const target of rule.add) {
      if (!conditionsHold(target.when, situation)) continue;
      const authority = resolveTarget(target, situation, byId);
      if (authority) {
        add(authority, target.reason);
      } else if (target.otherwise) {
        const fallback = byId.get(target.otherwise.authority);
        if (fallback) add(fallback, target.otherwise.reason);
      }
    }
    if (rule.urgency) {
      urgency = maxUrgency(urgency, rule.urgency);
      if (rule.urgencyReason) urgencyReasons.push(rule.urgencyReason);
    }
    if (rule.raiseUrgency) {
      steps += rule.raiseUrgency;
      if (rule.urgencyReason) raiseReasons.push(rule.urgencyReason);
    }
  }
  const raised = raiseUrgency(urgency, steps);
  // A step that the cap swallowed explains nothing, so it is not listed.
  if (raised !== urgency) urgencyReasons.push(...raiseReasons);

  const entries = [...chosen.values()];
  const sorted = [
    ...entries.filter((e) => FIRST_KINDS.has(e.authority.kind)),
    ...entries.filter((e) => !FIRST_KINDS.has(e.authority.kind)),
  ];
  return {
    urgency: raised,
    authorities: sorted.map((e) => ({ id: e.authority.id, reason: renderReasons(e.reasons, 'en', e.authority), reasons: e.reasons })),
    urgencyReasons,
  };
}
