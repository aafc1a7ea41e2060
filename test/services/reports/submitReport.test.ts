import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { reportModel, type ReportDoc } from '../../../models/report';
import { reporterContactModel } from '../../../models/reporterContact';
import { InvalidDraftError } from '../../../services/reports/reportDraftSchema';
import { argon2Hasher } from '../../../services/reports/passphrase';
import { ReissueRefusedError } from '../../../services/reports/submitReport';
import { dropTestDb, openTestDb } from '../../support/db';
import { draft, ensureIndexes, makeRig, type Rig } from './fixtures';

describe('submitReport (real database, stand-in anonymiser and router)', function () {
  this.timeout(30_000);
  let conn: Connection;
  let rig: Rig;

  beforeEach(async () => {
    conn = await openTestDb('submit');
    await ensureIndexes(conn);
    rig = makeRig(conn);
  });
  afterEach(async () => {
    rig.cleanup();
    await dropTestDb(conn);
  });

  it('when a draft is submitted, then one report is stored anonymised, routed and encrypted, and the reporter gets a code and passphrase', async () => {
    const d = draft();
    const res = await rig.submitter.submit(d);
    assert.equal(res.alreadySubmitted, false);
    assert.equal(res.stored, 'database');
    assert.match(res.caseCode, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]$/);
    assert.equal(res.passphrase?.split(' ').length, 5);
    assert.equal(res.urgency, 'high');
    assert.deepEqual(res.authorities.map((a) => a.id), ['nccos', 'police-vtk']);

    const docs = await reportModel(conn).find().lean<ReportDoc[]>();
    assert.equal(docs.length, 1);
    const doc = docs[0]!;
    assert.equal(doc.caseCode, res.caseCode);
    assert.equal(doc.status, 'new');
    assert.deepEqual(doc.statusHistory.map((s) => s.status), ['new']);
    assert.deepEqual(doc.flags, ['meetingPlanned']);
    assert.deepEqual(doc.platforms, ['instagram']);
    assert.equal(doc.urgencyRank, 1);
    assert.equal(await argon2Hasher.verify(doc.passphraseHash!, res.passphrase!), true);
    const reportId = doc._id.toHexString();
    const narrative = rig.cipher.decrypt(doc.narrative!, { reportId, field: 'narrative' });
    assert.ok(narrative.startsWith('[ime] mi stalno piše sa profila [profil]'), narrative);
    assert.deepEqual(rig.cipher.decryptJson(doc.evidence!, { reportId, field: 'evidence' }), {
      urls: ['https://example.org/chat/42'],
      handles: ['@tajni_drug99'],
    });
  });

  it('when the same submission is retried, then the same case code comes back flagged alreadySubmitted, without a passphrase, and nothing is added', async () => {
    const d = draft();
    const first = await rig.submitter.submit(d);
    const again = await rig.submitter.submit(d);
    assert.equal(again.caseCode, first.caseCode);
    assert.equal(again.alreadySubmitted, true);
    assert.equal(again.passphrase, undefined);
    assert.equal(await reportModel(conn).countDocuments(), 1);
  });

  it('when the same submission arrives several times at once, then exactly one report is stored and all answers carry its code', async () => {
    const d = draft();
    const results = await Promise.all([1, 2, 3, 4].map(() => rig.submitter.submit(d)));
    assert.equal(await reportModel(conn).countDocuments(), 1);
    const stored = (await reportModel(conn).findOne().lean<ReportDoc>())!;
    assert.ok(results.every((r) => r.caseCode === stored.caseCode));
    assert.equal(results.filter((r) => r.passphrase).length, 1, 'only one response carries the passphrase');
  });

  it('when an adult asks to be contacted, then the contact is stored encrypted in its own collection; a pupil cannot leave contact details', async () => {
    const d = draft({ reporterRole: 'parent', contact: { consent: true, name: 'Jelena Petrović', email: 'jelena@example.org' } });
    await rig.submitter.submit(d);
    const report = (await reportModel(conn).findOne().lean<ReportDoc>())!;
    assert.equal(report.hasContact, true);
    const contacts = await reporterContactModel(conn).find().lean();
    assert.equal(contacts.length, 1);
    assert.ok(contacts[0]!.reportId.equals(report._id));
    assert.deepEqual(rig.cipher.decryptJson(contacts[0]!.contact, { reportId: report._id.toHexString(), field: 'contact' }), {
      name: 'Jelena Petrović',
      email: 'jelena@example.org',
    });
    await assert.rejects(rig.submitter.submit(draft({ contact: { consent: true, email: 'dete@example.org' } })), InvalidDraftError);
    await assert.rejects(rig.submitter.submit(draft({ reporterRole: 'teacher', contact: { email: 'x@example.org' } })), InvalidDraftError);
  });

  it('when a draft carries a field the report must not hold, then it is rejected naming the field but not its value', async () => {
    for (const extra of [{ userId: 'u-123' }, { conversationId: 'c-1' }, { ip: '10.0.0.1' }, { name: 'Ana' }]) {
      await assert.rejects(rig.submitter.submit(draft(extra)), (e: unknown) => {
        assert.ok(e instanceof InvalidDraftError);
        assert.deepEqual(e.paths, Object.keys(extra));
        assert.ok(!e.message.includes(String(Object.values(extra)[0])));
        return true;
      });
    }
    assert.equal(await reportModel(conn).countDocuments(), 0);
  });

  it('when the first answer was lost, then a new passphrase can be issued once for the submission, and the old one stops working', async () => {
    const d = draft();
    const first = await rig.submitter.submit(d);
    const re = await rig.submitter.reissuePassphrase(d.submissionId as string);
    assert.equal(re.caseCode, first.caseCode);
    assert.notEqual(re.passphrase, first.passphrase);
    const doc = (await reportModel(conn).findOne().lean<ReportDoc>())!;
    assert.equal(await argon2Hasher.verify(doc.passphraseHash!, re.passphrase), true);
    assert.equal(await argon2Hasher.verify(doc.passphraseHash!, first.passphrase!), false);
    await assert.rejects(rig.submitter.reissuePassphrase('00000000-0000-4000-8000-000000000000'), ReissueRefusedError);
    await reportModel(conn).updateOne({}, { $set: { 'access.lastVerifiedAt': new Date() } });
    await assert.rejects(rig.submitter.reissuePassphrase(d.submissionId as string), (e: unknown) => e instanceof ReissueRefusedError && e.reason === 'used');
  });

  it('when the reissue window has passed, then no new passphrase is issued', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    rig.cleanup();
    rig = makeRig(conn, { now: () => now });
    const d = draft();
    await rig.submitter.submit(d);
    now = new Date('2026-03-01T10:31:00Z');
    await assert.rejects(rig.submitter.reissuePassphrase(d.submissionId as string), (e: unknown) => e instanceof ReissueRefusedError && e.reason === 'expired');
  });
});
