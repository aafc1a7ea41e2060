import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { AccountLinkRepository } from '../../models/accountLink';
import { reportModel } from '../../models/report';
import { syncReportQueueEntry } from '../../models/reportQueueEntry';
import type { ReportQueueEntryDoc } from '../../models/reportQueueEntry';
import type { FieldCipher } from '../../services/crypto/fieldCipher';
import { QueueMirror } from '../../models/embedded/queueMirror';
import type { QueueQuery, ReportQueue } from '../../services/dashboard/reportQueue';
import { reportQueueOn } from '../../server/dashboard/dashboardServices';
import type { Viewer } from '../../services/dashboard/reportScope';
import { CATEGORIES, URGENCIES } from '../../core/domain/routing';
import { dropTestDb, openTestDb } from '../support/db';
import { moveReportTo, staffCases } from '../support/staffCase';
import { FixtureReport, insertReport, testCipher } from './reportFixtures';

const reviewer: Viewer = { userId: 'aaaaaaaaaaaaaaaaaaaaaaaa', role: 'reviewer' };
const police: Viewer = { userId: 'bbbbbbbbbbbbbbbbbbbbbbbb', role: 'authority', authorityId: 'police-vtk' };
const unscoped: Viewer = { userId: 'cccccccccccccccccccccccc', role: 'authority' };
const STATUSES = ['new', 'in_review', 'forwarded', 'closed'] as const;
const AUTHORITIES = ['nccos', 'police-vtk', 'school', 'csw-novi-sad'];
const T0 = Date.UTC(2025, 2, 3, 9, 0, 0);
const DAY = 86_400_000;

/** A small seeded generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomReport(rand: () => number): FixtureReport {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const routing = AUTHORITIES.filter(() => rand() < 0.4);
  const flags = (['selfHarmRisk', 'dangerDisclosed', 'threatsOfViolence'] as const).filter(() => rand() < 0.2);
  const answers = rand() < 0.7 ? { victim: pick(['self', 'friend', 'child'] as const), paidOrSent: pick(['yes', 'no', 'unknown'] as const) } : undefined;
  const noticeFailures = rand() < 0.25
    ? [{ target: 'authority' as const, authorityId: pick(AUTHORITIES), channel: pick(['webhook', 'email'] as const), error: pick(['http_503', 'timeout', 'smtp_550']), at: new Date(T0 + Math.floor(rand() * 6 * DAY)) }]
    : undefined;
  return {
    ...(noticeFailures ? { noticeFailures } : {}),
    flags: [...flags],
    ...(answers ? { answers } : {}),
    urgency: pick(URGENCIES),
    status: pick(STATUSES),
    category: pick(CATEGORIES),
    routing: routing.length ? routing : ['nccos'],
    // Whole minutes over six days, so some reports share a millisecond and the id breaks the tie.
    createdAt: new Date(T0 + Math.floor(rand() * 6 * 24 * 6) * 10 * 60_000),
  };
}

describe('review queue held in memory: the same pages as the database, and no write lost while it loads', function () {
  this.timeout(120_000);
  let conn: Connection;
  let cipher: FieldCipher;
  const queues: ReportQueue[] = [];

  const open = async (mode: 'database' | 'memory'): Promise<ReportQueue> => {
    const q = reportQueueOn(conn, mode);
    queues.push(q);
    await q.init();
    return q;
  };

  /** Every page of a query, as rows and cursors. */
  async function walk(queue: ReportQueue, viewer: Viewer, q: Partial<QueueQuery>, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 200; page++) {
      const res = await queue.page(viewer, { limit, ...q, ...(cursor ? { cursor } : {}) });
      seen.push(...res.items.map((i) => `${i.id} ${i.urgency} ${i.status} ${i.category} ${i.createdAt.toISOString()} ${i.authorities.join(',')} ${i.unreadByStaff} ${i.flags.join(',')} ${i.noticeFailed} ${i.noticeFailedTo.join(',')} ${i.noticeError ?? '-'} ${i.linked}`));
      seen.push(`cursor ${res.nextCursor ?? '-'}`);
      if (!res.nextCursor) return seen;
      cursor = res.nextCursor;
    }
    throw new Error('the queue never ended');
  }

  beforeEach(async () => {
    conn = await openTestDb('queuemirror');
    cipher = testCipher();
  });
  afterEach(async () => {
    for (const q of queues.splice(0)) q.close();
    await dropTestDb(conn);
  });

  it('when random reports are queried with every filter, scope and page size, then memory and database list the same rows and cursors, page after page', async () => {
    const rand = prng(20261128);
    const codes: string[] = [];
    for (let i = 0; i < 70; i++) codes.push((await insertReport(conn, cipher, randomReport(rand))).caseCode);
    // On the date filters' edges: `from` includes its first millisecond; `to` ends with its day.
    for (const ms of [T0 + 2 * DAY - 1, T0 + 2 * DAY, T0 + 4 * DAY - 1, T0 + 4 * DAY]) await insertReport(conn, cipher, { ...randomReport(rand), status: 'new', createdAt: new Date(ms) });
    // Some reports name one of a few accounts (as link ids), so some share one and some are alone with theirs.
    const accountLinks = new AccountLinkRepository(conn);
    for (const r of await reportModel(conn).find({}, { _id: 1 }).sort({ _id: 1 }).lean().exec()) {
      if (rand() >= 0.3) continue;
      const linkId = `t1:account${Math.floor(rand() * 10)}`;
      await reportModel(conn).updateOne({ _id: r._id }, { $set: { accountLinks: [linkId] } }).exec();
      await accountLinks.add([linkId], r._id);
    }
    for (const r of await reportModel(conn).find({}, { _id: 1 }).lean().exec()) await syncReportQueueEntry(conn, r._id);
    const database = await open('database');
    const memory = await open('memory');

    const queries: Partial<QueueQuery>[] = [
      {}, { status: 'all' }, ...STATUSES.map((status) => ({ status })),
      ...CATEGORIES.map((category) => ({ category, status: 'all' as const })),
      ...URGENCIES.map((urgency) => ({ urgency })), ...URGENCIES.map((urgency) => ({ urgency, status: 'closed' as const })),
      ...AUTHORITIES.map((authority) => ({ authority })),
      { from: new Date(T0 + 2 * DAY) }, { to: new Date(T0 + 1 * DAY) }, { from: new Date(T0 + 2 * DAY), to: new Date(T0 + 3 * DAY) },
      { caseCode: codes[5]! }, { caseCode: codes[40]!.toLowerCase().replace(/-/g, ' ') }, { caseCode: 'ZZZZ-ZZZZ-ZZZZ-Z' },
      { status: 'new', category: 'grooming', authority: 'police-vtk', urgency: 'high' },
      { flag: 'selfHarmRisk' }, { flag: 'threatsOfViolence', status: 'all' }, { flag: 'dangerDisclosed', urgency: 'high' },
      { answer: 'paidOrSent:yes' }, { answer: 'victim:self', status: 'all' }, { answer: 'paidOrSent:unknown', flag: 'selfHarmRisk', status: 'all' },
      { noticeFailed: true }, { noticeFailed: true, urgency: 'immediate' }, { noticeFailed: true, status: 'all' },
      { linked: true }, { linked: true, status: 'all' }, { linked: true, urgency: 'high', status: 'all' },
    ];
    let rows = 0;
    for (const viewer of [reviewer, police, unscoped]) {
      for (const q of queries) {
        for (const limit of viewer === reviewer ? [7, 25] : [25]) {
          const want = await walk(database, viewer, q, limit);
          assert.deepEqual(await walk(memory, viewer, q, limit), want, `${viewer.role}/${viewer.authorityId ?? '-'} ${JSON.stringify(q)} limit ${limit}`);
          rows += want.filter((r) => !r.startsWith('cursor')).length;
        }
      }
      assert.equal(await memory.immediateOpen(viewer), await database.immediateOpen(viewer), `alert count for ${viewer.role}`);
      assert.deepEqual(await memory.noticeAlerts(viewer), await database.noticeAlerts(viewer), `failed-notice alerts for ${viewer.role}`);
    }
    assert.ok(rows > 500, `the queries listed rows (${rows}), not only empty pages`);
    assert.ok((await database.immediateOpen(reviewer)) > 0, 'the data has immediate open reports');
    const linked = (await walk(database, reviewer, { linked: true, status: 'all' }, 100)).length - 1;
    assert.ok(linked > 5 && linked < 74, `the data has linked reports and others (${linked})`);
    const failed = await database.noticeAlerts(reviewer);
    assert.ok(failed.immediate > 0 && failed.other > 0 && failed.lastError, `the data has failed notices: ${JSON.stringify(failed)}`);
    // One row per page, the whole queue: every cursor position.
    assert.deepEqual(await walk(memory, reviewer, { status: 'all' }, 1), await walk(database, reviewer, { status: 'all' }, 1));
  });

  it('when reports are added, changed and removed while the memory copy loads, then it ends equal to the database', async () => {
    const rand = prng(7);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await insertReport(conn, cipher, randomReport(rand))).id);
    const database = await open('database');
    const cases = staffCases(conn, cipher);
    const reports = reportModel(conn);
    const changes = async (from: number): Promise<void> => {
      await Promise.all([
        ...ids.slice(from, from + 6).map((id, i) => moveReportTo(cases, id, i % 2 ? 'closed' : 'in_review')),
        ...Array.from({ length: 3 }, () => insertReport(conn, cipher, randomReport(rand))),
        ...ids.slice(from + 6, from + 8).map(async (id) => {
          await reports.deleteOne({ _id: id });
          await syncReportQueueEntry(conn, id);
        }),
      ]);
    };
    /** Writes land before the read (the snapshot has them) and after it (only what it heard has them). */
    class InterleavedMirror extends QueueMirror {
      protected override async snapshot(): Promise<ReportQueueEntryDoc[]> {
        await changes(0);
        const all = await super.snapshot();
        await changes(10);
        return all;
      }
    }
    const memory = new InterleavedMirror(conn);
    await memory.load();
    try {
      const everything = database.selectorFor(reviewer, { status: 'all' });
      const want = (await walk(database, reviewer, { status: 'all' }, 100)).filter((r) => !r.startsWith('cursor')).map((r) => r.split(' ')[0]);
      assert.equal(want.length, 40 + 6 - 4, 'every report once');
      assert.deepEqual(memory.page(everything, undefined, 100).map((e) => e._id.toHexString()), want);
      const open = database.selectorFor(reviewer, {});
      assert.deepEqual(memory.page(open, undefined, 100).map((e) => `${e._id.toHexString()} ${e.status}`), (await database.page(reviewer, { limit: 100 })).items.map((i) => `${i.id} ${i.status}`));
      assert.equal(memory.count({ alert: true }), await database.immediateOpen(reviewer));
    } finally {
      memory.close();
    }
  });

  it('when the queue is closed, then it stops following writes', async () => {
    const memory = await open('memory');
    await insertReport(conn, cipher, {});
    assert.equal((await memory.page(reviewer, { limit: 25 })).items.length, 1);
    memory.close();
    await insertReport(conn, cipher, {});
    assert.equal((await memory.page(reviewer, { limit: 25 })).items.length, 1, 'a closed copy no longer changes');
  });
});
