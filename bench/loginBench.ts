/**
 * `npm run --silent bench:login -- [--runs 31] [--json]`: how long the
 * dashboard's sign-in answers over HTTP, at the production argon2 cost, for
 * a wrong password (the baseline), a locked account, an address blocked for
 * one account, and an unknown e-mail — interleaved in one run so the machine's
 * load hits them alike. A refusal that answers faster than a wrong password
 * tells an attacker which accounts exist or are locked. Medians and p90 of
 * `--runs`. Uses MONGODB_URI or the embedded database.
 */
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config';
import { startServer } from '../server/index';
import { createLogger } from '../core/logger';
import { loadAverage, runBench } from './benchDatabase';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '31' },
    json: { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const PASSWORD = 'correct horse battery staple';

/** One client behind the proxy, with its pre-login CSRF token. */
async function client(url: string, address: string): Promise<(email: string, password: string) => Promise<{ status: number; ms: number }>> {
  const pre = await fetch(`${url}/api/dashboard/session`, { headers: { 'x-forwarded-for': address } });
  const cookie = pre.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await pre.json()) as { csrfToken: string };
  return async (email, password) => {
    const t = process.hrtime.bigint();
    const res = await fetch(`${url}/api/dashboard/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie, 'x-forwarded-for': address },
      body: JSON.stringify({ email, password }),
    });
    await res.text();
    return { status: res.status, ms: Number(process.hrtime.bigint() - t) / 1e6 };
  };
}

function stats(ms: number[]): { medianMs: number; p90Ms: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
  return { medianMs: at(0.5), p90Ms: at(0.9) };
}

runBench(async () => {
  // As deployed: MONGODB_URI, or the server's own embedded database (then its only writer).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-loginbench-'));
  const given = process.env.MONGODB_URI;
  const uri = given ? Object.assign(new URL(given), { pathname: `/loginbench_${randomBytes(3).toString('hex')}` }).toString() : undefined;
  const config = loadConfig({
    PORT: '0', DATA_DIR: tmp, LOG_LEVEL: 'silent', ...(uri ? { MONGODB_URI: uri } : {}),
    TRUSTED_PROXY_HOPS: '1',
    DASHBOARD_TRUST_PROXY: 'true',
    DASHBOARD_CLIENT_MAX_FAILURES: '10000',
    DASHBOARD_LOCKOUT_THRESHOLD: '100',
    DASHBOARD_PAIR_MAX_FAILURES: '5',
  });
  const running = await startServer(config, createLogger('silent'));
  try {
    const staff = running.dashboard!.services.staff;
    for (const email of ['wrong@example.org', 'locked@example.org', 'pair@example.org']) {
      await staff.create({ email, displayName: email, role: 'reviewer', password: PASSWORD });
    }
    await running.conn.collection('staffusers').updateOne({ email: 'locked@example.org' }, { $set: { lockedUntil: new Date(Date.now() + 3600_000) } });

    const kinds = {
      wrongPassword: [] as number[],
      lockedAccount: [] as number[],
      lockedAccountRightPassword: [] as number[],
      blockedForAddress: [] as number[],
      unknownAccount: [] as number[],
    };
    const statuses = new Set<number>();
    for (let i = 0; i < RUNS + 2; i++) {
      // A fresh attacker address per round; before timing, each of its counters
      // (the address, and the address with each account) has seen a failure,
      // and pair@ is blocked for it — so every kind meets the same counter state.
      const login = await client(running.url, `203.0.${Math.floor(i / 250)}.${i % 250}`);
      await login('wrong@example.org', 'warm-up password');
      await login('locked@example.org', 'warm-up password');
      await login(`nobody${i}@example.org`, 'warm-up password');
      for (let k = 0; k < 5; k++) await login('pair@example.org', `warm-up ${k} password`);
      const at = async (kind: keyof typeof kinds, email: string, password: string): Promise<void> => {
        const r = await login(email, password);
        statuses.add(r.status);
        // The first two rounds warm up argon2 and the connections.
        if (i >= 2) kinds[kind].push(r.ms);
      };
      const attempts: Array<() => Promise<void>> = [
        () => at('wrongPassword', 'wrong@example.org', `wrong ${i} password`),
        () => at('lockedAccount', 'locked@example.org', `wrong ${i} password`),
        () => at('lockedAccountRightPassword', 'locked@example.org', PASSWORD),
        () => at('blockedForAddress', 'pair@example.org', PASSWORD),
        () => at('unknownAccount', `nobody${i}@example.org`, `wrong ${i} password`),
      ];
      // A different order each round, so no kind always follows the same one.
      for (let k = attempts.length - 1; k > 0; k--) {
        const j = randomInt(k + 1);
        [attempts[k], attempts[j]] = [attempts[j]!, attempts[k]!];
      }
      for (const attempt of attempts) await attempt();
    }
    const out = {
      server: given ? 'MONGODB_URI' : 'embedded',
      runs: RUNS,
      statuses: [...statuses].sort(),
      ...Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, stats(v)])),
      load: loadAverage(),
    };
    if (!values.json) {
      for (const [k, v] of Object.entries(kinds)) console.log(`${k.padEnd(28)} median ${stats(v).medianMs} ms, p90 ${stats(v).p90Ms} ms`);
      console.log(`(${out.server}, ${RUNS} runs each, interleaved; HTTP statuses ${out.statuses.join(', ')}; load average ${out.load.join(' ')})`);
    }
    console.log(JSON.stringify(out));
  } finally {
    if (uri) await running.conn.dropDatabase().catch(() => undefined);
    await running.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
