import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretSealer } from './secretSealer';

/**
 * AES-256-GCM sealing of staff secrets under a key of their own (key
 * separation from report content). Format: `v1.<iv>.<tag>.<ciphertext>`,
 * base64url parts.
 */
export class AesSecretSealer implements SecretSealer {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the sealing key must be 32 bytes');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  open(sealed: string): string {
    const [v, iv, tag, body] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** A sealer for when no key is configured: sealing refuses, with the reason. */
export class MissingKeySealer implements SecretSealer {
  seal(): string {
    throw new Error('DASHBOARD_TOTP_KEY is not configured');
  }
  open(): string {
    throw new Error('DASHBOARD_TOTP_KEY is not configured');
  }
}
