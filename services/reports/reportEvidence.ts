import { newRecordId, type RecordId } from '../../models/database';
import type { AddedEvidence, ReportDoc } from '../../models/report';
import type { Evidence } from '../anonymise/types';
import type { FieldCipher } from '../crypto/fieldCipher';

/** The field an added piece of evidence is bound to (its own id, like a note's). */
export function addedEvidenceField(id: RecordId): string {
  return `evidence:${id.toHexString()}`;
}

/** Seals what one follow-up message added, as an entry for `evidenceAdded`. */
export function sealAddedEvidence(cipher: FieldCipher, reportId: string, evidence: Evidence, at: Date): AddedEvidence {
  const _id = newRecordId();
  return { _id, at, body: cipher.encryptJson({ urls: evidence.urls, handles: evidence.handles }, { reportId, field: addedEvidenceField(_id) }) };
}

/**
 * A report's whole evidence: what came with the report and what follow-up
 * messages added, each link and handle once, in the order given. Null when
 * there is none (or it was erased).
 */
export function openEvidence(cipher: FieldCipher, doc: Pick<ReportDoc, '_id' | 'evidence' | 'evidenceAdded'>): Evidence | null {
  const reportId = doc._id.toHexString();
  const parts: Array<Partial<Evidence>> = [];
  if (doc.evidence) parts.push(cipher.decryptJson<Partial<Evidence>>(doc.evidence, { reportId, field: 'evidence' }));
  for (const added of doc.evidenceAdded ?? []) {
    parts.push(cipher.decryptJson<Partial<Evidence>>(added.body, { reportId, field: addedEvidenceField(added._id) }));
  }
  if (parts.length === 0) return null;
  return {
    urls: [...new Set(parts.flatMap((p) => p.urls ?? []))],
    handles: [...new Set(parts.flatMap((p) => p.handles ?? []))],
  };
}

/** True when the report holds any evidence. */
export function hasEvidence(doc: Pick<ReportDoc, 'evidence' | 'evidenceAdded'>): boolean {
  return Boolean(doc.evidence) || (doc.evidenceAdded?.length ?? 0) > 0;
}
