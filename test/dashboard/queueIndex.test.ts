import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { Types } from 'mongoose';
import type { Connection } from 'mongoose';
import { reportModel } from '../../models/report';
import { reportQueueEntryModel } from '../../models/reportQueueEntry';
import { runAdmin } from '../../scripts/adminCommands';
import type { FieldCipher } from '../../services/crypto/fieldCipher';
import { QueueIndex } from '../../models/reportQueueIndex';
import { reportQueueOn } from '../../server/dashboard/dashboardServices';
import { dropTestDb, openTestDb } from '../support/db';
import { insertReport, testCipher } from './reportFixtures';

const reviewer = { userId: 'aaaaaaaaaaaaaaaaaaaaaaaa', role: 'reviewer' as const };

describe('dashboard queue entries: first fill, rebuild after a drift, and the admin command', () => {
  let conn: Connection;
  let cipher: FieldCipher;

  beforeEach(async () => {
    conn = await openTestDb('queueindex');
    cipher = testCipher();
  });
  afterEach(async () => dropTestDb(conn));

  it('when a database has reports but no entries yet, then start-up fills them once and the queue lists every report', async () => {
    const a = await insertReport(conn, cipher, { urgency: 'immediate' });
    const b = await insertReport(conn, cipher, { status: 'closed' });
    await reportQueueEntryModel(conn).deleteMany({});
    const queue = reportQueueOn(conn, 'database');
    await queue.init();
    assert.deepEqual((await queue.page(reviewer, { limit: 25, status: 'all' })).items.map((i) => i.id), [a.id, b.id]);
    assert.equal(await queue.immediateOpen(reviewer), 1);
    // The fill is recorded: a restart does not scan the reports again.
    await reportQueueEntryModel(conn).deleteOne({ _id: b.id });
    await reportQueueOn(conn, 'database').init();
    assert.equal(await reportQueueEntryModel(conn).countDocuments({}), 1);
  });

  it('when entries drifted (one missing, one stale, one without a report), then rebuild restores, corrects and removes exactly those', async () => {
    const index = new QueueIndex(conn);
    await index.init();
    const missing = await insertReport(conn, cipher, {});
    const stale = await insertReport(conn, cipher, {});
    await insertReport(conn, cipher, {});
    const entries = reportQueueEntryModel(conn);
    await entries.deleteOne({ _id: missing.id });
    await reportModel(conn).updateOne({ _id: stale.id }, { $set: { status: 'closed' } });
    const orphan = new Types.ObjectId();
    await entries.create({ ...(await entries.findById(stale.id).lean().exec())!, _id: orphan, queueKey: `2-000000000000001-${orphan.toHexString()}`, caseCode: 'ORPH-AN00-0000-0' });

    const result = await index.rebuild();
    assert.deepEqual(result, { reports: 3, inserted: 1, corrected: 1, removed: 1 });
    assert.equal((await entries.findById(stale.id).lean().exec())!.status, 'closed');
    assert.ok(await entries.exists({ _id: missing.id }));
    assert.equal(await entries.exists({ _id: orphan }), null);
    assert.deepEqual(await index.rebuild(), { reports: 3, inserted: 0, corrected: 0, removed: 0 }, 'a second rebuild finds nothing to do');
  });

  it('when `npm run admin -- rebuild-queue` runs, then it prints what it did and the audit log records it', async () => {
    const r = await insertReport(conn, cipher, {});
    await reportQueueEntryModel(conn).deleteMany({});
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await runAdmin(['rebuild-queue'], conn, { stdin: Readable.from([]), stdout, stderr: new PassThrough() });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), { reports: 1, inserted: 1, corrected: 0, removed: 0 });
    assert.ok(await reportQueueEntryModel(conn).exists({ _id: r.id }));
    const events = await conn.collection('auditevents').find({ action: 'queue.rebuild' }).toArray();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.actorId, 'cli');
  });
});
