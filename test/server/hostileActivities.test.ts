import assert from 'node:assert/strict';
import { LocalConnector } from '../support/connector';
import { postJson, startTestServer, TestServer } from '../support/server';

/** Every field the bot, the adapter or the state layer reads, as a path into the activity. */
const FIELDS = [
  'type', 'id', 'channelId', 'serviceUrl', 'conversation', 'conversation.id', 'from', 'from.id', 'from.name', 'from.role',
  'recipient', 'recipient.id', 'text', 'textFormat', 'locale', 'timestamp', 'localTimestamp', 'expiration', 'name',
  'value', 'value.token', 'channelData', 'channelData.clientActivityID', 'attachments', 'attachments.0', 'entities',
  'entities.0', 'membersAdded', 'membersAdded.0', 'membersAdded.0.id', 'membersRemoved', 'replyToId', 'deliveryMode',
];

/** Wrong types (and odd values of the right type) for every field. */
const HOSTILE_VALUES: unknown[] = [
  42, -1.5, true, null, {}, [], 'x', '', ['x', 1], { length: 3 }, { toString: 'x', __proto__: { a: 1 } },
  'x'.repeat(5000), { a: { b: { c: { d: { e: { f: [] } } } } } }, Array.from({ length: 200 }, () => ({ id: 'm' })),
];

function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(target);
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = /^\d+$/.test(keys[keys.indexOf(key) + 1] ?? '') ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
  return copy;
}

describe('hostile activities at the edge: one schema, 400 for malformed, never a 5xx or a failed turn', () => {
  let server: TestServer;
  const connector = new LocalConnector();
  let serviceUrl: string;
  const statuses: number[] = [];
  let n = 0;

  before(async () => {
    serviceUrl = await connector.start();
    server = await startTestServer('hostile', {
      DIRECTLINE_POST_BURST: '10000', DIRECTLINE_POSTS_PER_MINUTE: '10000', DIRECTLINE_TOKENS_PER_MINUTE: '10000', DIRECTLINE_READS_PER_MINUTE: '10000',
    });
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
    await connector.stop();
  });

  const base = (type: string): Record<string, unknown> => ({
    type,
    id: `act-${++n}`,
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: `hostile-${n}` },
    from: { id: 'user-h', name: 'Pupil' },
    recipient: { id: 'bot', name: 'Bezbedno' },
    locale: 'sr-Latn',
    text: 'zdravo',
    value: { token: 'menu' },
    channelData: { clientActivityID: 'c1' },
    attachments: [],
    entities: [],
    membersAdded: [{ id: 'user-h' }],
    membersRemoved: [],
    timestamp: new Date().toISOString(),
  });

  async function post(body: unknown, headers: Record<string, string> = {}): Promise<number> {
    const res = await postJson(`${server.url}/api/messages`, body, headers);
    statuses.push(res.status);
    if (res.status === 400) {
      // The small JSON error: a code, a message and the field — never the value sent.
      const err = res.body as { code?: unknown; message?: unknown };
      assert.equal(typeof err.code, 'string', res.text);
      assert.equal(typeof err.message, 'string', res.text);
      assert.ok(!res.text.includes('x'.repeat(50)), 'the error does not echo the input');
    }
    return res.status;
  }

  it('when every field the bot reads gets a wrong type, then no answer is a 5xx and no turn throws', async function () {
    this.timeout(240_000);
    for (const type of ['message', 'conversationUpdate']) {
      for (const field of FIELDS) {
        for (const value of HOSTILE_VALUES) {
          const status = await post(setPath(base(type), field, value));
          assert.ok(status < 500, `${type} ${field}=${JSON.stringify(value)?.slice(0, 40)} → ${status}`);
        }
      }
    }
    for (const field of FIELDS) {
      const status = await post(setPath(base('message'), field, undefined));
      assert.ok(status < 500, `${field} missing → ${status}`);
    }
    const turnErrors = server.logs.lines.filter((l) => /"event":"(turn\.error|activity\.process_failed)"/.test(l));
    assert.deepEqual(turnErrors, [], 'no turn failed on a hostile field');
    // The accepted ones (wrong-typed fields the bot ignores, such as `value: 42`) ran real turns.
    assert.ok(connector.received.length > 50, `replies: ${connector.received.length}`);
  });

  it('when the body is not an activity at all, then 400 with a small JSON error', async () => {
    for (const body of ['[]', '42', 'null', '"message"', '{}', '{"type":"message"}', '{"type":3}', '{"type":"invoke","channelId":"x"}']) {
      const status = await post(body);
      assert.equal(status, 400, body);
    }
    const invoke = { ...base('invoke'), name: 'adaptiveCard/action' };
    assert.equal(await post(invoke), 400, 'invoke is not a type the bot answers');
    assert.equal(await post('type=message', { 'content-type': 'application/x-www-form-urlencoded' }), 400);
    assert.equal(await post('{"type":"message"}', { 'content-type': 'text/plain' }), 400);
    const res = await postJson(`${server.url}/api/messages`, { ...base('message'), locale: { tag: 'en' } });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, { code: 'BadActivity', message: 'The activity is not valid.', details: { field: 'locale' } });
    const members = await postJson(`${server.url}/api/messages`, { ...base('conversationUpdate'), membersAdded: 'x' });
    assert.equal(members.status, 400);
    assert.deepEqual((members.body as { details: unknown }).details, { field: 'membersAdded' });
  });

  it('when a local Direct Line client posts wrong types, then 400 and no failed turn', async () => {
    const tok = (await postJson(`${server.url}/api/directline/token`, {})).body as { domain: string; token: string };
    const started = await postJson(`${tok.domain}/conversations`, {}, { Authorization: `Bearer ${tok.token}` });
    const { conversationId, token } = started.body as { conversationId: string; token: string };
    const auth = { Authorization: `Bearer ${token}` };
    const dlBase = { type: 'message', text: 'zdravo', locale: 'sr-Latn', from: { id: 'x' }, channelData: { clientActivityID: 'c' } };
    for (const field of ['type', 'text', 'locale', 'value', 'channelData', 'channelData.clientActivityID', 'attachments', 'entities', 'from', 'name', 'replyToId', 'textFormat']) {
      for (const value of HOSTILE_VALUES) {
        const res = await postJson(`${tok.domain}/conversations/${conversationId}/activities`, setPath(dlBase, field, value), auth);
        statuses.push(res.status);
        assert.ok(res.status < 500, `DL ${field}=${JSON.stringify(value)?.slice(0, 40)} → ${res.status}`);
      }
    }
    const turnErrors = server.logs.lines.filter((l) => /"event":"(turn\.error|directline\.turn_failed|directline\.error)"/.test(l));
    assert.deepEqual(turnErrors, []);
  });

  it('after all of that, then a well-formed message still gets its answer', async () => {
    const ok = base('message');
    ok.value = undefined;
    const status = await post(ok);
    assert.equal(status, 200);
    const [reply] = await connector.waitFor(String((ok.conversation as { id: string }).id), 1);
    assert.equal(reply!.type, 'message');
    const fivexx = statuses.filter((s) => s >= 500).length;
    process.stderr.write(`      hostile requests: ${statuses.length}, 5xx: ${fivexx}, 400: ${statuses.filter((s) => s === 400).length}, 2xx: ${statuses.filter((s) => s < 300).length}\n`);
    assert.equal(fivexx, 0);
  });
});
