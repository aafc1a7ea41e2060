import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { reportModel } from '../../models/report';
import type { QueueQuery } from '../../services/dashboard/reportQueue';
import { reportQueueOn } from '../../server/dashboard/dashboardServices';
import type { Viewer } from '../../services/dashboard/reportScope';
import { startTestServer, type TestServer } from '../support/server';
import { createStaff, DashboardClient, PASSWORD, TEST_DASHBOARD_ENV } from './dashboardClient';

const HANDLE = /mracni_vuk/i;

interface LinkedView {
  linked: { accounts: number; count: number; hidden: number; reports: Array<{ id: string; caseCode: string }> };
}

/** A report as a child would send it through the chat. */
function draft(narrative: string, category: string, platforms: string[]): Record<string, unknown> {
  return { submissionId: randomUUID(), locale: 'sr-Latn', reporterRole: 'pupil', victimAge: '14-17', category, platforms, ongoing: true, immediateDanger: false, narrative };
}

/** Every document of every collection, as JSON (what a database dump would show). */
async function dumpDatabase(server: TestServer): Promise<Array<{ collection: string; json: string }>> {
  const db = server.conn.db!;
  const out: Array<{ collection: string; json: string }> = [];
  for (const c of await db.listCollections().toArray()) {
    for (const doc of await db.collection(c.name).find({}).toArray()) out.push({ collection: c.name, json: JSON.stringify(doc) });
  }
  return out;
}

describe('repeat-account matching: reports naming the same account are linked', function () {
  this.timeout(120_000);
  let server: TestServer;
  let reviewer: DashboardClient;
  let school: DashboardClient;
  const ids: Record<string, string> = {};
  const codes: Record<string, string> = {};
  let lastPassphrase = '';

  before(async () => {
    server = await startTestServer('accountlinks', TEST_DASHBOARD_ENV);
    await createStaff(server, [{ email: 'rev@example.org', role: 'reviewer' }, { email: 'school@example.org', role: 'authority', authorityId: 'school' }]);
    const submit = async (name: string, d: Record<string, unknown>): Promise<void> => {
      const r = await server.reports.submitter.submit(d);
      const doc = await reportModel(server.conn).findOne({ caseCode: r.caseCode }, { _id: 1 }).lean().exec();
      ids[name] = doc!._id.toHexString();
      codes[name] = r.caseCode;
      lastPassphrase = r.passphrase!;
    };
    // The same Instagram account, three spellings, three children.
    await submit('at', draft('Piše mi @Mracni_Vuk na instagramu i traži slike.', 'grooming', ['instagram']));
    await submit('link', draft('Profil je instagram.com/mracni_vuk/ i preti mi da će objaviti slike.', 'sextortion', []));
    await submit('bare', draft('Nalog mracni_vuk mi šalje poruke i vređa me pred razredom.', 'cyberbullying', ['instagram']));
    // Another account, alone.
    await submit('other', draft('Piše mi @neko_drugi na instagramu i traži da se nađemo.', 'grooming', ['instagram']));
    // No account yet: the reporter names it later, in a follow-up message.
    await submit('later', draft('Neko mi šalje ružne poruke na instagramu.', 'cyberbullying', ['instagram']));
    const verified = await server.reports.followUp.verify(codes.later!, lastPassphrase);
    assert.ok(verified.ok);
    await server.reports.followUp.postReporterMessage(verified.token, 'Zaboravila sam: to je @MRACNI_VUK.');

    reviewer = new DashboardClient(server.url);
    assert.equal((await reviewer.login('rev@example.org', PASSWORD)).status, 200);
    school = new DashboardClient(server.url);
    assert.equal((await school.login('school@example.org', PASSWORD)).status, 200);
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('when three children name one Instagram account in three spellings, then each report view says it appears in the other reports and links to them', async () => {
    for (const name of ['at', 'link', 'bare']) {
      const res = await reviewer.get<LinkedView>(`/api/dashboard/reports/${ids[name]}`);
      assert.equal(res.status, 200);
      const others = ['at', 'link', 'bare', 'later'].filter((n) => n !== name);
      assert.equal(res.body.linked.accounts, 1, name);
      assert.equal(res.body.linked.count, 3, name);
      assert.equal(res.body.linked.hidden, 0, name);
      assert.deepEqual(res.body.linked.reports.map((r) => r.id).sort(), others.map((n) => ids[n]).sort(), name);
      assert.deepEqual(res.body.linked.reports.map((r) => r.caseCode).sort(), others.map((n) => codes[n]).sort(), name);
    }
    const alone = await reviewer.get<LinkedView>(`/api/dashboard/reports/${ids.other}`);
    assert.deepEqual(alone.body.linked, { accounts: 0, count: 0, reports: [], hidden: 0 });
  });

  it('when an authority opens its report, then it sees links only to the linked reports routed to it, and the count of the others', async () => {
    // Cyberbullying is routed to the school; grooming and sextortion are not.
    const res = await school.get<LinkedView>(`/api/dashboard/reports/${ids.bare}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.linked.count, 3);
    assert.deepEqual(res.body.linked.reports.map((r) => r.id), [ids.later]);
    assert.equal(res.body.linked.hidden, 2);
    assert.equal((await school.get(`/api/dashboard/reports/${ids.at}`)).status, 403);
  });

  it('when the queue is filtered to linked reports, then it lists exactly the reports sharing an account, in both queue modes', async () => {
    const expected = ['at', 'link', 'bare', 'later'].map((n) => ids[n]).sort();
    const res = await reviewer.get<{ items: Array<{ id: string; linked: boolean }> }>('/api/dashboard/reports?linked=true&status=all');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.map((i) => i.id).sort(), expected);
    assert.ok(res.body.items.every((i) => i.linked));
    const all = await reviewer.get<{ items: Array<{ id: string; linked: boolean }> }>('/api/dashboard/reports?status=all');
    assert.equal(all.body.items.find((i) => i.id === ids.other)?.linked, false);
    const viewer: Viewer = { userId: 'x', role: 'reviewer' };
    const q: QueueQuery = { linked: true, status: 'all', limit: 100 };
    for (const mode of ['memory', 'database'] as const) {
      const queue = reportQueueOn(server.conn, mode);
      await queue.init();
      const page = await queue.page(viewer, q);
      queue.close();
      assert.deepEqual(page.items.map((i) => i.id).sort(), expected, mode);
    }
    // An authority's filter stays inside its scope.
    const scoped = await school.get<{ items: Array<{ id: string }> }>('/api/dashboard/reports?linked=true&status=all');
    assert.deepEqual(scoped.body.items.map((i) => i.id).sort(), [ids.bare, ids.later].sort());
    assert.equal((await reviewer.get('/api/dashboard/reports?linked=maybe')).status, 400);
  });

  it('when statistics are read, then the account reported more than once is counted, as <5', async () => {
    const res = await reviewer.get<{ repeatAccounts: number | string }>('/api/dashboard/stats');
    assert.equal(res.status, 200);
    assert.equal(res.body.repeatAccounts, '<5');
    const stats = await server.dashboard!.services.stats.compute();
    assert.equal(stats.repeatAccounts, 1);
    const csv = await reviewer.get('/api/dashboard/stats.csv');
    assert.match(csv.text, /\r\nrepeatAccounts,accounts,<5\r\n/);
  });

  it('when every collection of the database is read, then the handle is nowhere in clear and nothing was logged of it', async () => {
    const docs = await dumpDatabase(server);
    assert.ok(docs.some((d) => d.collection === 'accountlinks'), 'the links are stored');
    const found = docs.filter((d) => HANDLE.test(d.json)).map((d) => d.collection);
    assert.deepEqual(found, []);
    assert.ok(!server.logs.lines.some((l) => HANDLE.test(l)), 'logged');
  });

  it('when a linked report is erased by retention, then it leaves the links, and a report left alone with the account is no longer linked', async () => {
    for (const name of ['bare', 'later']) {
      assert.equal((await reviewer.post(`/api/dashboard/reports/${name === 'bare' ? ids.bare : ids.later}/status`, { to: 'closed', reason: 'isto', resolution: 'duplicate' })).status, 200);
    }
    await reportModel(server.conn).updateMany({ _id: { $in: [ids.bare, ids.later] } }, { $set: { 'retention.closedAt': new Date(Date.now() - 200 * 86_400_000) } });
    const purged = await server.reports.purger.run();
    assert.equal(purged.purged, 2);
    const at = await reviewer.get<LinkedView>(`/api/dashboard/reports/${ids.at}`);
    assert.deepEqual(at.body.linked.reports.map((r) => r.id), [ids.link]);
    const gone = await reviewer.get<LinkedView>(`/api/dashboard/reports/${ids.bare}`);
    assert.equal(gone.body.linked.count, 0);
    const linked = await reviewer.get<{ items: Array<{ id: string }> }>('/api/dashboard/reports?linked=true&status=all');
    assert.deepEqual(linked.body.items.map((i) => i.id).sort(), [ids.at, ids.link].sort());
    // One more erased: the last one is alone with the account, so nothing is linked any more.
    assert.equal((await reviewer.post(`/api/dashboard/reports/${ids.link}/status`, { to: 'closed', reason: 'isto', resolution: 'duplicate' })).status, 200);
    await reportModel(server.conn).updateOne({ _id: ids.link }, { $set: { 'retention.closedAt': new Date(Date.now() - 200 * 86_400_000) } });
    await server.reports.purger.run();
    const none = await reviewer.get<{ items: unknown[] }>('/api/dashboard/reports?linked=true&status=all');
    assert.deepEqual(none.body.items, []);
    const links = await server.conn.db!.collection('accountlinks').find({}).toArray();
    assert.ok(links.every((l) => (l.reportIds as unknown[]).length === 1), JSON.stringify(links.map((l) => (l.reportIds as unknown[]).length)));
  });
});
