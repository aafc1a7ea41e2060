import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { ConfigError, loadSection, type ServerConfig } from '../../core/config';
import { GuardedAuthentication } from '../../server/guardedAuthentication';
import { ServiceUrlPolicy, ServiceUrlRefusedError } from '../../server/serviceUrlPolicy';
import { postJson, startTestServer, TestServer } from '../support/server';
import { waitUntil } from '../support/waitUntil';

/** The server's own section: the guard is about its variables. */
const loadConfig = (env: NodeJS.ProcessEnv): ServerConfig => loadSection('server', env);
/** What every other section requires in production (the whole configuration is read with one NODE_ENV). */
const PRODUCTION_REST = {
  REPORT_ENCRYPTION_KEYS: `p1:${Buffer.alloc(32, 7).toString('base64')}`,
  DASHBOARD_URL: 'https://bezbedno.example.org/dashboard',
  DIRECTLINE_TOKEN_SECRET: 'a-production-token-secret-of-at-least-32-characters',
};

/** A listener standing in for any foreign host: it counts every request that reaches it. */
class CountingListener {
  requests = 0;
  private server?: http.Server;
  url = '';
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.requests++;
      req.resume();
      // Two calls: restify patches ServerResponse, and its writeHead does not return the response.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"x"}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const activity = (serviceUrl: string, i: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'message', text: 'zdravo', channelId: 'webchat', serviceUrl, id: `a${i}`,
  conversation: { id: `foreign-${i}` }, from: { id: 'u' }, recipient: { id: 'b' }, locale: 'sr-Latn', ...extra,
});

/** Production requires an external database; any well-formed URI will do for configuration checks. */
const PROD_DB = 'mongodb://db.example.org:27017/bezbedno';

describe('reply addresses: the serviceUrl allow-list', () => {
  const own = 'http://127.0.0.1:3978';
  const production = new ServiceUrlPolicy({ authenticated: false, allowLoopback: false, ownUrl: () => own });
  const authenticated = new ServiceUrlPolicy({ authenticated: true, allowLoopback: false, extraHosts: ['*.teams.example.org'], ownUrl: () => own });
  const development = new ServiceUrlPolicy({ authenticated: false, allowLoopback: true });

  const table: Array<[ServiceUrlPolicy, string, unknown, boolean]> = [
    [production, 'production, unauthenticated', 'http://127.0.0.1:9999', false],
    [production, 'production, unauthenticated', 'https://directline.botframework.com/', false],
    [authenticated, 'authenticated', 'https://directline.botframework.com/', true],
    [authenticated, 'authenticated', 'https://europe.directline.botframework.com/', true],
    [authenticated, 'authenticated', 'https://smba.trafficmanager.net/emea/', true],
    [authenticated, 'authenticated', 'https://x.teams.example.org/', true],
    [authenticated, 'authenticated', 'http://directline.botframework.com/', false],
    [authenticated, 'authenticated', 'https://directline.botframework.com:8443/', false],
    [authenticated, 'authenticated', 'https://botframework.com.evil.example/', false],
    [authenticated, 'authenticated', 'https://evilbotframework.com/', false],
    [authenticated, 'authenticated', 'https://user:pw@directline.botframework.com/', false],
    [authenticated, 'authenticated', 'http://169.254.169.254/latest/meta-data/', false],
    [authenticated, 'authenticated', 'http://localhost:3978/', false],
    [development, 'development', 'http://localhost:3978/', true],
    [development, 'development', 'http://127.0.0.2:1/', true],
    [development, 'development', 'http://[::1]:1/', true],
    [development, 'development', 'http://2130706433:1/', true],
    [development, 'development', 'http://localhost.evil.example/', false],
    [development, 'development', 'http://127.0.0.1.nip.io/', false],
    [development, 'development', 'http://10.0.0.1/', false],
    [development, 'development', 'ftp://127.0.0.1/', false],
    [development, 'development', 42, false],
  ];
  for (const [policy, mode, url, allowed] of table) {
    it(`when ${mode}, then ${JSON.stringify(url)} is ${allowed ? 'allowed' : 'refused'} for a channel`, () => {
      assert.equal(policy.allowsChannel(url), allowed);
    });
  }

  it('when the reply is for this server\'s own Direct Line, then it is allowed even in production without authentication, and only that exact origin', () => {
    assert.equal(production.allowsReply(own), true);
    assert.equal(production.allowsReply(`${own}/`), true);
    assert.equal(production.allowsReply('http://127.0.0.1:3979'), false);
    assert.equal(production.allowsReply(`${own}/other/path`), false);
  });
});

describe('production guard: credentials or an explicit opt-in', () => {
  it('when NODE_ENV=production has no MicrosoftAppId, then the configuration is refused naming the variable and the opt-in', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', MONGODB_URI: PROD_DB }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'MicrosoftAppId' && /ALLOW_UNAUTHENTICATED_BOT=true/.test(e.message),
    );
    assert.throws(() => loadConfig({ NODE_ENV: 'production', MONGODB_URI: PROD_DB, ALLOW_UNAUTHENTICATED_BOT: 'false' }), ConfigError);
    assert.throws(() => loadConfig({ NODE_ENV: 'production', MONGODB_URI: PROD_DB, ALLOW_UNAUTHENTICATED_BOT: 'yes please' }), (e: unknown) => e instanceof ConfigError && e.variable === 'ALLOW_UNAUTHENTICATED_BOT');
    assert.equal(loadConfig({ NODE_ENV: 'production', MONGODB_URI: PROD_DB, ALLOW_UNAUTHENTICATED_BOT: 'true' }).allowUnauthenticatedBot, true);
    assert.equal(loadConfig({ NODE_ENV: 'production', MONGODB_URI: PROD_DB, MicrosoftAppId: 'a', MicrosoftAppPassword: 'b' }).botAuth?.appId, 'a');
    assert.throws(() => loadConfig({ BOT_SERVICE_URL_HOSTS: 'https://x.example.org/' }), (e: unknown) => e instanceof ConfigError && e.variable === 'BOT_SERVICE_URL_HOSTS');
  });

  it('when the server process starts in production without credentials, then it exits before listening and says which variable to set', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'silent' };
    for (const name of ['MicrosoftAppId', 'MicrosoftAppPassword', 'ALLOW_UNAUTHENTICATED_BOT']) delete env[name];
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('server', 'main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2, stderr);
    assert.match(stderr, /MicrosoftAppId/);
    assert.match(stderr, /ALLOW_UNAUTHENTICATED_BOT=true/);
  });
});

describe('production without authentication (opted in): the bot answers only its own web chat', () => {
  let server: TestServer;
  const foreign = new CountingListener();

  before(async () => {
    await foreign.start();
    server = await startTestServer('prodguard', { ...PRODUCTION_REST, NODE_ENV: 'production', ALLOW_UNAUTHENTICATED_BOT: 'true' });
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
    await foreign.stop();
  });

  it('when a caller names a foreign serviceUrl, then 403, no outbound request and no conversation state', async () => {
    const targets = [
      foreign.url, `${foreign.url}/`, `${foreign.url}/any/path?x=1`, `http://localhost:${new URL(foreign.url).port}`,
      'http://169.254.169.254/latest/meta-data/', server.url, 'https://directline.botframework.com/',
    ];
    const statesBefore = await server.conn.db!.collection('botstate').countDocuments();
    let i = 0;
    for (const target of targets) {
      for (const type of ['message', 'conversationUpdate']) {
        const res = await postJson(`${server.url}/api/messages`, activity(target, i++, { type, membersAdded: [{ id: 'u' }] }));
        assert.equal(res.status, 403, `${target} ${type}: ${res.text}`);
        assert.deepEqual(res.body, { code: 'ServiceUrlNotAllowed', message: 'This service does not reply to that address.' });
      }
    }
    assert.equal(foreign.requests, 0, 'no request reached the foreign listener');
    assert.equal(await server.conn.db!.collection('botstate').countDocuments(), statesBefore, 'no state document was created');
    assert.ok(server.logs.lines.some((l) => l.includes('"event":"auth.disabled"') && l.includes('"production":true')));
  });

  it('when a pupil uses the widget, then the bot still answers through its own local Direct Line', async () => {
    const tok = (await postJson(`${server.url}/api/directline/token`, {})).body as { domain: string; token: string };
    const started = await postJson(`${tok.domain}/conversations`, {}, { Authorization: `Bearer ${tok.token}` });
    assert.equal(started.status, 201, started.text);
    const { conversationId, token } = started.body as { conversationId: string; token: string };
    const read = async (): Promise<Array<{ from?: { role?: string } }>> => {
      const res = await fetch(`${tok.domain}/conversations/${conversationId}/activities`, { headers: { Authorization: `Bearer ${token}` } });
      return ((await res.json()) as { activities: Array<{ from?: { role?: string } }> }).activities;
    };
    await waitUntil(async () => (await read()).some((a) => a.from?.role === 'bot'), 'the bot answers');
    const sent = await postJson(`${tok.domain}/conversations/${conversationId}/activities`, { type: 'message', text: 'zdravo', from: { id: 'x' } }, { Authorization: `Bearer ${token}` });
    assert.equal(sent.status, 200, sent.text);
    await waitUntil(async () => (await read()).filter((a) => a.from?.role === 'bot').length >= 2, 'the bot answers twice');
    assert.equal(foreign.requests, 0);
  });
});

describe('production with credentials: only Bot Framework channel hosts', () => {
  let server: TestServer;
  const foreign = new CountingListener();

  before(async () => {
    await foreign.start();
    server = await startTestServer('prodauth', { ...PRODUCTION_REST, NODE_ENV: 'production', MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'not-a-real-secret' });
  });
  after(async () => {
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
    await foreign.stop();
  });

  it('when a foreign serviceUrl comes, then 403 before authentication; a channel host without a valid token gets 401; nothing goes out', async () => {
    const refused = await postJson(`${server.url}/api/messages`, activity(foreign.url, 1));
    assert.equal(refused.status, 403);
    const unauthenticated = await postJson(`${server.url}/api/messages`, activity('https://directline.botframework.com/', 2));
    assert.equal(unauthenticated.status, 401);
    assert.equal(foreign.requests, 0);
  });
});

describe('the second lock: connector factories refuse addresses the policy does not allow', () => {
  const foreign = new CountingListener();
  before(() => foreign.start());
  after(() => foreign.stop());

  it('when anything in the bot asks for a connector to a foreign host, then it is refused before a request is made', async () => {
    const policy = new ServiceUrlPolicy({ authenticated: false, allowLoopback: false });
    const auth = new GuardedAuthentication(new ConfigurationBotFrameworkAuthentication({}), policy);
    const result = await auth.authenticateRequest(activity(foreign.url, 1) as never, '');
    await assert.rejects(result.connectorFactory!.create(foreign.url, result.audience), ServiceUrlRefusedError);
    const adapter = new CloudAdapter(auth);
    await assert.rejects(
      adapter.continueConversationAsync('', { serviceUrl: foreign.url, channelId: 'webchat', conversation: { id: 'c' } as never }, async (ctx) => {
        await ctx.sendActivity('hi');
      }),
    );
    assert.equal(foreign.requests, 0);
  });
});
