import assert from 'node:assert/strict';
import type { FieldCipher } from '../../services/crypto/fieldCipher';
import type { TestServer } from '../support/server';
import { createStaff, DashboardClient, PASSWORD, startDashboardServer } from './dashboardClient';
import { directStaffMessage, insertReport, testCipher } from './reportFixtures';

interface Row {
  id: string;
  noticeFailed: boolean;
  noticeFailedTo: string[];
  noticeError?: string;
}

interface Alerts {
  immediate: number;
  noticeFailed: { immediate: number; other: number; lastError?: string; lastAt?: string };
}

describe('dashboard: a notice that never reached an authority is seen in the queue, the banner and the report', () => {
  let server: TestServer;
  let cipher: FieldCipher;
  let reviewer: DashboardClient;
  let police: DashboardClient;
  const ids: Record<string, { id: string; caseCode: string }> = {};
  const t0 = Date.parse('2026-03-01T10:00:00Z');
  const at = (h: number) => new Date(t0 + h * 3_600_000);

  before(async () => {
    server = await startDashboardServer('dashnotice');
    cipher = testCipher();
    server.dashboard!.attachReports({ cipher, postStaffMessage: directStaffMessage(server.conn, cipher) });
    await createStaff(server, [
      { email: 'rev@example.org', role: 'reviewer' },
      { email: 'police@example.org', role: 'authority', authorityId: 'police-vtk' },
    ]);
    ids.ok = await insertReport(server.conn, cipher, { urgency: 'immediate', createdAt: at(0), routing: ['police-vtk', 'nccos'] });
    ids.immediate = await insertReport(server.conn, cipher, {
      urgency: 'immediate', createdAt: at(1), routing: ['police-vtk', 'nccos'],
      noticeFailures: [{ target: 'authority', authorityId: 'police-vtk', channel: 'webhook', error: 'http_503', at: at(2) }],
    });
    ids.high = await insertReport(server.conn, cipher, {
      urgency: 'high', createdAt: at(1), routing: ['prosecutor-vtk', 'nccos'],
      noticeFailures: [
        { target: 'authority', authorityId: 'prosecutor-vtk', channel: 'email', error: 'smtp_550', at: at(3) },
        { target: 'authority', authorityId: 'nccos', channel: 'email', error: 'timeout', at: at(4) },
      ],
    });
    ids.closed = await insertReport(server.conn, cipher, {
      urgency: 'normal', status: 'closed', createdAt: at(1),
      noticeFailures: [{ target: 'authority', authorityId: 'nccos', channel: 'webhook', error: 'econnrefused', at: at(5) }],
    });
    reviewer = new DashboardClient(server.url);
    assert.equal((await reviewer.login('rev@example.org', PASSWORD)).status, 200);
    police = new DashboardClient(server.url);
    assert.equal((await police.login('police@example.org', PASSWORD)).status, 200);
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('when the queue is read, then a report whose notice failed is marked with whom and the last error; the filter lists only those', async () => {
    const page = await reviewer.get<{ items: Row[] }>('/api/dashboard/reports');
    const row = (id: string) => page.body.items.find((i) => i.id === id)!;
    assert.deepEqual([row(ids.immediate!.id).noticeFailed, row(ids.immediate!.id).noticeFailedTo, row(ids.immediate!.id).noticeError], [true, ['police-vtk'], 'http_503']);
    assert.deepEqual([row(ids.high!.id).noticeFailed, row(ids.high!.id).noticeFailedTo, row(ids.high!.id).noticeError], [true, ['nccos', 'prosecutor-vtk'], 'timeout']);
    assert.equal(row(ids.ok!.id).noticeFailed, false);
    assert.equal(row(ids.ok!.id).noticeError, undefined);
    const only = await reviewer.get<{ items: Row[] }>('/api/dashboard/reports?noticeFailed=true');
    assert.deepEqual(only.body.items.map((i) => i.id), [ids.immediate!.id, ids.high!.id]);
    const withClosed = await reviewer.get<{ items: Row[] }>('/api/dashboard/reports?noticeFailed=true&status=all');
    assert.ok(!withClosed.body.items.some((i) => i.id === ids.closed!.id), 'a closed report needs no call');
    assert.equal((await reviewer.get('/api/dashboard/reports?noticeFailed=perhaps')).status, 400);
  });

  it('when the banner is read, then it counts immediate and other reports with a failed notice, with the last error; an authority account is not told', async () => {
    const alerts = await reviewer.get<Alerts>('/api/dashboard/alerts');
    assert.equal(alerts.status, 200);
    assert.equal(alerts.body.immediate, 2);
    assert.equal(alerts.body.noticeFailed.immediate, 1);
    assert.equal(alerts.body.noticeFailed.other, 1);
    assert.equal(alerts.body.noticeFailed.lastError, 'timeout');
    assert.equal(new Date(alerts.body.noticeFailed.lastAt!).getTime(), at(4).getTime());
    const theirs = await police.get<Alerts>('/api/dashboard/alerts');
    assert.deepEqual(theirs.body.noticeFailed, { immediate: 0, other: 0 });
  });

  it('when the report is opened, then its failed notices are listed, open ones marked', async () => {
    const view = await reviewer.get<{ noticeFailures: Array<{ authorityId: string; authorityName?: string; channel: string; error: string; open: boolean }> }>(`/api/dashboard/reports/${ids.high!.id}`);
    assert.deepEqual(view.body.noticeFailures.map((f) => [f.authorityId, f.channel, f.error, f.open]), [['nccos', 'email', 'timeout', true], ['prosecutor-vtk', 'email', 'smtp_550', true]]);
    assert.ok(view.body.noticeFailures[1]!.authorityName, 'the authority by its name');
  });

  it('when the contact centre phones the authority and records the forward, then the mark and the banner go', async () => {
    const id = ids.immediate!.id;
    assert.equal((await reviewer.post(`/api/dashboard/reports/${id}/status`, { to: 'in_review', reason: 'zovem policiju' })).status, 200);
    assert.equal((await reviewer.post(`/api/dashboard/reports/${id}/status`, { to: 'forwarded', reason: 'javljeno telefonom', forward: { authorityId: 'police-vtk', channel: 'phone' } })).status, 200);
    const page = await reviewer.get<{ items: Row[] }>('/api/dashboard/reports?noticeFailed=true');
    assert.deepEqual(page.body.items.map((i) => i.id), [ids.high!.id]);
    const alerts = await reviewer.get<Alerts>('/api/dashboard/alerts');
    assert.equal(alerts.body.noticeFailed.immediate, 0);
    assert.equal(alerts.body.noticeFailed.other, 1);
    const view = await reviewer.get<{ noticeFailures: Array<{ open: boolean }> }>(`/api/dashboard/reports/${id}`);
    assert.deepEqual(view.body.noticeFailures.map((f) => f.open), [false], 'kept in the report, no longer open');
  });
});
