import type { LocalisedText } from './routing';

/** What kind of body an authority is; rules select municipal and regional authorities by kind. */
export const AUTHORITY_KINDS = [
  'emergency', 'police', 'prosecutor', 'contact-centre', 'helpline', 'data-protection',
  'school', 'social-work', 'victim-support',
] as const;
export type AuthorityKind = (typeof AUTHORITY_KINDS)[number];

/** The area an authority covers. */
export interface Jurisdiction {
  scope: 'national' | 'region' | 'municipality' | 'school';
  /** The area in words, for reviewers and reason templates (`{area}`). */
  area: LocalisedText;
  /** scope `municipality`: the municipality slug (content/geo/municipalities.yaml). */
  municipality?: string;
  /** scope `region`: the districts covered … */
  districts?: string[];
  /** … expanded to municipality slugs when the seed is loaded, so routing needs no geography. */
  municipalities?: string[];
}

/**
 * Where notices for this authority go. Endpoints are deployment configuration:
 * the seed only carries example.org placeholders with `configured: false`,
 * and nothing is delivered to an authority that is not configured.
 */
export interface AuthorityContact {
  email?: string;
  webhook?: string;
  phone?: string;
  configured: boolean;
}

/** One entry of the authority registry (SPEC.md section 4), as routing sees it. */
export interface AuthorityDef {
  id: string;
  kind: AuthorityKind;
  name: LocalisedText;
  jurisdiction: Jurisdiction;
  actsOn: LocalisedText;
  /** A public number a user may be told (verify before launch). */
  publicPhone?: string;
  website?: string;
  contact: AuthorityContact;
  /** Inactive authorities are never routed to. */
  active: boolean;
  /** Facts no source could confirm yet: verify before launch. */
  unconfirmed?: boolean;
}
