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
describe('dashboard: a crisis recognised during the report reaches the reviewer first', () => {
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
    ids.highSelfHarm = await insertReport(server.conn, cipher, { urgency: 'high', createdAt: at(9), flags: ['selfHarmRisk'], routing: ['school', 'nccos', 'helpline-116111', 'csw-nis'] });
    ids.normalDanger = await insertReport(server.conn, cipher, { urgency: 'normal', createdAt: at(8), flags: ['dangerDisclosed', 'threatsOfViolence'] });
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
    assert.deepEqual(row.flags, ['selfHarmRisk']);
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

  it('when the reviewer opens the report, then the crisis flags are in it', async () => {
    const view = await reviewer.get<{ flags: string[] }>(`/api/dashboard/reports/${ids.highSelfHarm!.id}`);
    assert.equal(view.status, 200);
    assert.deepEqual(view.body.flags, ['selfHarmRisk']);
  });
});
