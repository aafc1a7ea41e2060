import { t } from '../i18n/catalog';
import type { Locale } from '../i18n/locales';
import type { AuthorityDef } from '../../core/domain/authorityDef';
import { authorityName, inLocale, isKnownReason, renderReason, renderReasonWith } from '../routing/reasonTemplate';
import type { RoutingRuleDef } from '../../core/domain/ruleDef';
import type { ReasonRef } from '../../core/domain/routing';

/** A routing rule as the registry shows it, in the reader's language. */
export interface RuleDisplay {
  /** What the rule is for; `note` when it is an administrator's note shown as typed. */
  description?: { text: string; note?: true };
  /** Whom it adds and why. */
  targets: Array<{ to: string; reason: string; otherwise?: { to: string; reason: string } }>;
  urgencyReason?: string;
}

function text(ref: ReasonRef, locale: Locale, authority?: AuthorityDef): string {
  return isKnownReason(ref) ? renderReason(ref, locale, authority) : (ref as { key: string }).key;
}

const capitalised = (s: string): string => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/**
 * Renders a rule for the registry page: its description and reasons from
 * their keys (or an administrator's text), every authority by its name. A
 * target chosen by kind names "the competent <kind>" where the reason says
 * `{authority}`, since the authority depends on the report's municipality.
 */
export function ruleDisplay(rule: RoutingRuleDef, locale: Locale, authorities: ReadonlyMap<string, AuthorityDef>): RuleDisplay {
  const d = rule.description;
  const description = d === undefined ? undefined : typeof d === 'string' ? { text: d, note: true as const } : { text: text(d, locale) };
  const named = (id: string) => {
    const a = authorities.get(id);
    return { to: a ? authorityName(a, locale) : id, authority: a };
  };
  const targets = rule.add.map((target) => {
    let main: { to: string; reason: string };
    if (target.authority) {
      const { to, authority } = named(target.authority);
      main = { to, reason: text(target.reason, locale, authority) };
    } else {
      const kind = t(locale, `dashboard.kindCompetent.${target.kind}`);
      main = { to: capitalised(kind), reason: capitalised(renderReasonWith(target.reason, locale, { authority: kind, area: t(locale, 'dashboard.registry.itsArea') })) };
    }
    if (!target.otherwise) return main;
    const { to, authority } = named(target.otherwise.authority);
    return { ...main, otherwise: { to, reason: text(target.otherwise.reason, locale, authority) } };
  });
  return { ...(description ? { description } : {}), targets, ...(rule.urgencyReason ? { urgencyReason: text(rule.urgencyReason, locale) } : {}) };
}

/** An authority's registry texts in the reader's language. */
export function authorityDisplay(a: AuthorityDef, locale: Locale): { name: string; area: string; actsOn: string } {
  return { name: authorityName(a, locale), area: inLocale(a.jurisdiction.area, locale), actsOn: inLocale(a.actsOn, locale) };
}
