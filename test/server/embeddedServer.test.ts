import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../core/config';
import { startServer, Running } from '../../server/index';
import { createLogger } from '../../core/logger';
import { DashboardClient, PASSWORD, TEST_DASHBOARD_ENV } from '../dashboard/dashboardClient';
import { LogCapture } from '../support/server';

interface QueueBody {
  items: { id: string; caseCode: string; urgency: string; status: string }[];
}

/**
 * `npm start` on a fresh machine: no MONGODB_URI, so the server starts its
 * own database under DATA_DIR. Then the queue is read from memory and the
 * collections' `_id` lookups are indexed — checked here through HTTP, the
 * real reports service and the real dashboard API, across a restart.
 */
describe('server on its embedded database (no MONGODB_URI)', function () {
  this.timeout(180_000);
  let dir: string;
  let running: Running | undefined;
  let logs: LogCapture;

  const start = async (): Promise<Running> => {
    logs = new LogCapture();
    const config = loadConfig({ ...TEST_DASHBOARD_ENV, PORT: '0', MONGODB_URI: '', DATA_DIR: dir, LOG_LEVEL: 'info' });
    running = await startServer(config, createLogger(config.server.logLevel, logs));
    return running;
  };
  const logged = (event: string): Record<string, unknown> | undefined =>
    logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.event === event);

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-embedded-server-'));
  });
  after(async () => {
    await running?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when a report is submitted and moved on, then the review queue (held in memory) shows it at once and again after a restart', async () => {
    let server = await start();
    assert.ok(server.embedded, 'the server started its own database');
    assert.equal(logged('dashboard.queue')?.mode, 'memory');
    if (server.embedded.kind === 'ferretdb') {
      assert.ok(Number(logged('db.embedded.indexed')?.collections) > 10, 'the new collections got their _id index');
    }
    await server.dashboard!.services.staff.create({ email: 'rev@example.org', displayName: 'rev', role: 'reviewer', password: PASSWORD });

    const submitted = await server.reports.submitter.submit({
      submissionId: randomUUID(), locale: 'sr-Latn', reporterRole: 'pupil', victimAge: 'under14', category: 'sextortion',
      platforms: ['instagram'], ongoing: true, narrative: 'Neko traži slike i preti da će ih poslati drugima.', immediateDanger: false, meetingPlanned: false,
    });
    const client = new DashboardClient(server.url);
    assert.equal((await client.login('rev@example.org', PASSWORD)).status, 200);
    const first = await client.get<QueueBody>('/api/dashboard/reports');
    assert.equal(first.status, 200);
    const row = first.body.items.find((i) => i.caseCode === submitted.caseCode);
    assert.ok(row, 'the new report is in the queue');
    assert.ok(logged('dashboard.queue_loaded'), 'the copy was loaded (in the background, at start)');
    assert.equal(row.urgency, submitted.urgency);
    // The embedded database's way (models/database.ts): the code is linked, the thread is listed.
    await server.reports.followUp.postStaffMessage(row.id, 'reviewer-1', 'Hvala, javljamo se.');
    assert.equal(await server.conn.db!.collection<{ _id: string }>('reportcodes').countDocuments({ _id: submitted.caseCode }), 1);
    assert.equal((await server.conn.db!.collection<{ _id: string; messages: unknown[] }>('report_children').findOne({ _id: row.id }))?.messages.length, 1);
    assert.equal((await server.reports.followUp.staffThread(row.id)).length, 1);

    assert.equal((await client.post(`/api/dashboard/reports/${row.id}/status`, { to: 'in_review', reason: 'looking' })).status, 200);
    const moved = await client.get<QueueBody>(`/api/dashboard/reports?caseCode=${encodeURIComponent(submitted.caseCode)}`);
    assert.equal(moved.body.items[0]?.status, 'in_review', 'the queue follows the change');

    await server.stop();
    running = undefined;
    server = await start();
    assert.equal(logged('dashboard.queue')?.mode, 'memory');
    const again = new DashboardClient(server.url);
    assert.equal((await again.login('rev@example.org', PASSWORD)).status, 200);
    const after = await again.get<QueueBody>('/api/dashboard/reports?status=in_review');
    assert.deepEqual(after.body.items.map((i) => [i.caseCode, i.status]), [[submitted.caseCode, 'in_review']], 'the copy is loaded from the database at start');
  });
});
