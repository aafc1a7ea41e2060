import assert from 'node:assert/strict';
import { Types, type Connection } from 'mongoose';
import { reportModel, type ReportDoc } from '../../models/report';
import { reportQueueEntryModel } from '../../models/reportQueueEntry';
import { ReportRepository } from '../../models/reportRepository';
import type { FieldCipher } from '../../services/crypto/fieldCipher';
import { fixtureCaseCode, insertReport, testCipher } from '../dashboard/reportFixtures';
import { caseCodeLinkModel } from '../../models/caseCodeLink';
import { dropTestDb, openTestDb } from '../support/db';
import { DATABASE_MODES } from '../support/databaseModes';

for (const { name, mode } of DATABASE_MODES) {
  describe(`report repository (models/reportRepository.ts): writes keep the queue entry in step (${name})`, function () {
    this.timeout(30_000);
    let conn: Connection;
    let cipher: FieldCipher;
    let repo: ReportRepository;
    const entry = (id: string | Types.ObjectId) => reportQueueEntryModel(conn).findById(id).lean();
    const stored = async (id: string): Promise<ReportDoc> => (await reportModel(conn).findById(id).lean<ReportDoc>())!;

    beforeEach(async () => {
      conn = await openTestDb('reportrepo');
      await reportModel(conn).createIndexes();
      cipher = testCipher();
      repo = new ReportRepository(conn, undefined, mode);
    });
    afterEach(() => dropTestDb(conn));

    it('when a report is inserted, then its queue entry exists; inserted again (an earlier attempt landed), then the entry is completed, not refused', async () => {
      const { id } = await insertReport(conn, cipher, { urgency: 'high' });
      assert.equal((await entry(id))?.status, 'new');
      await reportQueueEntryModel(conn).deleteOne({ _id: id });
      await repo.insert(await stored(id));
      assert.equal((await entry(id))?.caseCode, (await stored(id)).caseCode);
    });

    it("when another report's case code is inserted, then the duplicate key is thrown and no entry is written for it", async () => {
      const { id } = await insertReport(conn, cipher);
      const copy = { ...(await stored(id)), _id: new Types.ObjectId(), submissionKey: 'another-submission' };
      await assert.rejects(repo.insert(copy), (err: { code?: number }) => err.code === 11000);
      assert.equal(await entry(copy._id), null);
    });

    it('when a case code is linked and its report stored, then the code finds the report, another does not; only the embedded database writes a link and fills links', async () => {
      const { id } = await insertReport(conn, cipher);
      const doc = { ...(await stored(id)), _id: new Types.ObjectId(), caseCode: fixtureCaseCode(), submissionKey: 'another-submission' };
      await caseCodeLinkModel(conn).deleteMany({});
      await repo.linkCaseCode(doc.caseCode, doc._id);
      await repo.insert(doc);
      assert.ok((await repo.findByCaseCode(doc.caseCode))?._id.equals(doc._id));
      assert.equal(await repo.findByCaseCode(fixtureCaseCode()), null);
      assert.equal(await caseCodeLinkModel(conn).countDocuments({}), mode.embedded ? 1 : 0);
      // The one-off fill: links the report stored without one on the embedded database; nothing on MongoDB.
      assert.equal(await repo.fillCaseCodeLinks(), mode.embedded ? 2 : 0);
      assert.equal(await caseCodeLinkModel(conn).countDocuments({}), mode.embedded ? 2 : 0);
      assert.ok((await repo.findByCaseCode((await stored(id)).caseCode))?._id.equals(new Types.ObjectId(id)));
    });

    it('when an update writes a field the queue shows, then the entry follows; when it writes none, then the entry is not touched', async () => {
      const { id } = await insertReport(conn, cipher);
      const _id = new Types.ObjectId(id);
      const res = await repo.updateOne({ _id, status: 'new' }, { $set: { status: 'in_review' }, $push: { statusHistory: { status: 'in_review', at: new Date() } } });
      assert.deepEqual(res, { matchedCount: 1, modifiedCount: 1 });
      assert.equal((await entry(id))?.status, 'in_review');
      assert.deepEqual(await repo.updateOne({ _id, status: 'new' }, { $set: { status: 'closed' } }), { matchedCount: 0, modifiedCount: 0 }, 'the condition no longer holds');
      assert.equal((await entry(id))?.status, 'in_review');

      await reportQueueEntryModel(conn).deleteOne({ _id });
      await repo.updateOne({ _id }, { $set: { updatedAt: new Date() } });
      assert.equal(await entry(id), null, 'updatedAt is not shown in the queue: no sync');
      await repo.updateOne({ _id }, { $inc: { unreadByStaff: 1 } });
      assert.equal((await entry(id))?.unreadByStaff, 1);
    });
  });
}
