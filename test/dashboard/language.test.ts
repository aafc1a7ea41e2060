import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { auditEventModel } from '../../models/auditEvent';
import { reportModel } from '../../models/report';
import { createLogger } from '../../core/logger';
import { DASHBOARD_ERROR_CODES } from '../../services/auth/staffErrors';
import { SessionService } from '../../services/auth/sessionService';
import { StaffSessionRepository } from '../../models/staffSessionRepository';
import { buildCatalog } from '../../services/i18n/catalog';
import { LOCALES } from '../../services/i18n/locales';
import { dropTestDb, openTestDb } from '../support/db';
import { isCyrillicText } from '../support/scripts';
import type { TestServer } from '../support/server';
import { LogCapture } from '../support/server';
import { createStaff, DashboardClient, PASSWORD, startDashboardServer } from './dashboardClient';
import { insertReport, testCipher } from './reportFixtures';
import { reportsPipeline } from './reportsPipeline';

interface RoutingView { id: string; name: string; reason: string; reasons: Array<{ key?: string; text: string }>; original?: string }
interface ReportBody { routing: RoutingView[]; municipalityName?: string; platformNames: string[]; messages: Array<{ text: string }> }

const catalog = buildCatalog();

/** A POST with a raw body (DashboardClient always sends valid JSON). */
async function rawPost(client: DashboardClient, path: string, body: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${client.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': client.csrf, cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    body,
  });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

describe('dashboard API in the reader\'s language: names, reasons, error codes, polling', function () {
  this.timeout(60_000);
  let server: TestServer;
  let pipeline: Awaited<ReturnType<typeof reportsPipeline>>;
  let reviewer: DashboardClient;
  let police: DashboardClient;
  let admin: DashboardClient;
  let sextortion: { id: string; caseCode: string; passphrase: string };
  let legacy: { id: string; caseCode: string };

  before(async () => {
    server = await startDashboardServer('dashlang');
    const cipher = testCipher();
    pipeline = await reportsPipeline(server.conn, cipher, createLogger('info', new LogCapture()));
    server.dashboard!.attachReports({ cipher, postStaffMessage: async (reportId, staffId, text) => (await pipeline.followUp.postStaffMessage(reportId, staffId, text)).messageId });
    await createStaff(server, [
      { email: 'rev@example.org', role: 'reviewer' },
      { email: 'admin@example.org', role: 'admin' },
      { email: 'police@example.org', role: 'authority', authorityId: 'police-vtk' },
    ]);
    const sub = await pipeline.submitter.submit({
      submissionId: randomUUID(), locale: 'sr-Latn', reporterRole: 'pupil', victimAge: '14-17', category: 'sextortion',
      platforms: ['instagram', 'snapchat'], ongoing: true, municipality: 'nis', immediateDanger: false, deadlineRunning: true,
      narrative: 'Neko sa Instagrama traži novac i preti da će objaviti moje slike do petka.',
    });
    const stored = await reportModel(server.conn).findOne({ caseCode: sub.caseCode }).lean();
    sextortion = { id: stored!._id.toHexString(), caseCode: sub.caseCode, passphrase: sub.passphrase! };
    // A report stored before reasons were keys: English text only, one of them an administrator's own.
    legacy = await insertReport(server.conn, cipher, { category: 'sextortion', routing: ['police-vtk', 'nccos'] });
    await reportModel(server.conn).updateOne({ _id: new Types.ObjectId(legacy.id) }, { $set: { routing: [
      { authorityId: 'police-vtk', reason: 'Sextortion is a criminal offence; the police secure the evidence and trace the offender.' },
      { authorityId: 'nccos', reason: 'Escalated by the night shift.' },
    ] } });
    reviewer = new DashboardClient(server.url);
    assert.equal((await reviewer.login('rev@example.org', PASSWORD)).status, 200);
    admin = new DashboardClient(server.url);
    assert.equal((await admin.login('admin@example.org', PASSWORD)).status, 200);
    police = new DashboardClient(server.url);
    assert.equal((await police.login('police@example.org', PASSWORD)).status, 200);
  });
  after(async () => {
    pipeline?.cleanup();
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  const view = (client: DashboardClient, id: string, locale: string, headers: Record<string, string> = {}) =>
    // `show=text`: these reports' text is read (a sextortion report's is collapsed until asked; test/dashboard/care.test.ts).
    client.request<ReportBody>('GET', `/api/dashboard/reports/${id}?show=text`, undefined, { headers: { 'accept-language': locale, ...headers } });

  describe('names and reasons', () => {
    it('when a Serbian reviewer opens a report, then authorities, municipality, platforms and reasons are in Serbian, from keys', async () => {
      const res = await view(reviewer, sextortion.id, 'sr-Latn');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('vary'), 'Accept-Language');
      assert.equal(res.body.municipalityName, 'Niš');
      assert.deepEqual(res.body.platformNames, ['Instagram', 'Snapchat']);
      const byId = Object.fromEntries(res.body.routing.map((r) => [r.id, r]));
      assert.deepEqual(Object.keys(byId), ['police-vtk', 'prosecutor-vtk', 'csw-nis', 'cvpu-nis', 'nccos']);
      assert.equal(byId['police-vtk']!.name, 'MUP, Služba za borbu protiv visokotehnološkog kriminala');
      assert.deepEqual(byId['police-vtk']!.reasons.map((r) => r.key), ['routing.reason.sextortion.police']);
      assert.equal(byId['police-vtk']!.reason, catalog['sr-Latn']['routing.reason.sextortion.police']);
      assert.equal(byId['csw-nis']!.reason, 'Centar za socijalni rad Niš pruža podršku i zaštitu detetu žrtvi.');
      assert.match(byId['cvpu-nis']!.reason, /\(Nišavski okrug\)/);
      for (const r of res.body.routing) assert.equal(r.original, undefined);
    });

    it('when the same report is read in Cyrillic and in English, then each reads its own script and language', async () => {
      const cyr = await view(reviewer, sextortion.id, 'sr-Cyrl');
      assert.equal(cyr.body.municipalityName, 'Ниш');
      for (const r of cyr.body.routing) {
        assert.ok(isCyrillicText(r.name), r.name);
        assert.ok(isCyrillicText(r.reason), r.reason);
      }
      assert.deepEqual(cyr.body.platformNames, ['Instagram', 'Snapchat'], 'brand names stay as they are written');
      const en = await view(reviewer, sextortion.id, 'en-GB,en;q=0.8');
      assert.equal(en.body.routing[0]!.name, 'Ministry of Interior, Service for Combating High-Tech Crime');
      assert.equal(en.body.routing[0]!.reason, 'Sextortion is a criminal offence; the police secure the evidence and trace the offender.');
    });

    it('when a report stored English reasons before keys existed, then known sentences show in Serbian and an unknown one as the original, marked', async () => {
      const res = await view(reviewer, legacy.id, 'sr-Latn');
      const [police, nccos] = res.body.routing;
      assert.equal(police!.reason, catalog['sr-Latn']['routing.reason.sextortion.police']);
      assert.equal(police!.original, undefined);
      assert.equal(nccos!.name, 'Nacionalni kontakt centar za bezbednost dece na internetu');
      assert.equal(nccos!.reason, 'Escalated by the night shift.');
      assert.equal(nccos!.original, 'en');
    });

    it('when the queue, statistics and registry are read in Serbian, then ids come with names', async () => {
      const queue = await reviewer.request<{ items: Array<{ id: string; authorities: string[]; authorityNames: string[] }> }>('GET', '/api/dashboard/reports', undefined, { headers: { 'accept-language': 'sr-Latn' } });
      const row = queue.body.items.find((i) => i.id === sextortion.id)!;
      assert.deepEqual(row.authorities, ['police-vtk', 'prosecutor-vtk', 'csw-nis', 'cvpu-nis', 'nccos']);
      assert.equal(row.authorityNames[2], 'Centar za socijalni rad Niš');
      const stats = await reviewer.request<Record<string, Array<{ key: string; label?: string }>>>('GET', '/api/dashboard/stats', undefined, { headers: { 'accept-language': 'sr-Cyrl' } });
      assert.equal(stats.body.byRegion!.find((r) => r.key === 'Nišavski')?.label, 'Нишавски');
      assert.equal(stats.body.byPlatform!.find((r) => r.key === 'snapchat')?.label, 'Snapchat');
      assert.equal(stats.body.byAuthority!.find((r) => r.key === 'csw-nis')?.label, 'Центар за социјални рад Ниш');
      const rules = await reviewer.request<{ items: Array<{ id: string; display: { description: { text: string }; targets: Array<{ to: string; reason: string }> } }> }>('GET', '/api/dashboard/routing-rules', undefined, { headers: { 'accept-language': 'sr-Latn' } });
      const rule = rules.body.items.find((r) => r.id === 'sextortion')!;
      assert.equal(rule.display.description.text, catalog['sr-Latn']['routing.rule.sextortion']);
      assert.equal(rule.display.targets[2]!.to, 'Nadležni centar za socijalni rad');
      assert.match(rule.display.targets[2]!.reason, /^Nadležni centar za socijalni rad pruža podršku/);
    });
  });

  describe('error codes', () => {
    it('when any error code can be answered, then every locale has its own message for it', () => {
      for (const code of DASHBOARD_ERROR_CODES) {
        for (const locale of LOCALES) assert.ok(catalog[locale][`dashboard.error.${code}`], `${locale} lacks dashboard.error.${code}`);
        assert.notEqual(catalog['sr-Latn'][`dashboard.error.${code}`], catalog.en[`dashboard.error.${code}`], `${code} is not translated`);
      }
    });

    it('when requests fail in every way the dashboard meets, then each answers a listed code, never InternalError', async () => {
      const anonymous = new DashboardClient(server.url);
      const report = `/api/dashboard/reports/${sextortion.id}`;
      const cases: Array<[string, () => Promise<{ status: number; body: unknown }>, number, string]> = [
        ['no session', () => anonymous.get('/api/dashboard/reports'), 401, 'Unauthenticated'],
        ['no CSRF token', () => reviewer.post(`${report}/notes`, { text: 'x' }, { csrf: null }), 403, 'CsrfTokenInvalid'],
        ['a reviewer opens the accounts', () => reviewer.get('/api/dashboard/users'), 403, 'Forbidden'],
        ['the police open a report not routed to them', () => police.get(`/api/dashboard/reports/${new Types.ObjectId().toHexString()}`), 404, 'NotFound'],
        ['a bad filter', () => reviewer.get('/api/dashboard/reports?urgency=soon'), 400, 'ValidationError'],
        ['a bad cursor', () => reviewer.get('/api/dashboard/reports?cursor=abc'), 400, 'BadRequest'],
        ['new → forwarded directly', () => reviewer.post(`${report}/status`, { to: 'forwarded', reason: 'probno', forward: { authorityId: 'police-vtk', channel: 'phone' } }), 409, 'InvalidTransition'],
        ['a stale status', () => reviewer.post(`${report}/status`, { to: 'in_review', reason: 'probno', expectedStatus: 'closed' }), 409, 'StatusChanged'],
        ['an unknown authority', () => reviewer.post(`${report}/status`, { to: 'in_review', reason: 'probno' }).then(() => reviewer.post(`${report}/status`, { to: 'forwarded', reason: 'probno', forward: { authorityId: 'nema-ga', channel: 'phone' } })), 400, 'UnknownAuthority'],
        ['a rule with an unknown reason key', () => admin.request('PUT', '/api/dashboard/routing-rules/probno', { rule: { id: 'probno', order: 5, when: {}, add: [{ authority: 'nccos', reason: { key: 'routing.reason.nema' } }] } }), 400, 'ValidationError'],
        ['an edit on an old version', () => admin.request('PUT', '/api/dashboard/routing-rules/other', { expectedVersion: 999, rule: { id: 'other', order: 110, when: { category: 'other' }, add: [] } }), 409, 'VersionConflict'],
        ['a body that is not JSON', () => rawPost(reviewer, `${report}/notes`, '{"text":'), 400, 'BadRequest'],
        ['an unknown path', () => reviewer.get('/api/dashboard/nema'), 404, 'NotFound'],
      ];
      for (const [what, call, status, code] of cases) {
        const res = await call();
        assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
        const body = res.body as { code?: string };
        assert.equal(body.code, code, what);
        assert.ok((DASHBOARD_ERROR_CODES as readonly string[]).includes(code), `${code} is listed`);
      }
    });

    it('when a message goes to a report whose content was erased, then 410 ReportErased, not an internal error', async () => {
      const gone = await pipeline.submitter.submit({
        submissionId: randomUUID(), locale: 'sr-Latn', reporterRole: 'parent', victimAge: '14-17', category: 'other', platforms: [], ongoing: false, immediateDanger: false,
        narrative: 'Nešto čudno se dešava na mreži.',
      });
      const doc = await reportModel(server.conn).findOne({ caseCode: gone.caseCode }).lean();
      await reportModel(server.conn).updateOne({ _id: doc!._id }, { $set: { 'retention.purgedAt': new Date() } });
      const res = await reviewer.post(`/api/dashboard/reports/${doc!._id.toHexString()}/messages`, { text: 'Da li ste tu?' });
      assert.equal(res.status, 410);
      assert.equal((res.body as { code: string }).code, 'ReportErased');
    });
  });

  describe('polling with ETags and the unread marker', () => {
    const reporterWrites = async (text: string) => {
      const v = await pipeline.followUp.verify(sextortion.caseCode, sextortion.passphrase);
      assert.ok(v.ok);
      await pipeline.followUp.postReporterMessage(v.token, text);
    };
    const reads = () => auditEventModel(server.conn).countDocuments({ action: 'report.read', targetId: sextortion.id });

    it('when an open report has not changed, then If-None-Match gets 304 with no body and no audit entry; a reporter reply gives 200 and a new ETag', async () => {
      const first = await view(reviewer, sextortion.id, 'sr-Latn');
      const etag = first.headers.get('etag')!;
      assert.match(etag, /^".+"$/);
      const auditedBefore = await reads();
      const same = await view(reviewer, sextortion.id, 'sr-Latn', { 'if-none-match': etag, 'x-bezbedno-background': '1' });
      assert.equal(same.status, 304);
      assert.equal(same.text, '');
      assert.equal(await reads(), auditedBefore, 'a 304 reads nothing new: not audited');
      const otherScript = await view(reviewer, sextortion.id, 'sr-Cyrl', { 'if-none-match': etag });
      assert.equal(otherScript.status, 200, 'the copy in another script is another representation');

      await reporterWrites('Opet mi je pisao danas.');
      const changed = await view(reviewer, sextortion.id, 'sr-Latn', { 'if-none-match': etag });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
      assert.ok(changed.body.messages.some((m) => m.text === 'Opet mi je pisao danas.'));
      assert.equal(await reads(), auditedBefore + 2);
    });

    it('when the reporter replies, then the queue row counts it until someone in the contact centre opens the report — not when an authority does', async () => {
      const row = async () => (await reviewer.get<{ items: Array<{ id: string; unreadByStaff: number }> }>('/api/dashboard/reports?status=all')).body.items.find((i) => i.id === sextortion.id)!;
      const queue = await reviewer.get('/api/dashboard/reports?status=all');
      const etag = queue.headers.get('etag')!;
      await reporterWrites('Jeste li dobili moju poruku?');
      assert.equal((await row()).unreadByStaff, 1);
      const polled = await reviewer.request('GET', '/api/dashboard/reports?status=all', undefined, { headers: { 'if-none-match': etag } });
      assert.equal(polled.status, 200, 'the queue\'s ETag changes with the unread count');
      const policeRow = (await police.get<{ items: Array<{ id: string; unreadByStaff: number }> }>('/api/dashboard/reports?status=all')).body.items.find((i) => i.id === sextortion.id);
      assert.equal(policeRow?.unreadByStaff, 0, 'an authority, who cannot read the thread, is not told the reporter wrote');
      assert.equal((await police.get(`/api/dashboard/reports/${sextortion.id}`)).status, 200);
      assert.equal((await row()).unreadByStaff, 1, 'an authority cannot read the thread, so it does not clear the marker');
      await view(reviewer, sextortion.id, 'sr-Latn');
      assert.equal((await row()).unreadByStaff, 0);
      const stored = JSON.stringify(await reportModel(server.conn).findById(sextortion.id).lean());
      assert.doesNotMatch(stored, /Jeste li dobili/, 'the marker keeps no text');
    });
  });

  describe('a rule an administrator writes', () => {
    it('when an administrator gives a reason in both languages, then reviewers read it in theirs, Cyrillic derived', async () => {
      const rules = await admin.get<{ items: Array<{ id: string; version: number; order: number; when: object; add: object[] }> }>('/api/dashboard/routing-rules');
      const other = rules.body.items.find((r) => r.id === 'other')!;
      const reason = { 'sr-Latn': 'Probno: kontakt centar proverava prijavu.', en: 'Trial: the contact centre checks the report.' };
      const saved = await admin.request('PUT', '/api/dashboard/routing-rules/other', { expectedVersion: other.version, rule: { id: 'other', order: other.order, when: other.when, add: [{ authority: 'nccos', reason }] } });
      assert.equal(saved.status, 200, saved.text);
      const preview = await reviewer.request<{ authorities: Array<{ id: string; reason: string; display: RoutingView }> }>('POST', '/api/dashboard/routing/preview',
        { situation: { category: 'other', immediateDanger: false, victimAge: '18+', reporterRole: 'other' } }, { headers: { 'accept-language': 'sr-Cyrl' } });
      const nccos = preview.body.authorities.find((a) => a.id === 'nccos')!;
      assert.match(nccos.display.reason, /^Пробно: контакт центар проверава пријаву\./);
      assert.match(nccos.reason, /^Trial: the contact centre checks the report\./, 'the English text stays for tools');
      const registry = await reviewer.request<{ items: Array<{ id: string; display: { targets: Array<{ reason: string }> } }> }>('GET', '/api/dashboard/routing-rules', undefined, { headers: { 'accept-language': 'sr-Latn' } });
      assert.equal(registry.body.items.find((r) => r.id === 'other')!.display.targets[0]!.reason, reason['sr-Latn']);
    });
  });

  describe('background polls and the idle session', () => {
    it('when only background requests come, then the session is not kept alive; a request the reviewer makes is', async () => {
      const conn = await openTestDb('sessionpoll');
      try {
        let now = Date.parse('2026-03-01T10:00:00Z');
        const sessions = new SessionService(new StaffSessionRepository(conn), { idleMs: 30 * 60_000, absoluteMs: 10 * 3_600_000, now: () => now });
        await sessions.init();
        const { token } = await sessions.create({ id: 'a'.repeat(24), role: 'reviewer' });
        now += 20 * 60_000;
        assert.ok(await sessions.touch(token, { extend: false }));
        now += 15 * 60_000;
        assert.equal(await sessions.touch(token, { extend: false }), undefined, 'polls alone let the session expire after 30 idle minutes');
        const second = await sessions.create({ id: 'b'.repeat(24), role: 'reviewer' });
        now += 20 * 60_000;
        assert.ok(await sessions.touch(second.token));
        now += 15 * 60_000;
        assert.ok(await sessions.touch(second.token), 'a real request moved the idle expiry');
      } finally {
        await dropTestDb(conn);
      }
    });
  });
});
