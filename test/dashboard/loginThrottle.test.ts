import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { RateCounterStore } from '../../models/rateCounter';
import { AuthService } from '../../services/auth/authService';
import { LoginThrottle } from '../../services/auth/loginThrottle';
import { PasswordHasher } from '../../services/auth/password';
import { StaffService } from '../../services/auth/staffService';
import { StaffUserRepository } from '../../models/staffUserRepository';
import { MissingKeySealer } from '../../services/auth/aesSecretSealer';
import { dropTestDb, openTestDb } from '../support/db';
import type { TestServer } from '../support/server';
import { createStaff, DashboardClient, PASSWORD, startDashboardServer } from './dashboardClient';

/** A client behind our one proxy: the proxy appended `address`; whatever came before is the client's own. */
function from(server: TestServer, address: string, spoofed?: string): DashboardClient {
  return new DashboardClient(server.url, { 'x-forwarded-for': spoofed ? `${spoofed}, ${address}` : address });
}

describe('sign-in throttling: trusted proxy hops, no reset by another account, no office-wide lockout', function () {
  this.timeout(60_000);
  let server: TestServer;

  before(async () => {
    // Address ceiling 6, pair limit 2, account lockout at 3 (from several addresses).
    server = await startDashboardServer('throttle', { DASHBOARD_CLIENT_MAX_FAILURES: '6' });
    await createStaff(server, [
      { email: 'works@example.org', role: 'reviewer' },
      { email: 'target@example.org', role: 'reviewer' },
      { email: 'colleague@example.org', role: 'reviewer' },
      { email: 'spray1@example.org', role: 'reviewer' },
      { email: 'spray2@example.org', role: 'reviewer' },
    ]);
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('when a client writes its own X-Forwarded-For entries, then they are ignored: the address the proxy saw is counted', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await from(server, '203.0.113.9', `10.9.${i}.${i}`).login(`nobody${i}@example.org`, 'wrong password!!')).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 429]);
    // Another client behind the same proxy is not affected.
    assert.equal((await from(server, '203.0.113.10').login('works@example.org', PASSWORD)).status, 200);
  });

  it('when one working account signs in between failures, then the address counter is not reset (no spraying with a known password)', async () => {
    const address = '198.51.100.20';
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      statuses.push((await from(server, address).login('spray1@example.org', `guess ${round} wrong`)).status);
      statuses.push((await from(server, address).login('spray2@example.org', `guess ${round} wrong`)).status);
      statuses.push((await from(server, address).login('works@example.org', PASSWORD)).status);
    }
    // Six failures reach the ceiling whatever succeeded in between; then the address waits, the working account too.
    assert.deepEqual(statuses, [401, 401, 200, 401, 401, 200, 401, 401, 429]);
  });

  it('when an office address fails against one account many times, then neither the colleagues nor the owner elsewhere are locked out', async () => {
    const office = '192.0.2.77';
    // Five typos on one account: more than the pair limit, under the address ceiling.
    for (let i = 0; i < 5; i++) assert.equal((await from(server, office).login('target@example.org', `typo ${i}`)).status, 401);
    // A colleague at the same office signs in.
    assert.equal((await from(server, office).login('colleague@example.org', PASSWORD)).status, 200);
    // The pair is blocked (answered like a wrong password, even with the right one)…
    assert.equal((await from(server, office).login('target@example.org', PASSWORD)).status, 401);
    // …but the account is not locked: its owner at home signs in.
    assert.equal((await from(server, '203.0.113.200').login('target@example.org', PASSWORD)).status, 200);
  });
});

describe('a shared office address at the default limits', function () {
  this.timeout(60_000);
  let server: TestServer;

  before(async () => {
    server = await startDashboardServer('office', { DASHBOARD_CLIENT_MAX_FAILURES: '100', DASHBOARD_PAIR_MAX_FAILURES: '5', DASHBOARD_LOCKOUT_THRESHOLD: '10' });
    await createStaff(server, [
      { email: 'a@example.org', role: 'reviewer' },
      { email: 'b@example.org', role: 'reviewer' },
      { email: 'c@example.org', role: 'reviewer' },
    ]);
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  it('when 20 sign-ins fail from one address, then every other account there still signs in with its right password', async () => {
    const office = '192.0.2.10';
    for (let i = 0; i < 10; i++) assert.equal((await from(server, office).login('a@example.org', `wrong ${i} password`)).status, 401);
    for (let i = 0; i < 10; i++) assert.equal((await from(server, office).login(`left-${i}@example.org`, 'wrong password!!')).status, 401);
    assert.equal((await from(server, office).login('b@example.org', PASSWORD)).status, 200);
    assert.equal((await from(server, office).login('c@example.org', PASSWORD)).status, 200);
    // The account that was hammered is not locked for its owner elsewhere: one address counts at most 5 against it.
    assert.equal((await from(server, '203.0.113.99').login('a@example.org', PASSWORD)).status, 200);
  });
});

describe('every refusal does the same work (AuthService)', function () {
  this.timeout(60_000);
  let conn: Connection;
  const verified: string[] = [];

  class CountingHasher extends PasswordHasher {
    override async verify(hash: string, password: string): Promise<boolean> {
      verified.push(password);
      return super.verify(hash, password);
    }
  }

  before(async () => {
    conn = await openTestDb('authwork');
  });
  after(() => dropTestDb(conn));

  it('when the account is unknown, locked, blocked for this address, or the password is wrong, then argon2 runs once and the answer says only "invalid" or "locked"', async () => {
    const hasher = new CountingHasher({ memoryCost: 1024, timeCost: 1 });
    const staff = new StaffService(new StaffUserRepository(conn), hasher);
    await staff.init();
    await staff.create({ email: 'x@example.org', displayName: 'x', role: 'reviewer', password: PASSWORD });
    const counters = new RateCounterStore(conn);
    const auth = new AuthService(staff, hasher, new MissingKeySealer(), new LoginThrottle(counters, { addressMaxFailures: 100, pairMaxFailures: 2, windowMs: 60_000 }), { maxFailures: 3, lockMs: 60_000 });

    const attempt = async (client: string, email: string, password: string): Promise<string> => {
      verified.length = 0;
      const result = await auth.login({ email, password, client });
      assert.equal(verified.length, 1, `argon2 ran once for ${email} from ${client}`);
      return result.ok ? 'ok' : result.reason;
    };
    assert.equal(await attempt('a1', 'nobody@example.org', 'whatever'), 'invalid');
    assert.equal(await attempt('a1', 'x@example.org', 'wrong one'), 'invalid');
    assert.equal(await attempt('a1', 'x@example.org', 'wrong two'), 'invalid');
    // The pair a1 → x is blocked: the right password is refused, after the same work.
    assert.equal(await attempt('a1', 'x@example.org', PASSWORD), 'locked');
    // From a second address the third failure locks the account…
    assert.equal(await attempt('a2', 'x@example.org', 'wrong three'), 'locked');
    // …and the locked account still costs the argon2 verification.
    assert.equal(await attempt('a3', 'x@example.org', PASSWORD), 'locked');
    assert.equal((await staff.findByEmail('x@example.org'))?.failedLogins, 0);
  });
});
