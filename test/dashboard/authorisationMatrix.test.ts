import assert from 'node:assert/strict';
import type { TestServer } from '../support/server';
import { createStaff, DashboardClient, PASSWORD, startDashboardServer } from './dashboardClient';
import { directStaffMessage, insertReport, testCipher } from './reportFixtures';

type Who = 'anonymous' | 'admin' | 'reviewer' | 'authority';
type Expect = 'ok' | 401 | 403;

/**
 * The authorisation matrix, written out by hand (not derived from the route
 * table it checks): each endpoint × each role. `ok` means the call got past
 * authentication and authorisation (any status other than 401/403).
 */
const MATRIX: Array<{ method: string; path: string; body?: unknown; expect: Record<Who, Expect> }> = [
  { method: 'GET', path: '/api/dashboard/reports', expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 'ok' } },
  { method: 'GET', path: '/api/dashboard/alerts', expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 'ok' } },
  { method: 'GET', path: '/api/dashboard/reports/:rid', expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 'ok' } },
  { method: 'GET', path: '/api/dashboard/reports/:rid/evidence', expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 'ok' } },
  { method: 'POST', path: '/api/dashboard/reports/:rid/status', body: { to: 'in_review', reason: 'matrix' }, expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 403 } },
  { method: 'POST', path: '/api/dashboard/reports/:rid/notes', body: { text: 'matrix note' }, expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 403 } },
  { method: 'POST', path: '/api/dashboard/reports/:rid/messages', body: { text: 'matrix message' }, expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 403 } },
  { method: 'POST', path: '/api/dashboard/reports/:rid/acknowledge', body: { state: 'received' }, expect: { anonymous: 401, admin: 403, reviewer: 403, authority: 'ok' } },
  { method: 'GET', path: '/api/dashboard/stats', expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 403 } },
  { method: 'GET', path: '/api/dashboard/stats.csv', expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 403 } },
  { method: 'GET', path: '/api/dashboard/users', expect: { anonymous: 401, admin: 'ok', reviewer: 403, authority: 403 } },
  { method: 'POST', path: '/api/dashboard/users', body: { email: 'new-:who@example.org', displayName: 'N', role: 'reviewer', password: 'a long enough password' }, expect: { anonymous: 401, admin: 'ok', reviewer: 403, authority: 403 } },
  { method: 'PATCH', path: '/api/dashboard/users/:uid', body: { locale: 'en' }, expect: { anonymous: 401, admin: 'ok', reviewer: 403, authority: 403 } },
  { method: 'POST', path: '/api/dashboard/users/:uid/password', body: { password: 'another long password' }, expect: { anonymous: 401, admin: 'ok', reviewer: 403, authority: 403 } },
  { method: 'GET', path: '/api/dashboard/audit', expect: { anonymous: 401, admin: 'ok', reviewer: 403, authority: 403 } },
  { method: 'GET', path: '/api/dashboard/audit/verify', expect: { anonymous: 401, admin: 'ok', reviewer: 403, authority: 403 } },
  { method: 'GET', path: '/api/dashboard/authorities', expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 403 } },
  { method: 'PUT', path: '/api/dashboard/authorities/nccos', body: { authority: { id: 'nccos' } }, expect: { anonymous: 401, admin: 'ok', reviewer: 403, authority: 403 } },
  { method: 'GET', path: '/api/dashboard/routing-rules', expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 403 } },
  { method: 'PUT', path: '/api/dashboard/routing-rules/r1', body: { rule: { id: 'r1' } }, expect: { anonymous: 401, admin: 'ok', reviewer: 403, authority: 403 } },
  { method: 'POST', path: '/api/dashboard/routing/preview', body: { situation: { category: 'csam', immediateDanger: false, victimAge: 'unknown', reporterRole: 'other' } }, expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 403 } },
  { method: 'POST', path: '/api/dashboard/auth/totp/setup', expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 'ok' } },
  { method: 'POST', path: '/api/dashboard/auth/totp/confirm', body: { code: '000000' }, expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 'ok' } },
  { method: 'POST', path: '/api/dashboard/auth/totp/disable', body: { password: 'wrong' }, expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 'ok' } },
  { method: 'POST', path: '/api/dashboard/auth/password', body: { currentPassword: 'wrong', newPassword: 'a long enough password' }, expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 'ok' } },
  { method: 'POST', path: '/api/dashboard/auth/logout', expect: { anonymous: 401, admin: 'ok', reviewer: 'ok', authority: 'ok' } },
  { method: 'GET', path: '/api/dashboard/session', expect: { anonymous: 'ok', admin: 'ok', reviewer: 'ok', authority: 'ok' } },
  { method: 'GET', path: '/api/dashboard/i18n/en', expect: { anonymous: 'ok', admin: 'ok', reviewer: 'ok', authority: 'ok' } },
  { method: 'GET', path: '/api/docs/openapi.json', expect: { anonymous: 'ok', admin: 'ok', reviewer: 'ok', authority: 'ok' } },
  { method: 'GET', path: '/api/dashboard/onduty', expect: { anonymous: 401, admin: 'ok', reviewer: 403, authority: 403 } },
  { method: 'PUT', path: '/api/dashboard/onduty', expect: { anonymous: 401, admin: 'ok', reviewer: 403, authority: 403 } },
];

describe('dashboard authorisation matrix (each role × each endpoint) and the OpenAPI document', () => {
  let server: TestServer;
  let reportId: string;
  let targetUserId: string;

  before(async () => {
    server = await startDashboardServer('dashmatrix');
    const cipher = testCipher();
    server.dashboard!.attachReports({ cipher, postStaffMessage: directStaffMessage(server.conn, cipher) });
    const ids = await createStaff(server, [
      { email: 'admin@example.org', role: 'admin' },
      { email: 'rev@example.org', role: 'reviewer' },
      { email: 'police@example.org', role: 'authority', authorityId: 'police-vtk' },
      { email: 'target@example.org', role: 'reviewer' },
    ]);
    targetUserId = ids['target@example.org']!;
    reportId = (await insertReport(server.conn, cipher, { routing: ['police-vtk', 'nccos'], urgency: 'high', category: 'grooming' })).id;
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  const client = async (who: Who): Promise<DashboardClient> => {
    const c = new DashboardClient(server.url);
    if (who === 'anonymous') {
      c.csrf = (await c.get<{ csrfToken: string }>('/api/dashboard/session')).body.csrfToken;
      return c;
    }
    const email = { admin: 'admin@example.org', reviewer: 'rev@example.org', authority: 'police@example.org' }[who];
    assert.equal((await c.login(email, PASSWORD)).status, 200);
    return c;
  };

  for (const who of ['anonymous', 'admin', 'reviewer', 'authority'] as const) {
    it(`when ${who} calls each endpoint, then access is granted or refused as the matrix says`, async () => {
      const failures: string[] = [];
      for (const row of MATRIX) {
        // A fresh session per call: logout and password change end it.
        const c = await client(who);
        const path = row.path.replace(':rid', reportId).replace(':uid', targetUserId);
        const body = row.body === undefined ? (row.method === 'GET' ? undefined : {}) : JSON.parse(JSON.stringify(row.body).replace(':who', who));
        const res = await c.request(row.method, path, body);
        const got = res.status === 401 || res.status === 403 ? res.status : 'ok';
        if (got !== row.expect[who]) failures.push(`${row.method} ${row.path}: expected ${row.expect[who]}, got ${res.status} ${res.text.slice(0, 80)}`);
      }
      assert.deepEqual(failures, []);
    });
  }

  it('when an authority asks for a report routed to another authority, then 403', async () => {
    const cipher = testCipher();
    const other = await insertReport(server.conn, cipher, { routing: ['prosecutor-vtk', 'nccos'] });
    const c = await client('authority');
    assert.equal((await c.get(`/api/dashboard/reports/${other.id}`)).status, 403);
  });

  it('when the OpenAPI document is fetched, then every mounted dashboard route is documented with its roles, and nothing else', async () => {
    const doc = (await (await fetch(`${server.url}/api/docs/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, { 'x-roles': string[]; parameters: Array<{ name: string; in: string }> }>> };
    assert.match(doc.openapi, /^3\./);
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    // The table the server mounted its routes from.
    const routes = server.dashboard!.routes;
    assert.ok(routes.length >= 25);
    const mounted = new Set<string>();
    for (const r of routes) mounted.add(`${r.method === 'del' ? 'DELETE' : r.method.toUpperCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    assert.deepEqual([...mounted].sort(), [...documented].sort());
    for (const row of MATRIX) {
      const key = `${row.method} ${row.path.replace(':rid', '{id}').replace(':uid', '{id}').replace(/\/(nccos|r1)$/, '/{id}').replace(/\/en$/, '/{locale}')}`;
      assert.ok(documented.has(key), `the matrix row ${key} is documented`);
    }
    const status = doc.paths['/api/dashboard/reports/{id}/status']!.post!;
    assert.deepEqual(status['x-roles'], ['admin', 'reviewer']);
    assert.ok(status.parameters.some((p) => p.name === 'X-CSRF-Token' && p.in === 'header'));
  });
});
