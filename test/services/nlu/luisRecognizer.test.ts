import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createLogger } from '../../../core/logger';
import { createRecognizer } from '../../../services/nlu/createRecognizer';
import { loadSection, type NluConfig } from '../../../core/config';

const loadNluConfig = (env: NodeJS.ProcessEnv): NluConfig => loadSection('nlu', env);
import { LuisRecognizer } from '../../../services/nlu/luisRecognizer';
import { NlpjsRecognizer } from '../../../services/nlu/nlpjsRecognizer';

/** What the stand-in does with the next prediction request. */
type Behaviour =
  | { kind: 'predict'; topIntent: string; intents: Record<string, number> }
  | { kind: 'status'; status: number }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'garbage'; body: string };

interface SeenRequest {
  method: string;
  url: string;
  key: string | undefined;
  query: string;
}

/**
 * A local HTTP stand-in for a LUIS v3 prediction endpoint:
 * POST /luis/prediction/v3.0/apps/{appId}/slots/{slot}/predict
 */
class LuisStandIn {
  behaviour: Behaviour = { kind: 'predict', topIntent: 'greeting', intents: { greeting: 0.9 } };
  readonly seen: SeenRequest[] = [];
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const query = (JSON.parse(body || '{}') as { query?: string }).query ?? '';
      this.seen.push({ method: req.method ?? '', url: req.url ?? '', key: req.headers['ocp-apim-subscription-key'] as string | undefined, query });
      const b = this.behaviour;
      if (b.kind === 'status') {
        res.writeHead(b.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'InternalServerError', message: 'down' } }));
      } else if (b.kind === 'slow') {
        setTimeout(() => {
          if (!res.destroyed) res.end('{}');
        }, b.delayMs);
      } else if (b.kind === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(b.body);
      } else {
        const intents = Object.fromEntries(Object.entries(b.intents).map(([k, score]) => [k, { score }]));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ query, prediction: { topIntent: b.topIntent, intents, entities: {}, sentiment: { label: 'neutral', score: 0.5 } } }));
      }
    });
  }
}

class Lines extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    cb();
  }
}

describe('LUIS recognizer (against a local LUIS v3 stand-in)', () => {
  const standIn = new LuisStandIn();
  const logs = new Lines();
  const log = createLogger('info', logs);
  let endpoint: string;
  let luis: LuisRecognizer;

  before(async function () {
    this.timeout(60000);
    endpoint = await standIn.start();
    luis = new LuisRecognizer(
      { appId: '00000000-0000-0000-0000-000000000001', endpoint, key: 'test-key', slot: 'production', timeoutMs: 300 },
      new NlpjsRecognizer(),
      log,
    );
    await luis.init();
  });
  after(() => standIn.stop());
  beforeEach(() => {
    logs.lines.length = 0;
    standIn.seen.length = 0;
  });

  it('when LUIS answers, then its intents become the recognition, best first, at most three', async () => {
    standIn.behaviour = { kind: 'predict', topIntent: 'privacy', intents: { privacy: 0.81, report: 0.12, help: 0.05, greeting: 0.01 } };
    const r = await luis.recognize('hakovali su mi nalog na insta');
    assert.equal(r.intent, 'privacy');
    assert.equal(r.score, 0.81);
    assert.deepEqual(r.alternatives.map((a) => a.intent), ['privacy', 'report', 'help']);
    assert.equal(r.locale, 'sr-Latn');
    assert.deepEqual(r.entities.platforms, ['instagram']);
    const seen = standIn.seen[0];
    assert.equal(seen?.method, 'POST');
    assert.match(seen?.url ?? '', /^\/luis\/prediction\/v3\.0\/apps\/00000000-0000-0000-0000-000000000001\/slots\/production\/predict\?/);
    assert.equal(seen?.key, 'test-key');
    assert.equal(seen?.query, 'hakovali su mi nalog na insta');
    assert.equal(logs.lines.length, 0);
  });

  it('when LUIS answers with an intent this project does not know, then it becomes none', async () => {
    standIn.behaviour = { kind: 'predict', topIntent: 'OrderPizza', intents: { OrderPizza: 0.95, None: 0.03 } };
    const r = await luis.recognize('I like pizza');
    assert.equal(r.intent, 'none');
    assert.equal(r.score, 0.95);
    assert.equal(r.locale, 'en');
  });

  it('when LUIS misses a crisis, then the crisis net still raises it', async () => {
    standIn.behaviour = { kind: 'predict', topIntent: 'greeting', intents: { greeting: 0.97 } };
    const r = await luis.recognize('ćao, hoću da se ubijem');
    assert.equal(r.intent, 'self_harm');
    assert.equal(r.crisisLexiconHit, true);
  });

  const failures: Array<[string, () => void, string]> = [
    ['answers 500', () => (standIn.behaviour = { kind: 'status', status: 500 }), 'http'],
    ['answers 401', () => (standIn.behaviour = { kind: 'status', status: 401 }), 'http'],
    ['does not answer within the timeout', () => (standIn.behaviour = { kind: 'slow', delayMs: 2000 }), 'timeout'],
    ['answers something that is not JSON', () => (standIn.behaviour = { kind: 'garbage', body: '<html>oops' }), 'invalid-response'],
    ['answers JSON that is not a prediction', () => (standIn.behaviour = { kind: 'garbage', body: '{"prediction":{"topIntent":5}}' }), 'invalid-response'],
  ];
  for (const [what, arrange, reason] of failures) {
    it(`when LUIS ${what}, then the embedded recognizer answers and the log names the reason without the text`, async function () {
      this.timeout(5000);
      arrange();
      const text = 'Želim da prijavim jednog lika sa instagrama';
      const started = Date.now();
      const r = await luis.recognize(text);
      assert.ok(Date.now() - started < 1500, 'the fallback should answer soon after the timeout');
      assert.equal(r.intent, 'report');
      assert.equal(r.locale, 'sr-Latn');
      assert.equal(standIn.seen.length, 1, 'no retries');
      const entries = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(entries.length, 1);
      assert.equal(entries[0]?.event, 'nlu.luis.fallback');
      assert.equal(entries[0]?.reason, reason);
      for (const line of logs.lines) {
        assert.ok(!line.includes('prijavim') && !line.includes('instagram'), `log line carries user text: ${line}`);
      }
    });
  }

  it('when LUIS cannot be reached at all, then the embedded recognizer answers', async () => {
    const unreachable = new LuisRecognizer(
      { appId: 'app', endpoint: 'http://127.0.0.1:1', key: 'k', slot: 'staging', timeoutMs: 500 },
      new NlpjsRecognizer(),
      log,
    );
    await unreachable.init();
    const r = await unreachable.recognize('здраво');
    assert.equal(r.intent, 'greeting');
    assert.equal(r.locale, 'sr-Cyrl');
    assert.match(logs.lines.at(-1) ?? '', /"reason":"(network|timeout)"/);
  });

  it('when createRecognizer gets the LUIS_* settings, then it returns the LUIS recognizer; without them, the embedded one', () => {
    const quiet = pino({ level: 'silent' });
    assert.ok(createRecognizer(loadNluConfig({ LUIS_APP_ID: 'app', LUIS_ENDPOINT: endpoint, LUIS_KEY: 'k' }), quiet) instanceof LuisRecognizer);
    assert.ok(createRecognizer(loadNluConfig({}), quiet) instanceof NlpjsRecognizer);
  });
});
