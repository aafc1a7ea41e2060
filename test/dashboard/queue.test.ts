import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { reportModel } from '../../models/report';
import { reportQueueEntryModel, syncReportQueueEntry } from '../../models/reportQueueEntry';
import { DashboardError } from '../../services/auth/staffErrors';
import type { FieldCipher } from '../../services/crypto/fieldCipher';
import { DisplayNames } from '../../services/dashboard/displayNames';
import { QueueMode, QueueQuery, ReportQueue } from '../../services/dashboard/reportQueue';
import { reportAcksOn, reportCasesOn, reportQueueOn } from '../../server/dashboard/dashboardServices';
import type { Viewer } from '../../services/dashboard/reportScope';
import { dropTestDb, openTestDb } from '../support/db';
import { moveReport } from '../support/staffCase';
import { FixtureReport, insertReport, insertReporterMessage, testCipher } from './reportFixtures';

const reviewer: Viewer = { userId: 'aaaaaaaaaaaaaaaaaaaaaaaa', role: 'reviewer' };
const police: Viewer = { userId: 'bbbbbbbbbbbbbbbbbbbbbbbb', role: 'authority', authorityId: 'police-vtk' };
const display = new DisplayNames('sr-Latn', []);
const names = { authority: (id: string) => id, staff: () => undefined, municipality: (m: string) => display.municipality(m), platform: (p: string) => display.platform(p), routing: display.routing.bind(display) };
const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

for (const mode of ['database', 'memory'] as QueueMode[]) describe(`dashboard queue (${mode}): order, keyset pages, filters, scope, and entries kept in step with reports`, () => {
  let conn: Connection;
  let cipher: FieldCipher;
  let queue: ReportQueue;

  /** Every page from the first, following cursors (with a hook between pages). */
  async function allPages(viewer: Viewer, q: Partial<QueueQuery>, between?: (page: number) => Promise<void>): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const res = await queue.page(viewer, { limit: 3, ...q, ...(cursor ? { cursor } : {}) });
      ids.push(...res.items.map((i) => i.id));
      if (!res.nextCursor) return ids;
      cursor = res.nextCursor;
      await between?.(page);
    }
    throw new Error('the queue never ended');
  }

  const add = (r: FixtureReport): Promise<string> => insertReport(conn, cipher, r).then((x) => x.id);

  beforeEach(async () => {
    conn = await openTestDb('queue');
    cipher = testCipher();
    queue = reportQueueOn(conn, mode);
    await queue.init();
  });
  afterEach(async () => {
    queue.close();
    await dropTestDb(conn);
  });

  it('when reports of every urgency and age are waiting, then immediate come first, then high, then normal, oldest first in each', async () => {
    const normalOld = await add({ urgency: 'normal', createdAt: at(0) });
    const immediateNew = await add({ urgency: 'immediate', createdAt: at(50) });
    const highOld = await add({ urgency: 'high', createdAt: at(1) });
    const normalNew = await add({ urgency: 'normal', createdAt: at(40) });
    const immediateOld = await add({ urgency: 'immediate', createdAt: at(30) });
    const highNew = await add({ urgency: 'high', createdAt: at(45) });
    const res = await queue.page(reviewer, { limit: 25 });
    assert.deepEqual(res.items.map((i) => i.id), [immediateOld, immediateNew, highOld, highNew, normalOld, normalNew]);
    assert.deepEqual(res.items.map((i) => i.urgency), ['immediate', 'immediate', 'high', 'high', 'normal', 'normal']);
    assert.equal(res.nextCursor, undefined);
  });

  it('when two reports were created in the same millisecond, then the id breaks the tie and paging shows each once', async () => {
    const ids = [await add({ createdAt: at(5) }), await add({ createdAt: at(5) }), await add({ createdAt: at(5) }), await add({ createdAt: at(5) })];
    const paged = await allPages(reviewer, {});
    assert.deepEqual(paged, [...ids].sort());
  });

  it('when reports arrive between pages, then no row is repeated or skipped, and rows behind the cursor wait for the next first page', async () => {
    const existing: string[] = [];
    for (let i = 0; i < 10; i++) existing.push(await add({ urgency: i % 4 === 0 ? 'high' : 'normal', createdAt: at(i * 10) }));
    const behind: string[] = [];
    const ahead: string[] = [];
    const paged = await allPages(reviewer, {}, async (page) => {
      // One that sorts before every cursor (an immediate report) and one that sorts after all (the newest normal).
      behind.push(await add({ urgency: 'immediate', createdAt: at(500 + page) }));
      ahead.push(await add({ urgency: 'normal', createdAt: at(1000 + page) }));
    });
    assert.equal(new Set(paged).size, paged.length, 'a row was repeated');
    for (const id of existing) assert.ok(paged.includes(id), 'an existing row was skipped');
    for (const id of ahead) assert.ok(paged.includes(id), 'a row inserted after the cursor was skipped');
    for (const id of behind) assert.ok(!paged.includes(id), 'a row inserted behind the cursor appeared mid-way');
    const fresh = await queue.page(reviewer, { limit: behind.length });
    assert.deepEqual(fresh.items.map((i) => i.id), behind, 'the next first page starts with the new immediate reports');
  });

  it('when filtering by status, category, urgency, authority, date and case code, then only matching reports are listed', async () => {
    const closed = await insertReport(conn, cipher, { status: 'closed', category: 'grooming', createdAt: at(1) });
    const grooming = await add({ category: 'grooming', createdAt: at(2), routing: ['police-vtk', 'nccos'] });
    const highForwarded = await add({ urgency: 'high', status: 'forwarded', createdAt: at(3) });
    const inReview = await add({ status: 'in_review', createdAt: at(60 * 24 * 3) });
    const ids = async (q: Partial<QueueQuery>): Promise<string[]> => (await queue.page(reviewer, { limit: 25, ...q })).items.map((i) => i.id);

    assert.deepEqual((await ids({})).sort(), [grooming, highForwarded, inReview].sort(), 'default: open reports');
    assert.deepEqual(await ids({ status: 'closed' }), [closed.id]);
    assert.equal((await ids({ status: 'all' })).length, 4);
    assert.deepEqual(await ids({ status: 'in_review' }), [inReview]);
    assert.deepEqual(await ids({ category: 'grooming' }), [grooming]);
    assert.deepEqual((await ids({ category: 'grooming', status: 'all' })).sort(), [closed.id, grooming].sort());
    assert.deepEqual(await ids({ urgency: 'high' }), [highForwarded]);
    assert.deepEqual(await ids({ urgency: 'immediate' }), []);
    assert.deepEqual(await ids({ authority: 'police-vtk' }), [grooming]);
    assert.deepEqual(await ids({ from: at(60 * 24 * 2), to: at(60 * 24 * 3) }), [inReview]);
    assert.deepEqual((await ids({ to: at(0) })).sort(), [grooming, highForwarded].sort(), '`to` includes the whole day');
    const spaced = ` ${closed.caseCode.replace(/-/g, ' ').toLowerCase()} `;
    assert.deepEqual(await ids({ caseCode: spaced }), [closed.id], 'a case-code search finds a closed report, in any spacing or case');
  });

  it('when the urgency filter is paged, then the cursor stays inside that urgency', async () => {
    const high: string[] = [];
    for (let i = 0; i < 5; i++) high.push(await add({ urgency: 'high', createdAt: at(i) }));
    await add({ urgency: 'normal', createdAt: at(100) });
    await add({ urgency: 'immediate', createdAt: at(200) });
    assert.deepEqual(await allPages(reviewer, { urgency: 'high' }), high);
  });

  it('when an authority opens the queue, then it sees only reports routed to it, whatever authority it asks for, and its own alert count', async () => {
    const mine = await add({ urgency: 'immediate', routing: ['police-vtk', 'nccos'], createdAt: at(1) });
    await add({ urgency: 'immediate', routing: ['nccos'], createdAt: at(2) });
    await add({ routing: ['csw-novi-sad'], createdAt: at(3) });
    assert.deepEqual((await queue.page(police, { limit: 25 })).items.map((i) => i.id), [mine]);
    assert.deepEqual((await queue.page(police, { limit: 25, authority: 'nccos', status: 'all' })).items.map((i) => i.id), [mine]);
    assert.equal(await queue.immediateOpen(police), 1);
    assert.equal(await queue.immediateOpen(reviewer), 2);
  });

  it('when the dashboard moves a report through the workflow, then its queue row, the open queue and the alert count follow', async () => {
    const id = await add({ urgency: 'immediate', createdAt: at(1) });
    const cases = reportCasesOn(conn, cipher, reportAcksOn(conn));
    assert.equal(await queue.immediateOpen(reviewer), 1);
    await cases.changeStatus(reviewer, id, { to: 'in_review', reason: 'looking at it' }, () => true);
    assert.equal((await queue.page(reviewer, { limit: 25 })).items[0]!.status, 'in_review');
    assert.equal(await queue.immediateOpen(reviewer), 1);
    await cases.changeStatus(reviewer, id, { to: 'forwarded', reason: 'police', forward: { authorityId: 'police-vtk', channel: 'phone' } }, () => true);
    assert.equal(await queue.immediateOpen(reviewer), 0, 'a forwarded report no longer raises the banner');
    await cases.changeStatus(reviewer, id, { to: 'closed', reason: 'done', resolution: 'acted' }, () => true);
    assert.deepEqual((await queue.page(reviewer, { limit: 25 })).items, []);
    assert.equal((await queue.page(reviewer, { limit: 25, status: 'closed' })).items[0]!.id, id);
    await cases.changeStatus(reviewer, id, { to: 'in_review', reason: 'reopened' }, () => true);
    assert.equal((await queue.page(reviewer, { limit: 25 })).items[0]!.id, id);
    assert.equal(await queue.immediateOpen(reviewer), 1, 'a reopened immediate report raises the banner again');
  });

  it('when a forward is recorded or the report closed straight from new, then the queue row follows', async () => {
    const id = await add({ createdAt: at(1) });
    const other = await add({ createdAt: at(2) });
    const cases = reportCasesOn(conn, cipher, reportAcksOn(conn));
    await moveReport(cases, id, { to: 'in_review' }, { to: 'forwarded', forward: { authorityId: 'police-vtk', channel: 'email' } });
    assert.equal((await queue.page(reviewer, { limit: 25 })).items[0]!.status, 'forwarded');
    await moveReport(cases, other, { to: 'closed', resolution: 'duplicate' });
    await moveReport(cases, id, { to: 'closed', resolution: 'duplicate' });
    assert.deepEqual((await queue.page(reviewer, { limit: 25 })).items, []);
  });

  it('when the reporter writes and staff open the report, then the unread badge rises and clears in the queue', async () => {
    const id = await add({ createdAt: at(1) });
    await insertReporterMessage(conn, cipher, id, 'Jeste li primili?');
    await insertReporterMessage(conn, cipher, id, 'Ima još poruka.');
    assert.equal((await queue.page(reviewer, { limit: 25 })).items[0]!.unreadByStaff, 2);
    await reportCasesOn(conn, cipher, reportAcksOn(conn)).view(reviewer, id, names);
    assert.equal((await queue.page(reviewer, { limit: 25 })).items[0]!.unreadByStaff, 0);
  });

  it('when an entry holds an older copy of its report (a lost race), then the next sync puts the report\'s state back', async () => {
    const id = await add({ createdAt: at(1) });
    await reportModel(conn).updateOne({ _id: id }, { $set: { status: 'closed' } });
    await reportQueueEntryModel(conn).updateOne({ _id: id }, { $set: { status: 'new', open: true } });
    await syncReportQueueEntry(conn, id);
    assert.deepEqual((await queue.page(reviewer, { limit: 25 })).items, []);
    const entry = await reportQueueEntryModel(conn).findById(id).lean().exec();
    assert.equal(entry!.status, 'closed');
    assert.equal(entry!.open, false);
  });

  it('when syncs for one report race with its changes, then the entry ends equal to the report', async () => {
    const id = await add({ createdAt: at(1), urgency: 'immediate' });
    const reports = reportModel(conn);
    await Promise.all(
      (['in_review', 'forwarded', 'closed', 'in_review', 'closed'] as const).map(async (status, i) => {
        await reports.updateOne({ _id: id }, { $set: { status, unreadByStaff: i } });
        await syncReportQueueEntry(conn, id);
      }),
    );
    const report = await reports.findById(id).lean().exec();
    const entry = await reportQueueEntryModel(conn).findById(id).lean().exec();
    assert.equal(entry!.status, report!.status);
    assert.equal(entry!.unreadByStaff, report!.unreadByStaff);
    assert.equal(entry!.open, report!.status !== 'closed');
    const [row] = (await queue.page(reviewer, { limit: 25, status: 'all' })).items;
    assert.equal(row!.status, report!.status, 'the queue shows the report\'s last status');
    assert.equal(row!.unreadByStaff, report!.unreadByStaff);
  });

  it('when a cursor is not one the queue issued, then the request is refused with 400', async () => {
    await add({});
    for (const cursor of ['bm9wZQ', Buffer.from('9-000000000000001-zz').toString('base64url')]) {
      await assert.rejects(queue.page(reviewer, { limit: 25, cursor }), (err: unknown) => err instanceof DashboardError && err.code === 'BadRequest');
    }
  });
});
