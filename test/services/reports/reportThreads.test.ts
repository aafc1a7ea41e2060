import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import { caseMessageModel } from '../../../models/caseMessage';
import type { CaseMessageDoc } from '../../../models/caseMessage';
import { reportChildrenModel } from '../../../models/reportChildren';
import { CaseMessageRepository } from '../../../models/caseMessageRepository';
import { dropTestDb, openTestDb } from '../../support/db';

const T0 = Date.UTC(2026, 4, 4, 12, 0, 0);

function message(reportId: Types.ObjectId, minute: number, from: 'reporter' | 'staff' = 'reporter'): CaseMessageDoc {
  const _id = new Types.ObjectId();
  return { _id, reportId, from, body: { kid: 't1', iv: 'aXY=', tag: 'dGFn', ct: `c${minute}` }, createdAt: new Date(T0 + minute * 60_000) };
}

describe('report threads: a report\'s messages read through its list of ids', () => {
  let conn: Connection;
  let threads: CaseMessageRepository;
  const report = new Types.ObjectId();
  const other = new Types.ObjectId();

  beforeEach(async () => {
    conn = await openTestDb('threads');
    threads = new CaseMessageRepository(conn);
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
  });

  it('when many messages are added to one thread at once, then none is lost from its list', async () => {
    const many = Array.from({ length: 25 }, (_, i) => message(report, i));
    await Promise.all(many.map((m) => threads.add(m)));
    assert.equal((await threads.read(report)).length, 25);
  });

  it('when an id was listed but its message never stored, then reading skips it', async () => {
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
    assert.deepEqual((await reportChildrenModel(conn).findById(report.toHexString()).lean())?.messages, []);
    assert.equal((await threads.read(other)).length, 1);
  });

  it('when messages were stored before lists existed, then the first start lists them once, joining a list begun since', async () => {
    const legacy = [message(report, 1), message(report, 2), message(other, 1)];
    await caseMessageModel(conn).insertMany(legacy);
    await threads.add(message(report, 3)); // a new message on a report with older ones
    assert.equal(await threads.init(), 4);
    assert.equal((await threads.read(report)).length, 3);
    assert.equal((await threads.read(other)).length, 1);
    await reportChildrenModel(conn).deleteMany({});
    assert.equal(await threads.init(), 0, 'recorded: a restart does not read every message again');
  });
});
