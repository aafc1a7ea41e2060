import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../core/config';
import { DataDirInUseError } from '../../server/db/dataDirLock';
import { startServer, Running } from '../../server/index';
import { createLogger } from '../../core/logger';
import { TEST_DASHBOARD_ENV } from '../dashboard/dashboardClient';
import { DirectLineUser, fromBot, waitFor } from '../support/directLineUser';
import { LogCapture } from '../support/server';

/**
 * The server's own database (no MONGODB_URI) is supervised: killed, it is
 * back on the same folder and port within seconds, without a restart of
 * the server. The folder has one owner: a second server refuses to start,
 * and `npm run admin` talks to the running server's database.
 */
describe('the embedded database, supervised and owned by one server', function () {
  this.timeout(180_000);
  let dir: string;
  let server: Running | undefined;
  let logs: LogCapture;

  const start = async (): Promise<Running> => {
    logs = new LogCapture();
    const config = loadConfig({ ...TEST_DASHBOARD_ENV, PORT: '0', MONGODB_URI: '', DATA_DIR: dir, LOG_LEVEL: 'info' });
    return startServer(config, createLogger(config.server.logLevel, logs));
  };
  const events = (): string[] => logs.events();

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-supervised-'));
    server = await start();
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when the database process is killed (kill -9), then the exit is logged, it is back within 10 s and the chat goes on', async () => {
    const s = server!;
    assert.equal(s.embedded?.kind, 'ferretdb');
    const user = await DirectLineUser.open(s.url);
    await waitFor('the welcome', async () => (await user.activities()).activities.find(fromBot));
    const before = s.embedded!.pid!;
    const killedAt = performance.now();
    process.kill(before, 'SIGKILL');
    await waitFor('/readyz 200 again', async () => {
      if (s.embedded!.pid === before) return undefined;
      return (await fetch(`${s.url}/readyz`)).status === 200 || undefined;
    }, 10_000, 25);
    const backMs = performance.now() - killedAt;
    console.log(`      embedded database back ${backMs.toFixed(0)} ms after kill -9`);
    assert.ok(backMs < 10_000);
    assert.equal(s.embedded!.restarts, 1);
    assert.ok(events().includes('db.embedded.exited'), 'the exit is logged');
    assert.ok(events().includes('db.embedded.restarted'));
    const said = await user.say('pomoć');
    assert.equal(said.status, 200);
    await waitFor('a reply after the restart', async () => (await user.activities()).activities.find((a) => fromBot(a) && a.replyToId === said.id));
    const owner = JSON.parse(fs.readFileSync(path.join(dir, 'embedded-db.json'), 'utf8')) as { pid: number; dbPid: number };
    assert.equal(owner.dbPid, s.embedded!.pid, 'the lock file names the new database process');
  });

  it('when a second server starts on the same data folder, then it refuses, naming the owner and what to do', async () => {
    await assert.rejects(start(), (err: unknown) => err instanceof DataDirInUseError && err.pid === process.pid && /npm run admin/.test(err.message));
    const file = path.join(dir, 'embedded-db.json');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'the database URI is readable by its owner only');
  });

  it('when `npm run admin` runs while the server runs, then it uses the server\'s database', async () => {
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'verify-audit'], { env: { ...process.env, MONGODB_URI: '', DATA_DIR: dir } }, (err, _stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr })),
    );
    assert.equal(code, 0, stderr);
    assert.match(stderr, /running server's embedded database/);
  });

  it('when the owner died without cleaning up (a stale lock), then the next server takes the folder over', async () => {
    await server!.stop();
    server = undefined;
    fs.writeFileSync(path.join(dir, 'embedded-db.json'), JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: new Date().toISOString() }), { mode: 0o600 });
    server = await start();
    assert.ok(server.embedded?.pid);
  });
});
