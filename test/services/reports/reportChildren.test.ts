import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import { notificationModel } from '../../../models/notification';
import { reportAckModel } from '../../../models/reportAck';
import { reportChildrenModel } from '../../../models/reportChildren';
import { ReportAcks } from '../../../services/dashboard/reportAcks';
import { ReportAckRepository } from '../../../models/reportAck';
import { NotificationQueue } from '../../../services/notify/notificationQueue';
import { ReportChildren } from '../../../models/embedded/reportChildren';
import { dropTestDb, openTestDb } from '../../support/db';
import { NotificationRepository } from '../../../models/notificationRepository';
import { ReportCaseRepository } from '../../../models/reportCaseRepository';
import type { NotificationDoc } from '../../../models/notification';
import { DATABASE_MODES } from '../../support/databaseModes';

const T0 = Date.UTC(2026, 5, 1, 9, 0, 0);

/** A delivered notice of a report to an authority, as the notification queue stores it. */
function notice(reportId: Types.ObjectId, authorityId: string, now = new Date(T0)): NotificationDoc {
  return {
    _id: new Types.ObjectId(), reportId, target: 'authority', authorityId, channel: 'email', dedupeKey: `${reportId.toHexString()}|authority|${authorityId}|email`,
    state: 'sent', attempts: 1, nextAttemptAt: now, createdAt: now, updatedAt: now,
  } as NotificationDoc;
}

for (const { name, mode } of DATABASE_MODES) {
  describe(`report children: a report's notices and acknowledgements, listed on the embedded database, by reportId on MongoDB (${name})`, () => {
    let conn: Connection;
    const report = new Types.ObjectId();
    const other = new Types.ObjectId();

    beforeEach(async () => {
      conn = await openTestDb('children');
    });
    afterEach(async () => dropTestDb(conn));

    it('when authorities acknowledge, then each report reads its own, oldest first, one per state, and only the embedded database writes lists', async () => {
      let clock = T0;
      const acks = new ReportAcks(new ReportAckRepository(conn, mode), () => new Date((clock += 60_000)));
      await acks.init();
      await acks.record(report.toHexString(), 'police-vtk', 'received', 'u1');
      await acks.record(report.toHexString(), 'nccos', 'received', 'u2');
      await acks.record(report.toHexString(), 'police-vtk', 'received', 'u1'); // again: nothing new
      await acks.record(report.toHexString(), 'police-vtk', 'acted', 'u1');
      await acks.record(other.toHexString(), 'police-vtk', 'received', 'u1');
      assert.deepEqual((await acks.list(report.toHexString())).map((a) => `${a.authorityId} ${a.state}`), ['police-vtk received', 'nccos received', 'police-vtk acted']);
      assert.deepEqual((await acks.list(report.toHexString(), 'nccos')).map((a) => a.state), ['received']);
      assert.equal((await acks.list(other.toHexString())).length, 1);
      assert.equal(await reportChildrenModel(conn).countDocuments({}), mode.embedded ? 2 : 0);
    });

    it('when notices are stored, then the report reads its own in the order stored, the dashboard too, and only the embedded database writes lists', async () => {
      await notificationModel(conn).createIndexes();
      const notices = new NotificationRepository(conn, mode);
      await notices.init();
      const now = new Date(T0);
      assert.equal(await notices.store(report, [notice(report, 'police-vtk'), notice(report, 'nccos')], now), 2);
      assert.equal(await notices.store(report, [notice(report, 'nccos')], now), 0, 'queued before: not stored again');
      assert.equal(await notices.store(other, [notice(other, 'nccos')], now), 1);
      assert.deepEqual((await notices.forReport(report)).map((n) => n.authorityId), ['police-vtk', 'nccos']);
      assert.deepEqual((await new ReportCaseRepository(conn, mode).notices(report)).map((n) => n.authorityId), ['police-vtk', 'nccos']);
      assert.equal((await notices.forReport(other.toHexString())).length, 1);
      assert.equal(await reportChildrenModel(conn).countDocuments({}), mode.embedded ? 2 : 0);
    });

    it('when notices and acknowledgements were stored before lists existed, then after the start each report reads its own', async () => {
      await notificationModel(conn).collection.insertMany([notice(report, 'nccos'), notice(report, 'police-vtk'), notice(other, 'nccos')]);
      await reportAckModel(conn).collection.insertOne({ reportId: report.toHexString(), authorityId: 'nccos', state: 'received', at: new Date(T0), by: 'u2' });
      const queue = new NotificationQueue(new NotificationRepository(conn, mode), async () => undefined, {});
      await queue.init();
      const acks = new ReportAcks(new ReportAckRepository(conn, mode));
      await acks.init();
      assert.deepEqual((await queue.listDeliveries(report.toHexString())).map((d) => d.authorityId), ['nccos', 'police-vtk']);
      assert.equal((await queue.listDeliveries(other.toHexString())).length, 1);
      assert.deepEqual((await acks.list(report.toHexString())).map((a) => a.authorityId), ['nccos']);
      assert.equal(await reportChildrenModel(conn).countDocuments({}), mode.embedded ? 2 : 0);
    });
  });
}

describe('report children (embedded database): a report\'s notices and acknowledgements read through its lists', () => {
  let conn: Connection;
  const report = new Types.ObjectId();
  const other = new Types.ObjectId();

  beforeEach(async () => {
    conn = await openTestDb('children');
  });
  afterEach(async () => dropTestDb(conn));

  it('when notices and acknowledgements were stored before lists existed, then the first start lists them once, beside lists a report already has', async () => {
    const now = new Date(T0);
    const notice = (reportId: Types.ObjectId, authorityId: string) => ({
      _id: new Types.ObjectId(), reportId, target: 'authority', authorityId, channel: 'email', dedupeKey: `${reportId.toHexString()}|authority|${authorityId}|email`,
      state: 'sent', attempts: 1, nextAttemptAt: now, createdAt: now, updatedAt: now,
    });
    await notificationModel(conn).collection.insertMany([notice(report, 'nccos'), notice(report, 'police-vtk'), notice(other, 'nccos')]);
    await reportAckModel(conn).collection.insertOne({ reportId: report.toHexString(), authorityId: 'nccos', state: 'received', at: now, by: 'u2' });
    // The report already has a list (a message posted since the upgrade).
    await new ReportChildren(conn).add('messages', report, new Types.ObjectId());

    const queue = new NotificationQueue(new NotificationRepository(conn), async () => undefined, {});
    await queue.init();
    const acks = new ReportAcks(new ReportAckRepository(conn));
    await acks.init();
    assert.deepEqual((await queue.listDeliveries(report.toHexString())).map((d) => d.authorityId), ['nccos', 'police-vtk']);
    assert.equal((await queue.listDeliveries(other.toHexString())).length, 1);
    assert.deepEqual((await acks.list(report.toHexString())).map((a) => a.authorityId), ['nccos']);
    assert.equal((await reportChildrenModel(conn).findById(report.toHexString()).lean())?.messages.length, 1, 'the list it had is kept');

    await reportChildrenModel(conn).deleteMany({});
    await queue.init();
    await acks.init();
    assert.deepEqual(await queue.listDeliveries(report.toHexString()), [], 'recorded: a restart does not read them all again');
  });

  it('when one kind of list is cleared, then the others stay', async () => {
    const children = new ReportChildren(conn);
    const m = new Types.ObjectId();
    const n = new Types.ObjectId();
    await children.add('messages', report, m);
    await children.add('notices', report, n);
    assert.deepEqual((await children.clear('messages', report)).map(String), [String(m)]);
    const doc = (await reportChildrenModel(conn).findById(report.toHexString()).lean())!;
    assert.deepEqual(doc.messages, []);
    assert.deepEqual(doc.notices.map(String), [String(n)]);
  });
});
