import assert from 'node:assert/strict';
import { totpCode } from '../../services/auth/totp';
import type { TestServer } from '../support/server';
import { createStaff, DashboardClient, PASSWORD, startDashboardServer } from './dashboardClient';

describe('dashboard authentication: sessions, CSRF, lockout, TOTP', () => {
  let server: TestServer;

  before(async () => {
    server = await startDashboardServer('dashauth');
    await createStaff(server, [
      { email: 'admin@example.org', role: 'admin' },
      { email: 'rev@example.org', role: 'reviewer' },
      { email: 'lock@example.org', role: 'reviewer' },
      { email: 'totp@example.org', role: 'reviewer' },
    ]);
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('when a reviewer signs in, then the session cookie is HttpOnly, SameSite=Strict, Path=/ and the password hash is argon2id', async () => {
    const pre = await fetch(`${server.url}/api/dashboard/session`);
    const csrfCookie = pre.headers.getSetCookie().find((c) => c.startsWith('bz_csrf='))!;
    const { csrfToken } = (await pre.json()) as { csrfToken: string };
    const res = await fetch(`${server.url}/api/dashboard/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: csrfCookie.split(';')[0]! },
      body: JSON.stringify({ email: 'rev@example.org', password: PASSWORD }),
    });
    assert.equal(res.status, 200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('bz_session='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\//);
    assert.doesNotMatch(cookie, /Secure/, 'not Secure without TLS configured');
    const stored = await server.conn.collection('staffusers').findOne({ email: 'rev@example.org' });
    assert.match(String(stored!.passwordHash), /^\$argon2id\$/);
    const token = decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!);
    const sessions = await server.conn.collection('staffsessions').find({}).toArray();
    assert.ok(sessions.length >= 1);
    assert.ok(sessions.every((s) => s._id !== (token as unknown)), 'the raw token is never stored');
  });

  it('when a state-changing request lacks the CSRF token or carries a wrong one, then it is refused with 403', async () => {
    const c = new DashboardClient(server.url);
    assert.equal((await c.login('admin@example.org', PASSWORD)).status, 200);
    const body = { email: 'x1@example.org', displayName: 'X', role: 'reviewer', password: 'another long password' };
    const missing = await c.post('/api/dashboard/users', body, { csrf: null });
    assert.equal(missing.status, 403);
    assert.equal(missing.body.code, 'CsrfTokenInvalid');
    const wrong = await c.post('/api/dashboard/users', body, { csrf: 'x'.repeat(43) });
    assert.equal(wrong.status, 403);
    assert.equal((await c.post('/api/dashboard/users', body)).status, 201);
  });

  it('when login is attempted without the pre-login CSRF token, then it is refused', async () => {
    const res = await fetch(`${server.url}/api/dashboard/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'rev@example.org', password: PASSWORD }),
    });
    assert.equal(res.status, 403);
  });

  it('when the password is wrong three times from three addresses, then the account is locked and even the right password is refused', async () => {
    for (let i = 0; i < 3; i++) {
      const attacker = new DashboardClient(server.url, { 'x-forwarded-for': `198.51.100.${i + 1}` });
      assert.equal((await attacker.login('lock@example.org', 'wrong password!!')).status, 401);
    }
    const c = new DashboardClient(server.url, { 'x-forwarded-for': '192.0.2.50' });
    const res = await c.login('lock@example.org', PASSWORD);
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'InvalidCredentials');
    const admin = new DashboardClient(server.url);
    await admin.login('admin@example.org', PASSWORD);
    const users = await admin.get<{ items: Array<{ id: string; email: string; locked: boolean }> }>('/api/dashboard/users');
    const locked = users.body.items.find((u) => u.email === 'lock@example.org')!;
    assert.equal(locked.locked, true);
    assert.equal((await admin.patch(`/api/dashboard/users/${locked.id}`, { unlock: true })).status, 200);
    assert.equal((await c.login('lock@example.org', PASSWORD)).status, 200);
  });

  it('when one client fails too often, then it is throttled with 429 whatever account it tries', async () => {
    const s2 = await startDashboardServer('dashthr', { DASHBOARD_CLIENT_MAX_FAILURES: '2' });
    try {
      await createStaff(s2, [{ email: 'a@example.org', role: 'reviewer' }]);
      const c = new DashboardClient(s2.url);
      await c.login('nobody@example.org', 'wrong password!!');
      await c.login('nobody2@example.org', 'wrong password!!');
      const res = await c.login('a@example.org', PASSWORD);
      assert.equal(res.status, 429);
      assert.ok(Number(res.headers.get('retry-after')) > 0);
    } finally {
      await s2.conn.dropDatabase().catch(() => undefined);
      await s2.stop();
    }
  });

  it('when a user enrols TOTP, then sign-in needs a current code and refuses a wrong or replayed one', async () => {
    const c = new DashboardClient(server.url);
    await c.login('totp@example.org', PASSWORD);
    const setup = await c.post<{ secret: string; otpauthUri: string }>('/api/dashboard/auth/totp/setup');
    assert.equal(setup.status, 200);
    const { secret } = setup.body;
    const stored = await server.conn.collection('staffusers').findOne({ email: 'totp@example.org' });
    assert.doesNotMatch(JSON.stringify(stored), new RegExp(secret), 'the secret is stored sealed');
    assert.equal((await c.post('/api/dashboard/auth/totp/confirm', { code: '000000' })).status, 400);
    assert.equal((await c.post('/api/dashboard/auth/totp/confirm', { code: totpCode(secret, Date.now()) })).status, 200);

    const d = new DashboardClient(server.url);
    const noCode = await d.login('totp@example.org', PASSWORD);
    assert.equal(noCode.status, 401);
    assert.equal(noCode.body.code, 'TotpRequired');
    // The confirm step consumed the current step; the next code is the one after.
    const next = totpCode(secret, Date.now() + 30_000);
    const ok = await d.login('totp@example.org', PASSWORD, next);
    assert.equal(ok.status, 200);
    const replay = await new DashboardClient(server.url).login('totp@example.org', PASSWORD, next);
    assert.equal(replay.status, 401);
  });

  it('when a user signs out, then the session no longer works', async () => {
    const c = new DashboardClient(server.url);
    await c.login('rev@example.org', PASSWORD);
    const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    assert.equal((await c.post('/api/dashboard/auth/logout')).status, 200);
    const res = await fetch(`${server.url}/api/dashboard/session`, { headers: { cookie } });
    assert.equal(((await res.json()) as { authenticated: boolean }).authenticated, false);
  });

  it('when a session is idle past its limit or past its absolute limit, then it is refused and swept', async () => {
    const sessions = server.dashboard!.services.sessions;
    const { token } = await sessions.create({ id: 'aaaaaaaaaaaaaaaaaaaaaaaa', role: 'reviewer' });
    assert.ok(await sessions.touch(token));
    await server.conn.collection('staffsessions').updateMany({ userId: 'aaaaaaaaaaaaaaaaaaaaaaaa' }, { $set: { idleExpiresAt: new Date(Date.now() - 1000) } });
    assert.equal(await sessions.touch(token), undefined);
    const second = await sessions.create({ id: 'bbbbbbbbbbbbbbbbbbbbbbbb', role: 'reviewer' });
    await server.conn.collection('staffsessions').updateMany({ userId: 'bbbbbbbbbbbbbbbbbbbbbbbb' }, { $set: { absoluteExpiresAt: new Date(Date.now() - 1000) } });
    assert.ok((await sessions.sweep()) >= 1);
    assert.equal(await sessions.touch(second.token), undefined);
  });

  it('when the server logs sign-ins, then no e-mail, password or cookie appears in the logs', () => {
    const all = server.logs.lines.join('\n');
    assert.doesNotMatch(all, /example\.org|correct horse|bz_session=/);
  });
});
