import assert from 'node:assert/strict';
import { CareCounterRepository } from '../../models/careCounter';
import { ConfigError, loadSection, type DashboardConfig } from '../../core/config';
import type { FieldCipher } from '../../services/crypto/fieldCipher';
import { ReviewerCare } from '../../services/dashboard/reviewerCare';
import type { TestServer } from '../support/server';
import { createStaff, DashboardClient, PASSWORD, startDashboardServer } from './dashboardClient';
import { directStaffMessage, insertReport, insertReporterMessage, testCipher } from './reportFixtures';

const loadDashboardConfig = (env: NodeJS.ProcessEnv): DashboardConfig => loadSection('dashboard', env);

interface View {
  category: string;
  narrative: string | null;
  distressing: boolean;
  textHidden: boolean;
  messages: Array<{ from: string; text: string }>;
}
interface Care {
  day: string;
  today: number;
  week: number;
  pauseAfter: number;
  suggestPause: boolean;
  categories: string[];
  team?: { today: number; week: number };
}

const STORY = 'Odrasli mi šalje slike i traži moje.';
const REPLY = 'Opet mi je pisao sinoć.';

describe('care for reviewers over the API: collapsed text, counts per person and day, team sums', function () {
  this.timeout(60_000);
  let server: TestServer;
  let cipher: FieldCipher;
  let ana: DashboardClient;
  let boris: DashboardClient;
  let admin: DashboardClient;
  let clock: Date;
  const care = (c: DashboardClient) => c.get<Care>('/api/dashboard/care').then((r) => r.body);

  before(async () => {
    server = await startDashboardServer('care', { DASHBOARD_CARE_PAUSE_AFTER: '3' });
    cipher = testCipher();
    server.dashboard!.attachReports({ cipher, postStaffMessage: directStaffMessage(server.conn, cipher) });
    // The server's own care service, on a clock the test moves.
    clock = new Date('2026-03-18T10:00:00Z');
    const services = server.dashboard!.services;
    services.care = new ReviewerCare(new CareCounterRepository(server.conn), services.config.care, () => clock);
    await createStaff(server, [{ email: 'ana@example.org', role: 'reviewer' }, { email: 'boris@example.org', role: 'reviewer' }, { email: 'admin@example.org', role: 'admin' }]);
    ana = new DashboardClient(server.url);
    boris = new DashboardClient(server.url);
    admin = new DashboardClient(server.url);
    for (const [c, email] of [[ana, 'ana'], [boris, 'boris'], [admin, 'admin']] as const) assert.equal((await c.login(`${email}@example.org`, PASSWORD)).status, 200);
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('when a reviewer opens a CSAM report, then its narrative and the reporter\'s replies are not in the answer until she asks, and the opening counts once', async () => {
    const r = await insertReport(server.conn, cipher, { category: 'csam', urgency: 'high', narrative: STORY });
    await insertReporterMessage(server.conn, cipher, r.id, REPLY);
    await server.dashboard!.services.reports!.postStaffMessage(r.id, 'staff', 'Hvala, pogledaćemo.');
    const before = (await care(ana)).today;

    const closed = await ana.get<View>(`/api/dashboard/reports/${r.id}`);
    assert.equal(closed.status, 200);
    assert.equal(closed.body.distressing, true);
    assert.equal(closed.body.textHidden, true);
    assert.equal(closed.body.narrative, null);
    assert.ok(!closed.text.includes(STORY) && !closed.text.includes(REPLY), 'nothing of the text is sent');
    assert.deepEqual(closed.body.messages.map((m) => [m.from, m.text]), [['reporter', ''], ['staff', 'Hvala, pogledaćemo.']]);
    assert.equal((await care(ana)).today, before + 1);
    const unread = async () => (await ana.get<{ items: Array<{ id: string; unreadByStaff: number }> }>('/api/dashboard/reports')).body.items.find((i) => i.id === r.id)!.unreadByStaff;
    assert.equal(await unread(), 1, 'a reply whose text is held back is not read yet');

    const open = await ana.get<View>(`/api/dashboard/reports/${r.id}?show=text`);
    assert.equal(open.body.textHidden, false);
    assert.equal(open.body.narrative, STORY);
    assert.equal(open.body.messages[0]!.text, REPLY);
    assert.equal(await unread(), 0);
    // Opening it again (back from the queue, after an action) is the same report today.
    await ana.get(`/api/dashboard/reports/${r.id}`);
    assert.equal((await care(ana)).today, before + 1);
    assert.equal((await ana.get(`/api/dashboard/reports/${r.id}?show=everything`)).status, 400);

    const audit = await server.conn.collection('auditevents').find({ action: 'report.read', targetId: r.id }).toArray();
    assert.deepEqual(audit.map((e) => (e.details as { text?: string } | undefined)?.text), ['hidden', 'shown', 'hidden']);
    assert.ok(!JSON.stringify(audit).includes('šalje'), 'no content in the audit');
    const counters = JSON.stringify(await server.conn.collection('carecounters').find({}).toArray());
    assert.ok(!counters.includes('šalje') && !counters.includes(r.id), 'neither content nor the report id in the counters');
    assert.ok(!server.logs.lines.some((l) => l.includes('šalje') || l.includes('sinoć')), 'no text in the logs');
  });

  it('when a report of another category is opened, then its text is shown at once and nothing is counted', async () => {
    const r = await insertReport(server.conn, cipher, { category: 'cyberbullying', narrative: 'Pišu mi ružne stvari u grupi.' });
    const before = (await care(ana)).today;
    const view = await ana.get<View>(`/api/dashboard/reports/${r.id}`);
    assert.deepEqual([view.body.distressing, view.body.textHidden, view.body.narrative], [false, false, 'Pišu mi ružne stvari u grupi.']);
    assert.equal((await care(ana)).today, before);
  });

  it('when only the open report\'s background poll reads a distressing report, then it is not an opening', async () => {
    const r = await insertReport(server.conn, cipher, { category: 'sextortion' });
    const before = (await care(boris)).today;
    const polled = await boris.request('GET', `/api/dashboard/reports/${r.id}`, undefined, { headers: { 'x-bezbedno-background': '1' } });
    assert.equal(polled.status, 200);
    assert.equal((await care(boris)).today, before);
  });

  it('when a reviewer opened the configured number today, then the pause is suggested; at Belgrade midnight her day starts again, the week does not', async () => {
    const start = await care(ana);
    for (let i = start.today; i < 3; i++) await ana.get(`/api/dashboard/reports/${(await insertReport(server.conn, cipher, { category: 'grooming' })).id}`);
    const reached = await care(ana);
    assert.deepEqual([reached.today, reached.pauseAfter, reached.suggestPause], [3, 3, true]);
    clock = new Date('2026-03-18T23:00:00Z'); // 00:00 on Thursday in Belgrade
    const next = await care(ana);
    assert.deepEqual([next.day, next.today, next.week, next.suggestPause], ['2026-03-19', 0, 3, false]);
  });

  it('when the administrator asks, then she sees the team\'s sums and her own count, never a colleague\'s; a reviewer sees no team figures', async () => {
    clock = new Date('2026-03-18T12:00:00Z');
    await boris.get(`/api/dashboard/reports/${(await insertReport(server.conn, cipher, { category: 'nudes' })).id}`);
    const a = await care(admin);
    assert.deepEqual(a.team, { today: (await care(ana)).today + (await care(boris)).today, week: (await care(ana)).week + (await care(boris)).week });
    assert.equal(a.today, 0);
    assert.equal((await care(ana)).team, undefined);
    assert.deepEqual(a.categories, ['csam', 'sextortion', 'nudes', 'grooming']);
  });

  it('when the care variables are wrong, then start-up names them; "none" and a list are accepted', () => {
    const base = { DASHBOARD_ARGON_MEMORY_KIB: '1024' };
    assert.deepEqual(loadDashboardConfig(base).care, { categories: ['csam', 'sextortion', 'nudes', 'grooming'], pauseAfter: 10 });
    assert.deepEqual(loadDashboardConfig({ ...base, DASHBOARD_CARE_CATEGORIES: ' CSAM, sextortion ,csam', DASHBOARD_CARE_PAUSE_AFTER: '5' }).care, { categories: ['csam', 'sextortion'], pauseAfter: 5 });
    assert.deepEqual(loadDashboardConfig({ ...base, DASHBOARD_CARE_CATEGORIES: 'none' }).care.categories, []);
    for (const [name, value] of [['DASHBOARD_CARE_CATEGORIES', 'csam,rape'], ['DASHBOARD_CARE_CATEGORIES', 'csam;nudes'], ['DASHBOARD_CARE_PAUSE_AFTER', '0'], ['DASHBOARD_CARE_PAUSE_AFTER', 'ten']] as const) {
      assert.throws(() => loadDashboardConfig({ ...base, [name]: value }), (err: unknown) => err instanceof ConfigError && err.message.includes(name), `${name}=${value}`);
    }
  });
});
