import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../core/config';
import { startServer, Running } from '../../server/index';
import { createLogger } from '../../core/logger';
import { TEST_DASHBOARD_ENV } from '../dashboard/dashboardClient';
import { testDbUri } from '../support/db';
import { DirectLineUser, fromBot, keysOf, waitFor } from '../support/directLineUser';
import { LogCapture, startTestServer } from '../support/server';

const SECRET = 'restart-test-directline-secret-0123456789abcdef';

/**
 * The widget's conversation outlives the process: a token issued before a
 * restart works after it, the history is read back from the database, and
 * the chat goes on (bot state included) — on a shared database (MONGODB_URI,
 * the database's copy authoritative) and on the embedded database (one
 * server, written behind from memory; the token key from DATA_DIR).
 */
describe('local Direct Line across a restart', function () {
  this.timeout(180_000);

  async function scenario(start: () => Promise<Running>): Promise<void> {
    let server = await start();
    try {
      const user = await DirectLineUser.open(server.url);
      await waitFor('the welcome', async () => (await user.activities()).activities.find((a) => fromBot(a) && keysOf(a).includes('welcome')));
      const first = await user.say('ja sam nastavnik');
      assert.equal(first.status, 200);
      await waitFor('the reply', async () => (await user.activities()).activities.find((a) => fromBot(a) && a.replyToId === first.id));
      const before = await user.activities();

      await server.stop();
      server = await start();
      const again = user.at(server.url);
      const after = await again.activities();
      assert.equal(after.watermark, before.watermark, 'every activity is still counted');
      assert.deepEqual(after.activities.map((a) => [a.id, a.text ?? null]), before.activities.map((a) => [a.id, a.text ?? null]), 'the history is read back');

      const stream = await again.stream(after.watermark);
      const second = await again.say('pomoć');
      assert.equal(second.status, 200, 'the old token works on the new process');
      const echo = await stream.next((a) => a.id === second.id);
      assert.equal(echo.from.id, user.userId);
      const reply = await stream.next((a) => fromBot(a) && a.replyToId === second.id);
      assert.ok(!keysOf(reply).some((k) => k.startsWith('error.')), `a normal answer, not an error: ${keysOf(reply).join(',')}`);
      stream.close();
    } finally {
      await server.stop();
    }
  }

  it('when the server restarts on a shared database, then the token, the history and the chat survive', async () => {
    const uri = testDbUri('dlrestart');
    await scenario(() => startTestServer('dlrestart', { MONGODB_URI: uri, DIRECTLINE_TOKEN_SECRET: SECRET }));
  });

  it('when the server on its embedded database restarts, then the token (development key in DATA_DIR), the history and the chat survive', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-dl-restart-'));
    try {
      await scenario(async () => {
        const config = loadConfig({ ...TEST_DASHBOARD_ENV, PORT: '0', MONGODB_URI: '', DATA_DIR: dir, LOG_LEVEL: 'info' });
        return startServer(config, createLogger(config.server.logLevel, new LogCapture()));
      });
      const key = path.join(dir, 'keys', 'directline-token');
      assert.equal(fs.statSync(key).mode & 0o777, 0o600, 'the development key is readable by its owner only');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
