import assert from 'node:assert/strict';
import type { FieldCipher } from '../../services/crypto/fieldCipher';
import type { TestServer } from '../support/server';
import { createStaff, DashboardClient, PASSWORD, startDashboardServer } from './dashboardClient';
import { directStaffMessage, insertReport, testCipher } from './reportFixtures';

interface Row {
  id: string;
  urgency: string;
  flags: string[];
}

/**
 * What the reviewer receives besides the narrative: a crisis recognised
 * during the report (flag, first in the queue, on top of the report).
 */
describe('dashboard: a crisis recognised during the report reaches the reviewer first, with every answer', () => {
  let server: TestServer;
  let cipher: FieldCipher;
  let reviewer: DashboardClient;
  const ids: Record<string, { id: string; caseCode: string }> = {};

  before(async () => {
    server = await startDashboardServer('dashflags');
    cipher = testCipher();
    server.dashboard!.attachReports({ cipher, postStaffMessage: directStaffMessage(server.conn, cipher) });
    await createStaff(server, [{ email: 'rev@example.org', role: 'reviewer' }]);
    const t0 = Date.parse('2026-03-01T10:00:00Z');
    const at = (h: number) => new Date(t0 + h * 3_600_000);
    ids.normal = await insertReport(server.conn, cipher, { urgency: 'normal', createdAt: at(0) });
    ids.highOld = await insertReport(server.conn, cipher, { urgency: 'high', createdAt: at(1) });
    ids.highSelfHarm = await insertReport(server.conn, cipher, {
      urgency: 'high', createdAt: at(9), flags: ['selfHarmRisk', 'threatsOfViolence'], routing: ['school', 'nccos', 'helpline-116111', 'csw-nis'],
      answers: { victim: 'self', ongoing: 'yes', threatsOfViolence: 'yes', fromSchool: 'yes' },
    });
    ids.normalDanger = await insertReport(server.conn, cipher, { urgency: 'normal', createdAt: at(8), flags: ['dangerDisclosed'], category: 'sextortion', answers: { victim: 'friend', ongoing: 'unknown', deadlineRunning: 'no', paidOrSent: 'unknown' } });
    // Closed (out of the default queue), for the filters and statistics: five that did not know whether it is someone from school.
    for (let i = 0; i < 5; i++) ids[`closed${i}`] = await insertReport(server.conn, cipher, { urgency: 'normal', status: 'closed', createdAt: at(2 + i), answers: { victim: 'pupil', fromSchool: 'unknown', threatsOfViolence: 'no' } });
    ids.immediate = await insertReport(server.conn, cipher, { urgency: 'immediate', createdAt: at(10), flags: ['immediateDanger'] });
    reviewer = new DashboardClient(server.url);
    assert.equal((await reviewer.login('rev@example.org', PASSWORD)).status, 200);
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('when the queue is read, then a crisis report comes first within its urgency, newer or not, and its row carries the flag', async () => {
    const page = await reviewer.get<{ items: Row[] }>('/api/dashboard/reports');
    assert.equal(page.status, 200);
    assert.deepEqual(page.body.items.map((i) => i.id), [ids.immediate!.id, ids.highSelfHarm!.id, ids.highOld!.id, ids.normalDanger!.id, ids.normal!.id]);
    const row = page.body.items.find((i) => i.id === ids.highSelfHarm!.id)!;
    assert.deepEqual(row.flags, ['selfHarmRisk', 'threatsOfViolence']);
    assert.deepEqual(page.body.items.find((i) => i.id === ids.highOld!.id)!.flags, []);
    const high = await reviewer.get<{ items: Row[] }>('/api/dashboard/reports?urgency=high');
    assert.deepEqual(high.body.items.map((i) => i.id), [ids.highSelfHarm!.id, ids.highOld!.id], 'the urgency filter still holds');
  });

  it('when pages are followed with a cursor, then the crisis order holds and nothing repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await reviewer.get<{ items: Row[]; nextCursor?: string }>(`/api/dashboard/reports?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [ids.immediate!.id, ids.highSelfHarm!.id, ids.highOld!.id, ids.normalDanger!.id, ids.normal!.id]);
    const old = Buffer.from(`1-000001772359200000-${ids.highOld!.id}`).toString('base64url');
    assert.equal((await reviewer.get(`/api/dashboard/reports?cursor=${old}`)).status, 400, 'a cursor from before the crisis order is refused, not a 500');
  });

  it('when the reviewer opens the report, then the crisis flags and every answer are in it', async () => {
    const view = await reviewer.get<{ flags: string[]; answers: Record<string, string> }>(`/api/dashboard/reports/${ids.highSelfHarm!.id}`);
    assert.equal(view.status, 200);
    assert.deepEqual(view.body.flags, ['selfHarmRisk', 'threatsOfViolence']);
    assert.deepEqual(view.body.answers, { victim: 'self', ongoing: 'yes', threatsOfViolence: 'yes', fromSchool: 'yes' });
    const other = await reviewer.get<{ answers: Record<string, string> }>(`/api/dashboard/reports/${ids.normalDanger!.id}`);
    assert.equal(other.body.answers.paidOrSent, 'unknown', '"I don\'t know" is an answer too');
    const older = await reviewer.get<{ answers: Record<string, string> }>(`/api/dashboard/reports/${ids.normal!.id}`);
    assert.deepEqual(older.body.answers, {}, 'a report stored before answers were kept has none');
  });

  it('when the queue is filtered by a flag or an answer, then only those reports come; a flag or answer that does not exist is 400', async () => {
    const get = async (q: string) => (await reviewer.get<{ items: Row[] }>(`/api/dashboard/reports?${q}`)).body.items.map((i) => i.id);
    assert.deepEqual(await get('flag=selfHarmRisk'), [ids.highSelfHarm!.id]);
    assert.deepEqual(await get('flag=threatsOfViolence'), [ids.highSelfHarm!.id]);
    assert.deepEqual(await get('flag=dangerDisclosed&urgency=normal'), [ids.normalDanger!.id]);
    assert.deepEqual(await get('answer=fromSchool:yes'), [ids.highSelfHarm!.id]);
    assert.deepEqual(await get('answer=paidOrSent:unknown'), [ids.normalDanger!.id]);
    assert.deepEqual(await get('answer=fromSchool:unknown'), [], 'closed reports are out of the default queue');
    assert.equal((await get('answer=fromSchool:unknown&status=all')).length, 5);
    assert.deepEqual(await get('answer=victim:self&flag=selfHarmRisk'), [ids.highSelfHarm!.id]);
    assert.equal((await reviewer.get('/api/dashboard/reports?flag=urgentish')).status, 400);
    assert.equal((await reviewer.get('/api/dashboard/reports?answer=fromSchool:maybe')).status, 400);
    assert.equal((await reviewer.get('/api/dashboard/reports?answer=%3Cscript%3E')).status, 400);
  });

  it('when statistics are read and exported, then they count flags and answers, small counts as <5', async () => {
    const stats = await reviewer.get<{ byFlag: Array<{ key: string; count: number | string }>; byAnswer: Array<{ key: string; count: number | string }> }>('/api/dashboard/stats');
    assert.equal(stats.status, 200);
    assert.deepEqual(Object.fromEntries(stats.body.byFlag.map((r) => [r.key, r.count])), { selfHarmRisk: '<5', dangerDisclosed: '<5', threatsOfViolence: '<5', immediateDanger: '<5' });
    const answers = Object.fromEntries(stats.body.byAnswer.map((r) => [r.key, r.count]));
    assert.equal(answers['fromSchool:unknown'], 5);
    assert.equal(answers['threatsOfViolence:no'], 5);
    assert.equal(answers['victim:pupil'], 5);
    assert.equal(answers['paidOrSent:unknown'], '<5');
    assert.deepEqual(stats.body.byAnswer.map((r) => r.key).slice(0, 3), ['victim:self', 'victim:friend', 'victim:pupil'], 'in asking order');
    const csv = await reviewer.get('/api/dashboard/stats.csv');
    const lines = csv.text.trim().split(/\r\n/);
    assert.ok(lines.includes('answer,fromSchool:unknown,5'), lines.join('\n'));
    assert.ok(lines.includes('flag,selfHarmRisk,<5'));
  });
});
