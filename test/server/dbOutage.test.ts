import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase, EmbeddedDatabase } from '../../server/db/embedded';
import { startTestServer, TestServer } from '../support/server';

async function waitForStatus(url: string, status: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    last = await fetch(url).then((r) => r.status, () => 0);
    if (last === status) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last ${last})`);
}

describe('database outage and recovery (embedded database started by the test)', function () {
  this.timeout(120_000);
  let db: EmbeddedDatabase | undefined;
  let server: TestServer | undefined;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-outage-'));
    db = await startEmbeddedDatabase({ dir });
  });
  after(async () => {
    await server?.stop();
    await db?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when the database dies, then /readyz is 503 with clear log lines; when it returns, the service recovers without restart', async () => {
    server = await startTestServer('outage', { MONGODB_URI: db!.uri });
    const readyz = `${server.url}/readyz`;
    await waitForStatus(readyz, 200, 5000);

    const port = db!.port;
    await db!.stop();
    await waitForStatus(readyz, 503, 30_000);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'the process itself stays alive');

    db = await startEmbeddedDatabase({ dir, port });
    await waitForStatus(readyz, 200, 60_000);
    const events = server.logs.events();
    assert.ok(events.includes('db.unreachable'), 'outage logged');
    assert.ok(events.indexOf('db.ready') > events.indexOf('db.unreachable'), 'recovery logged after the outage');
    // The storage works again through the same connection.
    await server.storage.write({ 'after/outage': { ok: true } });
    assert.equal((await server.storage.read(['after/outage']))['after/outage'].ok, true);
  });
});
