import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server';
import { createStaff, DashboardClient, PASSWORD, TEST_DASHBOARD_ENV } from './dashboardClient';

/** A rota as the page sends it: weekdays 08:00–20:00, Saturday a night shift, a holiday, a webhook, "within 15 minutes". */
function rota(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const day = [{ from: '08:00', to: '20:00' }];
  return {
    week: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [{ from: '22:00', to: '06:00' }], sun: [] },
    holidays: [{ date: '2026-01-07', label: 'Božić', shifts: [] }],
    channel: { webhook: 'https://onduty.example.org/hook', email: '' },
    responseMinutes: 15,
    ...extra,
  };
}

describe('the on-duty rota over the dashboard API: read, edit, audit', function () {
  this.timeout(90_000);
  let server: TestServer;
  let admin: DashboardClient;

  before(async () => {
    server = await startTestServer('ondutyapi', {
      ...TEST_DASHBOARD_ENV,
      NOTIFY_WEBHOOK_SECRET: 'a-webhook-signing-secret-for-tests',
      NOTIFY_ONDUTY_HOURS: 'mon-fri 09:00-17:00',
    });
    await createStaff(server, [{ email: 'admin@example.org', role: 'admin' }, { email: 'admin2@example.org', role: 'admin' }]);
    admin = new DashboardClient(server.url);
    assert.equal((await admin.login('admin@example.org', PASSWORD)).status, 200);
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('when nothing was saved, then the page gets the environment\'s hours as shifts (version 0) and what they mean now', async () => {
    const res = await admin.get<{ rota: { week: Record<string, unknown> }; version: number; source: string; status: { kind: string }; channels: { webhook: boolean; email: boolean } }>('/api/dashboard/onduty');
    assert.equal(res.status, 200);
    assert.equal(res.body.source, 'environment');
    assert.equal(res.body.version, 0);
    assert.deepEqual(res.body.rota.week.mon, [{ from: '09:00', to: '17:00' }]);
    assert.deepEqual(res.body.rota.week.sun, []);
    assert.ok(['onDuty', 'offDuty'].includes(res.body.status.kind));
    assert.deepEqual(res.body.channels, { webhook: true, email: false }, 'the server signs webhooks and sends no e-mail');
  });

  it('when an administrator saves a rota, then it is stored with a new version, read back as saved, and the edit is in the audit log without the address', async () => {
    const saved = await admin.request<{ version: number }>('PUT', '/api/dashboard/onduty', { expectedVersion: 0, rota: rota() });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.version, 1);
    const read = await admin.get<{ rota: Record<string, unknown>; version: number; source: string; updatedByName: string }>('/api/dashboard/onduty');
    assert.equal(read.body.source, 'saved');
    assert.equal(read.body.version, 1);
    assert.equal(read.body.updatedByName, 'admin');
    assert.deepEqual(read.body.rota, { ...rota(), channel: { webhook: 'https://onduty.example.org/hook' } });
    const audit = await admin.get<{ items: Array<{ action: string; targetId: string; details?: Record<string, unknown> }> }>('/api/dashboard/audit?action=registry.onduty_edit');
    const event = audit.body.items.find((e) => e.action === 'registry.onduty_edit');
    assert.ok(event, JSON.stringify(audit.body));
    assert.deepEqual(event.details, { version: 1 });
    assert.doesNotMatch(JSON.stringify(audit.body), /onduty\.example\.org/, 'no address in the audit log');
  });

  it('when a second administrator saves from the version she read after the first saved, then 409 VersionConflict and nothing changes', async () => {
    const other = new DashboardClient(server.url);
    await other.login('admin2@example.org', PASSWORD);
    const seen = (await other.get<{ version: number }>('/api/dashboard/onduty')).body.version;
    assert.equal((await admin.request('PUT', '/api/dashboard/onduty', { expectedVersion: seen, rota: rota({ responseMinutes: 10 }) })).status, 200);
    const late = await other.request<{ code: string }>('PUT', '/api/dashboard/onduty', { expectedVersion: seen, rota: rota({ responseMinutes: 30 }) });
    assert.equal(late.status, 409);
    assert.equal(late.body.code, 'VersionConflict');
    assert.equal((await admin.get<{ rota: { responseMinutes: number } }>('/api/dashboard/onduty')).body.rota.responseMinutes, 10);
  });

  it('when the input is wrong, then a clear 400 names the problem and nothing is stored', async () => {
    const { version } = (await admin.get<{ version: number }>('/api/dashboard/onduty')).body;
    const cases: Array<[Record<string, unknown>, string]> = [
      [rota({ channel: { webhook: 'http://example.org/hook' } }), 'WebhookNotUsable'],
      [rota({ channel: { email: 'dezurni@example.org' } }), 'EmailNotUsable'],
      [{ ...rota(), week: { ...(rota().week as object), mon: [{ from: '25:00', to: '08:00' }] } }, 'ValidationError'],
      [rota({ holidays: [{ date: '2026-13-01', shifts: [] }] }), 'ValidationError'],
      [rota({ responseMinutes: 0 }), 'ValidationError'],
      [{ ...rota(), week: { mon: [] } }, 'ValidationError'],
    ];
    for (const [body, code] of cases) {
      const res = await admin.request<{ code: string }>('PUT', '/api/dashboard/onduty', { expectedVersion: version, rota: body });
      assert.equal(res.status, 400, `${code}: ${res.text}`);
      assert.equal(res.body.code, code, res.text);
    }
    const malformed = await fetch(`${server.url}/api/dashboard/onduty`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': admin.csrf, cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: '{"expectedVersion":',
    });
    assert.equal(malformed.status, 400, 'malformed JSON is a 400, never a 500');
    assert.equal((await admin.get<{ version: number }>('/api/dashboard/onduty')).body.version, version);
  });
});
