import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { reportModel, type ReportDoc } from '../../../models/report';
import { ReportCaseService, InvalidStatusChangeError } from '../../../services/reports/reportCase';
import { monthsBefore, RetentionPurger } from '../../../services/retention/purge';
import { dropTestDb, openTestDb } from '../../support/db';
import { draft, ensureIndexes, makeRig, type Rig } from './fixtures';

describe('the contact centre side of a report', function () {
  this.timeout(30_000);
  let conn: Connection;
  let rig: Rig;
  let clock: Date;
  let cases: ReportCaseService;
  let id: string;

  beforeEach(async () => {
    conn = await openTestDb('reportcase');
    await ensureIndexes(conn);
    rig = makeRig(conn);
    clock = new Date('2026-04-01T09:00:00Z');
    cases = new ReportCaseService(conn, rig.cipher, () => clock);
    await rig.submitter.submit(draft({ reporterRole: 'teacher', contact: { consent: true, phone: '+381 11 123 4567', preferred: 'phone' } }));
    id = (await reportModel(conn).findOne().lean<ReportDoc>())!._id.toHexString();
  });
  afterEach(async () => {
    rig.cleanup();
    await dropTestDb(conn);
  });

  it('when staff read a report, add a note and forward it, then they see decrypted content and the workflow is recorded', async () => {
    await cases.addNote(id, 'staff-1', 'Pozvati školu sutra.');
    await cases.recordForward(id, 'police-vtk', 'email', 'staff-1');
    const view = await cases.read(id);
    assert.ok(view.narrative?.startsWith('[ime] mi stalno piše'));
    assert.deepEqual(view.evidence, { urls: ['https://example.org/chat/42'], handles: ['@tajni_drug99'] });
    assert.deepEqual(view.notes.map((n) => [n.by, n.text]), [['staff-1', 'Pozvati školu sutra.']]);
    assert.equal(view.status, 'forwarded');
    assert.deepEqual(view.statusHistory.map((s) => s.status), ['new', 'forwarded']);
    assert.deepEqual(view.forwards.map((f) => [f.authorityId, f.channel]), [['police-vtk', 'email']]);
    assert.deepEqual(await cases.readContact(id), { phone: '+381 11 123 4567', preferred: 'phone' });
    assert.ok(!('passphraseHash' in view));
  });

  it('when a report is closed, then it needs a resolution and retention counts from the closing date', async () => {
    await assert.rejects(cases.changeStatus(id, 'closed', 'staff-1'), InvalidStatusChangeError);
    await cases.changeStatus(id, 'closed', 'staff-1', { resolution: 'acted', reason: 'policija obaveštena' });
    const closed = (await reportModel(conn).findById(id).lean<ReportDoc>())!;
    assert.deepEqual(closed.retention.closedAt, clock);
    assert.equal(closed.resolution, 'acted');

    const later = monthsBefore(clock, -13);
    const result = await new RetentionPurger(conn, { closedMonths: 12, unverifiedDays: 90, spoolAlertHours: 24 }, rig.log, undefined, () => later).run();
    assert.equal(result.purged, 1);
    const view = await cases.read(id);
    assert.equal(view.narrative, null);
    assert.equal(await cases.readContact(id), undefined);
    await assert.rejects(cases.addNote(id, 'staff-1', 'kasno'));
  });
});
