import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { postJson, startTestServer, TestServer } from '../support/server';

/**
 * Stopping the server forgets every Direct Line conversation it holds, and
 * with them their rate counters: that is done while the database is still
 * open, so shutdown logs no failure.
 */
describe('local Direct Line at shutdown: conversations\' rate counters cleared before the database closes', function () {
  this.timeout(120_000);
  let server: TestServer | undefined;

  after(async () => {
    await server?.stop();
  });

  it('when the server stops with conversations open, then their counters are cleared and no "limit_forget_failed" is logged', async () => {
    server = await startTestServer('dlshutdown', { DIRECTLINE_TOKEN_SECRET: 'test-only-directline-signing-secret-0123456789' });
    const url = server.url;
    for (let i = 0; i < 3; i++) {
      const tok = (await postJson(`${url}/api/directline/token`, {})).body as { token: string; domain: string };
      const conv = await postJson(`${tok.domain}/conversations`, {}, { Authorization: `Bearer ${tok.token}` });
      assert.equal(conv.status, 201, conv.text);
      const { conversationId } = conv.body as { conversationId: string };
      const sent = await postJson(`${tok.domain}/conversations/${conversationId}/activities`, { type: 'message', from: { id: 'dl_user' }, text: 'zdravo' }, { Authorization: `Bearer ${tok.token}` });
      assert.equal(sent.status, 200, sent.text);
    }
    const counters = server.conn.db!.collection('ratecounters');
    const before = await counters.countDocuments({});
    assert.ok(before > 0, 'the conversations were counted');
    const { logs } = server;
    const uri = new URL(process.env.MONGODB_URI!);
    uri.pathname = `/${server.conn.name}`;
    await server.stop();
    server = undefined;
    const events = logs.events();
    assert.ok(events.includes('server.stopped'), events.join(', '));
    assert.ok(!events.includes('directline.limit_forget_failed'), events.filter((e) => e.startsWith('directline')).join(', '));

    const conn = await mongoose.createConnection(uri.toString(), { serverSelectionTimeoutMS: 5000 }).asPromise();
    try {
      const after = await conn.db!.collection('ratecounters').countDocuments({});
      assert.ok(after < before, `the conversations' post and read counters were cleared (${before} → ${after})`);
    } finally {
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    }
  });
});
