import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import type { EncryptedField } from '../../models/encryptedField';
import type { Keyring } from './keyring';
import { AppError } from '../../core/errors';

/** What a ciphertext is bound to: decrypting it anywhere else fails. */
export interface FieldContext {
  /** The report the value belongs to (hex ObjectId), or another owner id. */
  reportId: string;
  /** The field name, e.g. `narrative`, `evidence`, `message:<id>`. */
  field: string;
}

/** Raised when a value cannot be decrypted: unknown key, tampering or wrong context. */
export class DecryptionError extends AppError<'DecryptionFailed'> {
  constructor(readonly reason: 'unknown_key' | 'authentication_failed') {
    super('DecryptionFailed', `field could not be decrypted (${reason})`, { reason });
  }
}

const ALGORITHM = 'aes-256-gcm';

function aad(ctx: FieldContext): Buffer {
  return Buffer.from(`bezbedno:v1|${ctx.reportId}|${ctx.field}`, 'utf8');
}

/** IVs come from one CSPRNG draw per this many encryptions (each 12 bytes, never handed out twice). */
const IVS_PER_DRAW = 256;
const IV_BYTES = 12;

/**
 * AES-256-GCM encryption of report fields. The associated data binds each
 * ciphertext to its report and field, so a value copied into another report
 * or field does not decrypt. The key id is stored beside the ciphertext: the
 * current key encrypts, every configured key decrypts, and {@link reEncrypt}
 * moves a value to the current key during rotation.
 */
export class FieldCipher {
  private readonly lookupKeys: Map<string, Buffer>;
  /** The keys as key objects, made once: handing a Buffer to every cipher imports the key again each time. */
  private readonly keyObjects: Map<string, KeyObject>;
  private ivPool = Buffer.alloc(0);
  private ivOffset = 0;

  constructor(private readonly keyring: Keyring) {
    this.keyObjects = new Map([...keyring.all.values()].map((k) => [k.kid, createSecretKey(k.key)]));
    // A separate key for keyed digests, derived so the encryption key is never used twice.
    this.lookupKeys = new Map(
      [...keyring.all.values()].map((k) => [k.kid, Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), 'bezbedno lookup v1', 32))]),
    );
  }

  /**
   * A separate 32-byte key per configured key, derived with HKDF under
   * `label` (never the encryption key itself), keyed by the same id, the
   * current key's first: for a purpose that needs its own keys but has none
   * configured.
   */
  derivedKeys(label: string): Map<string, Buffer> {
    const ordered = [this.keyring.current, ...[...this.keyring.all.values()].filter((k) => k.kid !== this.keyring.current.kid)];
    return new Map(ordered.map((k) => [k.kid, Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), label, 32))]));
  }

  /** The ids of every configured key (each decrypts). */
  get kids(): string[] {
    return [...this.keyring.all.keys()];
  }

  /** The id of the key new values are encrypted with. */
  get currentKid(): string {
    return this.keyring.current.kid;
  }

  encrypt(plaintext: string, ctx: FieldContext): EncryptedField {
    const { kid } = this.keyring.current;
    const iv = this.nextIv();
    const cipher = createCipheriv(ALGORITHM, this.keyObjects.get(kid)!, iv);
    cipher.setAAD(aad(ctx));
    // GCM is a stream mode: final() adds no bytes, so update's output is the whole ciphertext.
    const ct = cipher.update(plaintext, 'utf8');
    cipher.final();
    return { kid, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
  }

  decrypt(field: EncryptedField, ctx: FieldContext): string {
    const key = this.keyObjects.get(field.kid);
    if (!key) throw new DecryptionError('unknown_key');
    try {
      const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(field.iv, 'base64'));
      decipher.setAAD(aad(ctx));
      decipher.setAuthTag(Buffer.from(field.tag, 'base64'));
      const plain = decipher.update(Buffer.from(field.ct, 'base64'));
      // Checks the tag (throws when it does not match): nothing is returned before it has.
      decipher.final();
      return plain.toString('utf8');
    } catch {
      throw new DecryptionError('authentication_failed');
    }
  }

  /**
   * A fresh random 96-bit IV, cut from a pool of CSPRNG bytes drawn
   * {@link IVS_PER_DRAW} at a time (one draw instead of one per encryption).
   * A new pool is a new buffer, so an IV handed out is never overwritten.
   */
  private nextIv(): Buffer {
    if (this.ivOffset + IV_BYTES > this.ivPool.length) {
      this.ivPool = randomBytes(IV_BYTES * IVS_PER_DRAW);
      this.ivOffset = 0;
    }
    const iv = this.ivPool.subarray(this.ivOffset, this.ivOffset + IV_BYTES);
    this.ivOffset += IV_BYTES;
    return iv;
  }

  encryptJson(value: unknown, ctx: FieldContext): EncryptedField {
    return this.encrypt(JSON.stringify(value), ctx);
  }

  decryptJson<T>(field: EncryptedField, ctx: FieldContext): T {
    return JSON.parse(this.decrypt(field, ctx)) as T;
  }

  /** True when the value was encrypted with a key other than the current one. */
  needsRotation(field: EncryptedField): boolean {
    return field.kid !== this.keyring.current.kid;
  }

  /** The same plaintext under the current key (rotation). */
  reEncrypt(field: EncryptedField, ctx: FieldContext): EncryptedField {
    return this.encrypt(this.decrypt(field, ctx), ctx);
  }

  /**
   * Keyed digests of `value` under every key, current first: store the first,
   * look up with all of them, so lookups keep working across a rotation.
   */
  digests(purpose: string, value: string): string[] {
    const current = this.lookupKeys.get(this.keyring.current.kid)!;
    const others = [...this.lookupKeys.entries()].filter(([kid]) => kid !== this.keyring.current.kid).map(([, k]) => k);
    return [current, ...others].map((k) => createHmac('sha256', k).update(`${purpose}\u0000${value}`).digest('base64url'));
  }

  /** The keyed digest under the current key (what is stored). */
  digest(purpose: string, value: string): string {
    return this.digests(purpose, value)[0]!;
  }
}
