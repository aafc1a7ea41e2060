import type { FieldCipher } from '../../services/crypto/fieldCipher';
import type { EncryptedField } from '../../models/encryptedField';
import { emptySealed, type SealedDraft } from './reportProgress';

/** What a reporter must keep after sending: the case code and, when it could be shown, the secret words. */
export interface KeptCase {
  code: string;
  passphrase?: string;
}

/**
 * Seals a draft's free text with the report key (AES-256-GCM), bound to the
 * draft's submission id, so conversation state in MongoDB never holds the
 * reporter's words or links readable — not even anonymised. After sending,
 * the case code and secret words are sealed the same way (bound to the same
 * id, as another field) for as long as the reporter may ask to see them
 * again; the passphrase is never in state readable.
 */
export class DraftSealer {
  constructor(private readonly cipher: FieldCipher) {}

  seal(submissionId: string, value: SealedDraft): EncryptedField {
    return this.cipher.encryptJson(value, this.context(submissionId, 'draft'));
  }

  /** The sealed part, or an empty one for a draft that has none yet. */
  open(submissionId: string, sealed: EncryptedField | undefined): SealedDraft {
    return sealed ? this.cipher.decryptJson<SealedDraft>(sealed, this.context(submissionId, 'draft')) : emptySealed();
  }

  /** Seals the case code and secret words until the reporter says they are written down. */
  sealCase(submissionId: string, kept: KeptCase): EncryptedField {
    return this.cipher.encryptJson(kept, this.context(submissionId, 'case'));
  }

  /** The case code and secret words sealed by {@link sealCase}. */
  openCase(submissionId: string, sealed: EncryptedField): KeptCase {
    return this.cipher.decryptJson<KeptCase>(sealed, this.context(submissionId, 'case'));
  }

  private context(submissionId: string, field: 'draft' | 'case'): { reportId: string; field: string } {
    return { reportId: `draft:${submissionId}`, field };
  }
}
