import type { Connection } from 'mongoose';
import { caseMessageModel, type CaseMessageDoc } from '../../models/caseMessage';
import { reportModel, type ReportDoc } from '../../models/report';
import { reporterContactModel, type ReporterContactDoc } from '../../models/reporterContact';
import type { FieldCipher } from '../crypto/fieldCipher';
import type { EncryptedField } from '../../models/encryptedField';
import { addedEvidenceField } from './reportEvidence';
import { keyIdsInUse, KeyLedger } from './keyCheck';

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
export async function rotateReportKeys(conn: Connection, cipher: FieldCipher): Promise<RotationResult> {
  const result: RotationResult = { reports: 0, contacts: 0, messages: 0 };
  // Recorded before anything is written under it (the start-up key check relies on the record).
  const ledger = new KeyLedger(conn);
  await ledger.record([cipher.currentKid]);
  const stale = (f: EncryptedField | null | undefined): boolean => !!f && cipher.needsRotation(f);
  const current = cipher.currentKid;

  const reports = reportModel(conn);
  for await (const r of reports.find({ $or: [{ 'narrative.kid': { $ne: current, $exists: true } }, { 'evidence.kid': { $ne: current, $exists: true } }, { 'notes.body.kid': { $ne: current } }, { 'evidenceAdded.body.kid': { $ne: current } }] }).lean<ReportDoc>().cursor()) {
    const reportId = r._id.toHexString();
    const set: Record<string, unknown> = {};
    const filter: Record<string, unknown> = { _id: r._id };
    if (stale(r.narrative)) {
      set.narrative = cipher.reEncrypt(r.narrative!, { reportId, field: 'narrative' });
      filter['narrative.ct'] = r.narrative!.ct;
    }
    if (stale(r.evidence)) {
      set.evidence = cipher.reEncrypt(r.evidence!, { reportId, field: 'evidence' });
      filter['evidence.ct'] = r.evidence!.ct;
    }
    if (r.notes.some((n) => stale(n.body))) {
      set.notes = r.notes.map((n) => (stale(n.body) ? { ...n, body: cipher.reEncrypt(n.body, { reportId, field: `note:${n._id.toHexString()}` }) } : n));
      filter['notes'] = { $size: r.notes.length };
    }
    const added = r.evidenceAdded ?? [];
    if (added.some((e) => stale(e.body))) {
      set.evidenceAdded = added.map((e) => (stale(e.body) ? { ...e, body: cipher.reEncrypt(e.body, { reportId, field: addedEvidenceField(e._id) }) } : e));
      // A follow-up message appends: the list as read is the list replaced.
      filter['evidenceAdded'] = { $size: added.length };
    }
    if (Object.keys(set).length === 0) continue;
    if ((await reports.updateOne(filter, { $set: set })).modifiedCount === 1) result.reports++;
  }

  const contacts = reporterContactModel(conn);
  for await (const c of contacts.find({ 'contact.kid': { $ne: current } }).lean<ReporterContactDoc>().cursor()) {
    const contact = cipher.reEncrypt(c.contact, { reportId: c.reportId.toHexString(), field: 'contact' });
    if ((await contacts.updateOne({ _id: c._id, 'contact.ct': c.contact.ct }, { $set: { contact } })).modifiedCount === 1) result.contacts++;
  }

  const messages = caseMessageModel(conn);
  for await (const m of messages.find({ 'body.kid': { $ne: current } }).lean<CaseMessageDoc>().cursor()) {
    const body = cipher.reEncrypt(m.body, { reportId: m.reportId.toHexString(), field: `message:${m._id.toHexString()}` });
    if ((await messages.updateOne({ _id: m._id, 'body.ct': m.body.ct }, { $set: { body } })).modifiedCount === 1) result.messages++;
  }
  // What is still in use after the rotation (in the database; the spool is read at each start): an old key
  // no longer named here can leave REPORT_ENCRYPTION_KEYS. The current one stays recorded.
  const use = await keyIdsInUse(conn);
  await ledger.replace([...Object.keys(use), cipher.currentKid]);
  return result;
}
