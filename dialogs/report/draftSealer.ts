import type { EncryptedField, FieldCipher } from '../../services/crypto/fieldCipher';
import { emptySealed, type SealedDraft } from './reportProgress';

/**
 * Seals a draft's free text with the report key (AES-256-GCM), bound to the
 * draft's submission id, so conversation state in MongoDB never holds the
 * reporter's words or links readable — not even anonymised.
 */
export class DraftSealer {
  constructor(private readonly cipher: FieldCipher) {}

  seal(submissionId: string, value: SealedDraft): EncryptedField {
    return this.cipher.encryptJson(value, this.context(submissionId));
  }

  /** The sealed part, or an empty one for a draft that has none yet. */
  open(submissionId: string, sealed: EncryptedField | undefined): SealedDraft {
    return sealed ? this.cipher.decryptJson<SealedDraft>(sealed, this.context(submissionId)) : emptySealed();
  }

  private context(submissionId: string): { reportId: string; field: string } {
    return { reportId: `draft:${submissionId}`, field: 'draft' };
  }
}
