import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import { caseCodeLinkModel } from '../../../models/caseCodeLink';
import { reportModel, type ReportDoc } from '../../../models/report';
import { reportQueueEntryModel } from '../../../models/reportQueueEntry';
import { fixtureCaseCode } from '../../dashboard/reportFixtures';
import { DATABASE_MODES } from '../../support/databaseModes';
import { CaseCodeCollisionError, CaseCodeLinks } from '../../../models/embedded/caseCodeLinks';
import { FollowUpService } from '../../../services/reports/followUp';
import { argon2Hasher } from '../../../services/reports/passphrase';
import { dropTestDb, openTestDb } from '../../support/db';
import { draft, ensureIndexes, fakeAnonymise, followUpStores, makeRig, type Rig } from './fixtures';

describe('case-code links (embedded database): the reporter\'s code finds its report by _id', function () {
  this.timeout(60_000);
  let conn: Connection;
  let rig: Rig;
  const followUp = (): FollowUpService =>
    new FollowUpService({ ...followUpStores(conn), cipher: rig.cipher, hasher: argon2Hasher, anonymise: fakeAnonymise, log: rig.log, policy: { maxFailures: 5, lockMinutes: 15 }, tokenMinutes: 30 });

  beforeEach(async () => {
    conn = await openTestDb('codelinks');
    await ensureIndexes(conn);
    rig = makeRig(conn);
  });
  afterEach(async () => {
    rig.cleanup();
    await dropTestDb(conn);
  });

  it('when a report is submitted, then its code is linked to it and the follow-up finds it through the link', async () => {
    const submitted = await rig.submitter.submit(draft());
    const report = (await reportModel(conn).findOne({}).lean().exec())!;
    const links = new CaseCodeLinks(conn);
    assert.ok((await links.reportIdOf(submitted.caseCode))?.equals(report._id));
    assert.equal(await caseCodeLinkModel(conn).countDocuments({}), 1);
    const res = await followUp().verify(submitted.caseCode, submitted.passphrase!);
    assert.equal(res.ok, true);

    // Without its link the report is not found by code: the follow-up reads only the link.
    await caseCodeLinkModel(conn).deleteOne({ _id: submitted.caseCode });
    assert.deepEqual(await followUp().verify(submitted.caseCode, submitted.passphrase!), { ok: false, reason: 'invalid' });
  });

  it('when a code is linked again to the same report, then nothing changes; to another report, then it is a collision', async () => {
    const links = new CaseCodeLinks(conn);
    const a = new Types.ObjectId();
    await links.link('AAAA-BBBB-CCCC-D', a);
    await links.link('AAAA-BBBB-CCCC-D', a);
    await assert.rejects(links.link('AAAA-BBBB-CCCC-D', new Types.ObjectId()), CaseCodeCollisionError);
    assert.ok((await links.reportIdOf('AAAA-BBBB-CCCC-D'))?.equals(a));
    assert.equal(await links.reportIdOf('ZZZZ-ZZZZ-ZZZZ-Z'), null);
    // Many first writers of one code at once: exactly one report owns it.
    const racers = Array.from({ length: 6 }, () => new Types.ObjectId());
    const results = await Promise.allSettled(racers.map((id) => links.link('RACE-RACE-RACE-R', id)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.ok(results.every((r) => r.status === 'fulfilled' || r.reason instanceof CaseCodeCollisionError));
  });

  it('when a link points at a report that was never stored, then the code finds nothing', async () => {
    await new CaseCodeLinks(conn).link('GHST-GHST-GHST-G', new Types.ObjectId());
    assert.deepEqual(await followUp().verify('GHST-GHST-GHST-G', 'bilo koja fraza ovde sada'), { ok: false, reason: 'invalid' });
  });

  it('when reports were stored before links existed, then the first start links them all, once', async () => {
    const first = await rig.submitter.submit(draft());
    const second = await rig.submitter.submit(draft({ category: 'grooming' }));
    await caseCodeLinkModel(conn).deleteMany({});
    const links = new CaseCodeLinks(conn);
    assert.equal(await links.init(), 2);
    for (const s of [first, second]) assert.equal((await followUp().verify(s.caseCode, s.passphrase!)).ok, true);
    await caseCodeLinkModel(conn).deleteMany({});
    assert.equal(await links.init(), 0, 'recorded: a restart does not read every report again');
  });

  it('when the first fill meets codes already linked, then a link to the same report stays and one to a report never stored is taken over', async () => {
    const kept = await rig.submitter.submit(draft());
    const ghosted = await rig.submitter.submit(draft({ category: 'sextortion' }));
    const ghostedId = (await reportModel(conn).findOne({ caseCode: ghosted.caseCode }).lean().exec())!._id;
    // A link written for a store that never happened, on the code of a report from before links existed.
    await caseCodeLinkModel(conn).replaceOne({ _id: ghosted.caseCode }, { reportId: new Types.ObjectId() });
    const links = new CaseCodeLinks(conn);
    assert.equal(await links.init(), 2);
    assert.ok((await links.reportIdOf(ghosted.caseCode))?.equals(ghostedId));
    for (const s of [kept, ghosted]) assert.equal((await followUp().verify(s.caseCode, s.passphrase!)).ok, true);
  });
});

for (const { name, mode } of DATABASE_MODES) {
  describe(`case codes: a stored report is found by its code, a taken code is refused (${name})`, function () {
    this.timeout(60_000);
    let conn: Connection;
    let rig: Rig;
    const followUp = (): FollowUpService =>
      new FollowUpService({ ...followUpStores(conn, mode), cipher: rig.cipher, hasher: argon2Hasher, anonymise: fakeAnonymise, log: rig.log, policy: { maxFailures: 5, lockMinutes: 15 }, tokenMinutes: 30 });

    beforeEach(async () => {
      conn = await openTestDb('codes');
      await ensureIndexes(conn);
      rig = makeRig(conn, { mode });
    });
    afterEach(async () => {
      rig.cleanup();
      await dropTestDb(conn);
    });

    it('when a report is submitted, then the follow-up finds it by its code, and only the embedded database writes a link for it', async () => {
      const submitted = await rig.submitter.submit(draft());
      assert.equal((await followUp().verify(submitted.caseCode, submitted.passphrase!)).ok, true);
      assert.deepEqual(await followUp().verify(fixtureCaseCode(), submitted.passphrase!), { ok: false, reason: 'invalid' });
      assert.equal(await caseCodeLinkModel(conn).countDocuments({}), mode.embedded ? 1 : 0);
    });

    it('when another report comes with a code already taken, then it is refused as a collision and nothing of it is stored; a copy of the stored submission is a duplicate', async () => {
      await rig.submitter.submit(draft());
      const existing = (await reportModel(conn).findOne({}).lean<ReportDoc>())!;
      const other: ReportDoc = { ...existing, _id: new Types.ObjectId(), submissionKey: 'another-submission' };
      await assert.rejects(rig.store.store({ report: other }, [other.submissionKey]), CaseCodeCollisionError);
      assert.equal(await reportModel(conn).countDocuments({}), 1);
      assert.equal(await reportQueueEntryModel(conn).countDocuments({}), 1);
      // The same submission prepared again (another id and code): the stored one is answered.
      const copy: ReportDoc = { ...existing, _id: new Types.ObjectId(), caseCode: fixtureCaseCode() };
      const again = await rig.store.store({ report: copy }, [existing.submissionKey]);
      assert.equal(again.outcome, 'duplicate');
      assert.equal(await reportModel(conn).countDocuments({}), 1);
      assert.ok((await followUpStores(conn, mode).reports.findByCaseCode(existing.caseCode))?._id.equals(existing._id), 'the code still finds the stored report');
    });
  });
}
