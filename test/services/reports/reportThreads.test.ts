import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import { caseMessageModel } from '../../../models/caseMessage';
import type { CaseMessageDoc } from '../../../models/caseMessage';
import { reportChildrenModel } from '../../../models/reportChildren';
import { CaseMessageRepository } from '../../../models/caseMessageRepository';
import { dropTestDb, openTestDb } from '../../support/db';
import { DATABASE_MODES } from '../../support/databaseModes';
import { EMBEDDED_DATABASE } from '../../../models/database';

const T0 = Date.UTC(2026, 4, 4, 12, 0, 0);

function message(reportId: Types.ObjectId, minute: number, from: 'reporter' | 'staff' = 'reporter'): CaseMessageDoc {
  const _id = new Types.ObjectId();
  return { _id, reportId, from, body: { kid: 't1', iv: 'aXY=', tag: 'dGFn', ct: `c${minute}` }, createdAt: new Date(T0 + minute * 60_000) };
}

for (const { name, mode } of DATABASE_MODES) {
  describe(`report threads: a report's messages, read through its list of ids on the embedded database, by reportId on MongoDB (${name})`, () => {
    let conn: Connection;
    let threads: CaseMessageRepository;
    const report = new Types.ObjectId();
    const other = new Types.ObjectId();

    beforeEach(async () => {
      conn = await openTestDb('threads');
      threads = new CaseMessageRepository(conn, mode);
    });
    afterEach(async () => dropTestDb(conn));

    it('when messages are added out of order to two reports, then each thread reads back only its own, oldest first, and a limit keeps the newest', async () => {
      const a3 = message(report, 3);
      const a1 = message(report, 1, 'staff');
      const a2 = message(report, 2);
      for (const m of [a3, a1, message(other, 0), a2]) await threads.add(m);
      const ids = (docs: CaseMessageDoc[]): string[] => docs.map((d) => d._id.toHexString());
      assert.deepEqual(ids(await threads.read(report)), ids([a1, a2, a3]));
      assert.deepEqual(ids(await threads.read(report.toHexString(), 2)), ids([a2, a3]));
      assert.equal((await threads.read(other)).length, 1);
      assert.deepEqual(await threads.read(new Types.ObjectId()), []);
      assert.equal(await reportChildrenModel(conn).countDocuments({}), mode.embedded ? 2 : 0, 'lists only on the embedded database');
    });

    it('when many messages are added to one thread at once, then none is lost from its list', async () => {
      const many = Array.from({ length: 25 }, (_, i) => message(report, i));
      await Promise.all(many.map((m) => threads.add(m)));
      assert.equal((await threads.read(report)).length, 25);
    });

    if (mode.embedded) it('when an id was listed but its message never stored, then reading skips it', async () => {
      await reportChildrenModel(conn).updateOne({ _id: report.toHexString() }, { $addToSet: { messages: new Types.ObjectId() } }, { upsert: true });
      await threads.add(message(report, 1));
      assert.equal((await threads.read(report)).length, 1);
    });

    it('when messages are marked read, then only those still unread get the time', async () => {
      const earlier = new Date(T0 - 3_600_000);
      await threads.add({ ...message(report, 1), readByStaffAt: earlier });
      await threads.add(message(report, 2));
      const now = new Date(T0 + 3_600_000);
      await threads.markRead(await threads.read(report), 'readByStaffAt', now);
      const after = await threads.read(report);
      assert.deepEqual(after.map((m) => m.readByStaffAt?.getTime()), [earlier.getTime(), now.getTime()]);
      assert.deepEqual(after.map((m) => m.readByReporterAt ?? null), [null, null]);
    });

    it('when a thread is cleared, then its messages and its list are gone and other threads stay', async () => {
      await threads.add(message(report, 1));
      await threads.add(message(report, 2));
      await threads.add(message(other, 1));
      assert.equal(await threads.clear(report), 2);
      assert.deepEqual(await threads.read(report), []);
      assert.equal(await caseMessageModel(conn).countDocuments({}), 1);
      if (mode.embedded) assert.deepEqual((await reportChildrenModel(conn).findById(report.toHexString()).lean())?.messages, []);
      else assert.equal(await reportChildrenModel(conn).countDocuments({}), 0);
      assert.equal((await threads.read(other)).length, 1);
    });

    it('when messages were stored before lists existed, then the first start lists them once (on the embedded database), joining a list begun since', async () => {
      const legacy = [message(report, 1), message(report, 2), message(other, 1)];
      await caseMessageModel(conn).insertMany(legacy);
      await threads.add(message(report, 3)); // a new message on a report with older ones
      assert.equal(await threads.init(), mode.embedded ? 4 : 0, 'MongoDB reads them by reportId: nothing to list');
      assert.equal((await threads.read(report)).length, 3);
      assert.equal((await threads.read(other)).length, 1);
      if (!mode.embedded) return;
      await reportChildrenModel(conn).deleteMany({});
      assert.equal(await threads.init(), 0, 'recorded: a restart does not read every message again');
    });

    if (!mode.embedded) it('when a database run on MongoDB is run as an embedded one again, then the messages stored meanwhile are listed at its start', async () => {
      const embedded = new CaseMessageRepository(conn, EMBEDDED_DATABASE);
      await embedded.add(message(report, 1));
      assert.equal(await embedded.init(), 1, 'the first start on the embedded database');
      assert.equal(await embedded.init(), 0, 'the fill is recorded');
      await threads.add(message(report, 2));
      await threads.add(message(other, 1));
      assert.equal(await threads.init(), 0);
      assert.equal((await embedded.read(report)).length, 1, 'not listed while the database ran on MongoDB');
      assert.equal(await embedded.init(), 3);
      assert.equal((await embedded.read(report)).length, 2);
      assert.equal((await embedded.read(other)).length, 1);
    });
  });
}
