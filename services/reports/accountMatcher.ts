import { createHmac } from 'node:crypto';
import type { Evidence } from '../anonymise/types';
import type { FieldCipher } from '../crypto/fieldCipher';
import { parseKeyring } from '../crypto/keyring';
import { accountIdentities } from './accountIdentity';

/** The HKDF label of the matching keys derived from the report keys when REPORT_MATCH_KEYS is not set. */
const DERIVED_LABEL = 'bezbedno account match v1';
/** Bound into every hash, so a hash made for this purpose matches nothing else. */
const PURPOSE = 'bezbedno:account:v1';

/**
 * Turns the accounts a report's evidence names into link ids — `<key id>:<HMAC-SHA-256
 * of the normalised account>` (base64url) — under every configured matching key, the
 * current one first. Reports naming the same account share a link id; the
 * account itself is never stored, and without the key a link id cannot be
 * tested against a guessed name. Every key gives its own id, so a report is
 * linked under all of them and a new key matches the reports linked before
 * it came (services/reports/accountLinks.ts re-links them when the keys change).
 */
export class AccountMatcher {
  constructor(private readonly keys: ReadonlyMap<string, Buffer>) {
    if (keys.size === 0) throw new Error('AccountMatcher needs at least one key');
  }

  /**
   * The matching keys: REPORT_MATCH_KEYS (`kid:base64key,…`, first = current) when
   * set, otherwise one derived from each report key with HKDF under its own label.
   */
  static fromConfig(cipher: FieldCipher, matchKeys?: string): AccountMatcher {
    if (!matchKeys) return new AccountMatcher(cipher.derivedKeys(DERIVED_LABEL));
    const ring = parseKeyring(matchKeys, 'REPORT_MATCH_KEYS');
    const ordered = [ring.current, ...[...ring.all.values()].filter((k) => k.kid !== ring.current.kid)];
    return new AccountMatcher(new Map(ordered.map((k) => [k.kid, k.key])));
  }

  /** The configured key ids, current first. */
  get kids(): string[] {
    return [...this.keys.keys()];
  }

  /** The link ids of normalised identities (accountIdentity.ts) under every key. */
  linkIdsOf(identities: readonly string[]): string[] {
    const ids = new Set<string>();
    for (const [kid, key] of this.keys) {
      for (const identity of identities) ids.add(`${kid}:${createHmac('sha256', key).update(`${PURPOSE}\u0000${identity}`).digest('base64url')}`);
    }
    return [...ids].sort();
  }

  /** The link ids of the accounts a report's evidence names (the report's platforms give bare names their platform). */
  linkIds(evidence: Partial<Evidence> | null | undefined, platforms: readonly string[]): string[] {
    return this.linkIdsOf(accountIdentities(evidence, platforms));
  }
}

/** The key id a link id was made under. */
export function kidOfLink(linkId: string): string {
  return linkId.slice(0, linkId.indexOf(':'));
}
