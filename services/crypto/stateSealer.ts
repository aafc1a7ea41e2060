import type { StateSealer } from '../../models/mongoStorage';
import type { FieldCipher } from './fieldCipher';
import type { EncryptedField } from '../../models/encryptedField';

/** Marks a sealed item; anything else is a plain item written before sealing existed. */
const PREFIX = 'sealed1:';

/**
 * Seals conversation state with the report key (the cipher the draft
 * sealer uses, AES-256-GCM), bound to the item's hashed key, so a sealed
 * state cannot be moved to another conversation. Each write seals with the
 * current key, so a rotated-out key only has to outlive the state's idle
 * expiry (STATE_TTL_HOURS).
 */
export class CipherStateSealer implements StateSealer {
  constructor(private readonly cipher: FieldCipher) {}

  seal(plain: string, id: string): string {
    return PREFIX + JSON.stringify(this.cipher.encrypt(plain, this.context(id)));
  }

  open(stored: string, id: string): string | undefined {
    // Written before this version (expires within STATE_TTL_HOURS); sealed on its next write.
    if (!stored.startsWith(PREFIX)) return stored.startsWith('{') ? stored : undefined;
    try {
      return this.cipher.decrypt(JSON.parse(stored.slice(PREFIX.length)) as EncryptedField, this.context(id));
    } catch {
      return undefined;
    }
  }

  private context(id: string): { reportId: string; field: string } {
    return { reportId: `state:${id}`, field: 'botstate' };
  }
}
