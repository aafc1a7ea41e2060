import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { reportModel, type ReportDoc } from '../../models/report';
import { reporterContactModel } from '../../models/reporterContact';
import type { DashboardError } from '../../services/auth/staffErrors';
import type { ReportCase } from '../../services/dashboard/reportCase';
import { statusChangeSchema } from '../../services/dashboard/statusWorkflow';
import { monthsBefore, RetentionPurger } from '../../services/retention/purge';
import { dropTestDb, openTestDb } from '../support/db';
import { ID_NAMES, moveReport, REVIEWER, staffCases } from '../support/staffCase';
import { draft, ensureIndexes, makeRig, storesOf, type Rig } from '../services/reports/fixtures';

describe('the contact centre side of a report (ReportCase, as the dashboard uses it)', function () {
  this.timeout(30_000);
  let conn: Connection;
  let rig: Rig;
  let clock: Date;
  let cases: ReportCase;
  let id: string;

  beforeEach(async () => {
    conn = await openTestDb('reportcase');
    await ensureIndexes(conn);
    rig = makeRig(conn);
    clock = new Date('2026-04-01T09:00:00Z');
    cases = staffCases(conn, rig.cipher, () => clock);
    await rig.submitter.submit(draft({ reporterRole: 'teacher', contact: { consent: true, phone: '+381 11 123 4567', preferred: 'phone' } }));
    id = (await reportModel(conn).findOne().lean<ReportDoc>())!._id.toHexString();
  });
  afterEach(async () => {
    rig.cleanup();
    await dropTestDb(conn);
  });

  it('when staff read a report, add a note and forward it, then they see decrypted content and the workflow is recorded', async () => {
    await cases.addNote(REVIEWER, id, 'Pozvati školu sutra.');
    await moveReport(cases, id, { to: 'in_review' }, { to: 'forwarded', forward: { authorityId: 'police-vtk', channel: 'email' } });
    const view = await cases.view(REVIEWER, id, ID_NAMES);
    assert.ok(view.narrative?.startsWith('[ime] mi stalno piše'));
    assert.ok(view.hasEvidence);
    assert.deepEqual(await cases.evidence(REVIEWER, id), { urls: ['https://example.org/chat/42'], handles: ['@tajni_drug99'] });
    assert.deepEqual(view.notes.map((n) => [n.authorId, n.text]), [[REVIEWER.userId, 'Pozvati školu sutra.']]);
    assert.equal(view.status, 'forwarded');
    assert.deepEqual(view.statusHistory.map((s) => s.to), ['new', 'in_review', 'forwarded']);
    assert.deepEqual(view.forwards.map((f) => [f.authorityId, f.channel]), [['police-vtk', 'email']]);
    assert.ok(!('passphraseHash' in view));
    // The adult's contact stays in its own collection, encrypted; the view never carries it.
    const contact = await reporterContactModel(conn).findOne({ reportId: id }).lean();
    assert.deepEqual(rig.cipher.decryptJson(contact!.contact, { reportId: id, field: 'contact' }), { phone: '+381 11 123 4567', preferred: 'phone' });
    assert.ok(!JSON.stringify(view).includes('123 4567'));
  });

  it('when a report is closed, then it needs a resolution and retention counts from the closing date; once erased it takes no note', async () => {
    const noResolution = statusChangeSchema.validate({ to: 'closed', reason: 'gotovo' });
    assert.deepEqual(noResolution.error?.details.map((d) => d.path.join('.')), ['resolution'], 'the API refuses closing without a resolution');
    await moveReport(cases, id, { to: 'closed', resolution: 'acted', reason: 'policija obaveštena' });
    const closed = (await reportModel(conn).findById(id).lean<ReportDoc>())!;
    assert.deepEqual(closed.retention.closedAt, clock);
    assert.equal(closed.resolution, 'acted');

    const later = monthsBefore(clock, -13);
    const result = await new RetentionPurger(storesOf(conn), { closedMonths: 12, unverifiedDays: 90, spoolAlertHours: 24 }, rig.log, undefined, () => later).run();
    assert.equal(result.purged, 1);
    const view = await cases.view(REVIEWER, id, ID_NAMES);
    assert.equal(view.narrative, null);
    assert.equal(await reporterContactModel(conn).countDocuments({ reportId: id }), 0);
    await assert.rejects(cases.addNote(REVIEWER, id, 'kasno'), (err: DashboardError) => err.code === 'ReportErased');
    assert.deepEqual((await reportModel(conn).findById(id).lean<ReportDoc>())!.notes, []);
  });
});
