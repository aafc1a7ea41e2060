/**
 * Seals small secrets (TOTP seeds) for storage. The composition root backs it
 * with the same AES-256-GCM field cipher that protects report content, so the
 * database alone never reveals a second factor.
 */
export interface SecretSealer {
  seal(plain: string): string;
  open(sealed: string): string;
}
