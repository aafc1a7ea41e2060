import type { SealedAsRead, SealedFields } from '../../models/reportRepository';
import type { FieldCipher } from '../crypto/fieldCipher';
import type { EncryptedField } from '../../models/encryptedField';
import { addedEvidenceField } from './reportEvidence';
import { keyIdsInUse, type KeyedStores } from './keyCheck';

/** How many stored values were moved to the current key. */
export interface RotationResult {
  reports: number;
  contacts: number;
  messages: number;
}

/**
 * Re-encrypts every stored value that is not under the current key, so an
 * old key can be removed from REPORT_ENCRYPTION_KEYS afterwards. Each
 * update is conditional on the value it read, so a concurrent edit is never
 * overwritten (that document is picked up by the next run). Safe to run
 * repeatedly and while the service is running.
 */
export async function rotateReportKeys(stores: KeyedStores, cipher: FieldCipher): Promise<RotationResult> {
  const result: RotationResult = { reports: 0, contacts: 0, messages: 0 };
  // Recorded before anything is written under it (the start-up key check relies on the record).
  const { ledger, reports, contacts, messages } = stores;
  await ledger.record([cipher.currentKid]);
  const stale = (f: EncryptedField | null | undefined): boolean => !!f && cipher.needsRotation(f);
  const current = cipher.currentKid;

  for await (const r of reports.sealedNotUnder(current)) {
    const reportId = r._id.toHexString();
    const set: SealedFields = {};
    const read: SealedAsRead = {};
    if (stale(r.narrative)) {
      set.narrative = cipher.reEncrypt(r.narrative!, { reportId, field: 'narrative' });
      read.narrativeCt = r.narrative!.ct;
    }
    if (stale(r.evidence)) {
      set.evidence = cipher.reEncrypt(r.evidence!, { reportId, field: 'evidence' });
      read.evidenceCt = r.evidence!.ct;
    }
    if (r.notes.some((n) => stale(n.body))) {
      set.notes = r.notes.map((n) => (stale(n.body) ? { ...n, body: cipher.reEncrypt(n.body, { reportId, field: `note:${n._id.toHexString()}` }) } : n));
      read.notes = r.notes.length;
    }
    const added = r.evidenceAdded ?? [];
    if (added.some((e) => stale(e.body))) {
      set.evidenceAdded = added.map((e) => (stale(e.body) ? { ...e, body: cipher.reEncrypt(e.body, { reportId, field: addedEvidenceField(e._id) }) } : e));
      // A follow-up message appends: the list as read is the list replaced.
      read.evidenceAdded = added.length;
    }
    if (Object.keys(set).length === 0) continue;
    if (await reports.replaceSealed(r._id, read, set)) result.reports++;
  }

  for await (const c of contacts.sealedNotUnder(current)) {
    const contact = cipher.reEncrypt(c.contact, { reportId: c.reportId.toHexString(), field: 'contact' });
    if (await contacts.replaceContact(c._id, c.contact.ct, contact)) result.contacts++;
  }

  for await (const m of messages.sealedNotUnder(current)) {
    const body = cipher.reEncrypt(m.body, { reportId: m.reportId.toHexString(), field: `message:${m._id.toHexString()}` });
    if (await messages.replaceBody(m._id, m.body.ct, body)) result.messages++;
  }
  // What is still in use after the rotation (in the database; the spool is read at each start): an old key
  // no longer named here can leave REPORT_ENCRYPTION_KEYS. The current one stays recorded.
  const use = await keyIdsInUse(stores);
  await ledger.replace([...Object.keys(use), cipher.currentKid]);
  return result;
}
