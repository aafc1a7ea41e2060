import assert from 'node:assert/strict';
import { FIRST_ADMIN_COMMAND, readyNotice } from '../../server/readyNotice';
import { PASSWORD, startDashboardServer } from '../dashboard/dashboardClient';
import type { TestServer } from '../support/server';

/** The end of start-up tells a newcomer where everything is; each address must answer. */
describe('ready notice (the last start-up line)', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => {
    server = await startDashboardServer('ready-notice');
  });
  after(async () => {
    await server?.stop();
  });

  it('when no administrator exists, then it names the demo page, the dashboard, the Emulator endpoint and the admin command, and the pages answer', async () => {
    const notice = await readyNotice(server, '0.0.0.0');
    assert.equal(notice.demoPage, `http://127.0.0.1:${server.port}/`, 'a wildcard listen address is shown as loopback');
    assert.equal(notice.dashboardPage, `http://127.0.0.1:${server.port}/dashboard/`);
    assert.equal(notice.emulatorEndpoint, `http://127.0.0.1:${server.port}/api/messages`);
    assert.deepEqual(notice.firstAdmin, { command: FIRST_ADMIN_COMMAND, stopServerFirst: false });
    for (const page of [notice.demoPage, notice.dashboardPage!]) {
      const res = await fetch(page);
      assert.equal(res.status, 200, page);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/, page);
    }
    // The Emulator posts activities here; a GET is not a route, a POST without a body is refused, not missing.
    const post = await fetch(notice.emulatorEndpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.notEqual(post.status, 404);
  });

  it('when an administrator exists, then the admin command is no longer shown', async () => {
    await server.dashboard!.services.staff.create({ email: 'first-admin@example.org', displayName: 'Admin', role: 'admin', password: PASSWORD });
    const notice = await readyNotice(server, '127.0.0.1');
    assert.equal(notice.firstAdmin, undefined);
    assert.equal(notice.demoPage, `http://127.0.0.1:${server.port}/`);
  });
});
