import { t } from '../i18n/catalog';
import type { Locale } from '../i18n/locales';
import { platformName } from '../nlu/platforms';
import type { AuthorityDef } from '../../core/domain/authorityDef';
import { legacyReasonRefs } from '../routing/legacyReasons';
import { loadMunicipalities, Municipality } from '../routing/municipalities';
import { municipalitySlug } from '../routing/municipalitySlug';
import { authorityName, inLocale, isKnownReason, renderReason } from '../routing/reasonTemplate';
import type { ReasonRef } from '../../core/domain/routing';
import { latinToCyrillic } from '../text/transliterate';

/** A stored routing entry, as reports hold it. */
export interface StoredRouting {
  authorityId: string;
  reason: string;
  reasons?: ReasonRef[];
}

/** A routed authority as a reviewer reads it. */
export interface RoutingView {
  id: string;
  name: string;
  /** The reasons joined, in the reviewer's language. */
  reason: string;
  /** Each reason: its resource key (absent for an administrator's own text) and its words. */
  reasons: Array<{ key?: string; text: string }>;
  /**
   * `en` when the report holds an English text that is not made of known
   * sentences (an old report routed by an administrator's rule): it is shown
   * as it is, marked as English, rather than lost.
   */
  original?: 'en';
}

let municipalities: Map<string, Municipality> | undefined;
let duplicateNames: Set<string> | undefined;

function municipalityIndex(): Map<string, Municipality> {
  if (!municipalities) {
    const list = loadMunicipalities();
    municipalities = new Map(list.map((m) => [m.slug, m]));
    const seen = new Set<string>();
    duplicateNames = new Set(list.filter((m) => seen.has(m.name) || !seen.add(m.name)).map((m) => m.name));
  }
  return municipalities;
}

/**
 * Names for the ids reports and the registry hold, in one reader's locale:
 * authorities (the registry's names), municipalities and districts
 * (content/geo/municipalities.yaml), platforms (content/platforms.yaml) and
 * routing reasons (resource keys, or an old report's English text read back
 * as keys). Serbian Cyrillic is derived from the Latin everywhere. Built per
 * request from the routing data the request already read.
 */
export class DisplayNames {
  private readonly authorities: Map<string, AuthorityDef>;

  constructor(readonly locale: Locale, authorities: readonly AuthorityDef[]) {
    this.authorities = new Map(authorities.map((a) => [a.id, a]));
  }

  /** The registry entry of an authority id, if it exists. */
  authorityDef(id: string): AuthorityDef | undefined {
    return this.authorities.get(id);
  }

  /** An authority's name; the id when the registry does not know it. */
  authority(id: string): string {
    const a = this.authorities.get(id);
    return a ? authorityName(a, this.locale) : id;
  }

  /** A municipality's name as the law writes it (the city added where two share a name). */
  municipality(slug: string): string {
    const m = municipalityIndex().get(slug);
    if (!m) return this.serbian(slug);
    if (!duplicateNames?.has(m.name)) return this.serbian(m.name);
    // Two city municipalities share a name; their slugs end with the city's (palilula-nis).
    const city = municipalityIndex().get(m.slug.slice(municipalitySlug(m.name).length + 1));
    return this.serbian(`${m.name} (${city?.name ?? m.district})`);
  }

  /** An administrative district's name (statistics); `unknown` in words. */
  district(name: string): string {
    return name === 'unknown' ? this.unknown() : this.serbian(name);
  }

  /** A platform's brand name (the same in every script). */
  platform(id: string): string {
    return id === 'unknown' ? this.unknown() : platformName(id);
  }

  /**
   * The label of a statistics row whose key is an id (platform, district,
   * authority); undefined for the rest, whose keys the UI labels itself
   * (category, urgency, age band, role, month).
   */
  statLabel(dimension: string, key: string): string | undefined {
    if (dimension === 'byPlatform') return this.platform(key);
    if (dimension === 'byRegion') return this.district(key);
    if (dimension === 'byAuthority') return this.authority(key);
    return undefined;
  }

  /** "unknown" in the reader's language. */
  unknown(): string {
    return t(this.locale, 'dashboard.unknown');
  }

  /** A stored routing entry in the reader's language. */
  routing(entry: StoredRouting): RoutingView {
    const authority = this.authorities.get(entry.authorityId);
    const name = this.authority(entry.authorityId);
    const refs = entry.reasons?.length ? entry.reasons : legacyReasonRefs(entry.reason, authority);
    if (!refs || !refs.every(isKnownReason)) {
      return { id: entry.authorityId, name, reason: entry.reason, reasons: [{ text: entry.reason }], original: 'en' };
    }
    const reasons = refs.map((r) => ({ ...('key' in r ? { key: r.key } : {}), text: renderReason(r, this.locale, authority).trim() }));
    const reason = [...new Set(reasons.map((r) => r.text))].join(' ');
    return { id: entry.authorityId, name, reason, reasons };
  }

  /** Localised text of the registry (names, areas, what an authority acts on). */
  text(value: { 'sr-Latn': string; en: string }): string {
    return inLocale(value, this.locale);
  }

  /** A proper name written in Serbian Latin, in the reader's script. */
  private serbian(name: string): string {
    return this.locale === 'sr-Cyrl' ? latinToCyrillic(name) : name;
  }
}
