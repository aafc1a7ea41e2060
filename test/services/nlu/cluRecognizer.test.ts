import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { ConfigError, loadSection, type NluConfig } from '../../../core/config';
import { createLogger } from '../../../core/logger';
import { CluRecognizer } from '../../../services/nlu/cluRecognizer';
const loadNluConfig = (env: NodeJS.ProcessEnv): NluConfig => loadSection('nlu', env);
import { createRecognizer } from '../../../services/nlu/createRecognizer';
import { LuisRecognizer } from '../../../services/nlu/luisRecognizer';
import { NlpjsRecognizer } from '../../../services/nlu/nlpjsRecognizer';

type Behaviour =
  | { kind: 'predict'; intents: Record<string, number>; entities?: { category: string; text: string }[] }
  | { kind: 'status'; status: number }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'garbage'; body: string };

interface SeenRequest {
  url: string;
  key: string | undefined;
  body: {
    kind?: string;
    analysisInput?: { conversationItem?: { text?: string; language?: string; id?: string; participantId?: string } };
    parameters?: { projectName?: string; deploymentName?: string };
  };
}

/**
 * A local stand-in for CLU's runtime: POST {endpoint}/language/:analyze-conversations,
 * answering the documented ConversationResult shape
 * ({kind, result: {query, prediction: {topIntent, projectKind, intents[{category, confidenceScore}], entities[…]}}}).
 */
class CluStandIn {
  behaviour: Behaviour = { kind: 'predict', intents: { greeting: 0.9 } };
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
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as SeenRequest['body'];
      this.seen.push({ url: req.url ?? '', key: req.headers['ocp-apim-subscription-key'] as string | undefined, body });
      const b = this.behaviour;
      if (b.kind === 'status') {
        res.writeHead(b.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'Unauthorized', message: 'no' } }));
      } else if (b.kind === 'slow') {
        setTimeout(() => !res.destroyed && res.end('{}'), b.delayMs);
      } else if (b.kind === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(b.body);
      } else {
        const intents = Object.entries(b.intents).sort((x, y) => y[1] - x[1]).map(([category, confidenceScore]) => ({ category, confidenceScore }));
        const entities = (b.entities ?? []).map((e) => ({ ...e, offset: 0, length: e.text.length, confidenceScore: 1 }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({
          kind: 'ConversationResult',
          result: { query: body.analysisInput?.conversationItem?.text, prediction: { topIntent: intents[0]?.category ?? '', projectKind: 'Conversation', intents, entities } },
        }));
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

describe('CLU recognizer (against a local CLU runtime stand-in)', () => {
  const standIn = new CluStandIn();
  const logs = new Lines();
  const log = createLogger('info', logs);
  let endpoint: string;
  let clu: CluRecognizer;

  before(async function () {
    this.timeout(60000);
    endpoint = await standIn.start();
    clu = new CluRecognizer({ endpoint, project: 'bezbedno', deployment: 'production', key: 'test-key', apiVersion: '2023-04-01', timeoutMs: 300 }, new NlpjsRecognizer(), log);
    await clu.init();
  });
  after(() => standIn.stop());
  beforeEach(() => {
    logs.lines.length = 0;
    standIn.seen.length = 0;
  });

  it('when CLU answers, then its intents become the recognition (best first, at most three) and the request names project and deployment', async () => {
    standIn.behaviour = { kind: 'predict', intents: { privacy: 0.81, report: 0.12, help: 0.05, greeting: 0.01 } };
    const r = await clu.recognize('hakovali su mi nalog na insta');
    assert.equal(r.intent, 'privacy');
    assert.equal(r.score, 0.81);
    assert.deepEqual(r.alternatives.map((a) => a.intent), ['privacy', 'report', 'help']);
    assert.equal(r.locale, 'sr-Latn');
    assert.deepEqual(r.entities.platforms, ['instagram']);
    const seen = standIn.seen[0]!;
    assert.equal(seen.url, '/language/:analyze-conversations?api-version=2023-04-01');
    assert.equal(seen.key, 'test-key');
    assert.equal(seen.body.kind, 'Conversation');
    assert.equal(seen.body.analysisInput?.conversationItem?.text, 'hakovali su mi nalog na insta');
    assert.equal(seen.body.analysisInput?.conversationItem?.language, 'sr');
    assert.deepEqual([seen.body.parameters?.projectName, seen.body.parameters?.deploymentName], ['bezbedno', 'production']);
    assert.equal(logs.lines.length, 0);
  });

  it('when CLU names entities, then they are mapped through the project\'s extractors onto canonical ids', async () => {
    standIn.behaviour = {
      kind: 'predict',
      intents: { report: 0.9 },
      entities: [{ category: 'platform', text: 'TikToku' }, { category: 'municipality', text: 'Novom Sadu' }, { category: 'age', text: '12 godina' }],
    };
    const r = await clu.recognize('prijavljujem nešto');
    assert.equal(r.intent, 'report');
    assert.deepEqual(r.entities.platforms, ['tiktok']);
    assert.equal(r.entities.municipalities.length, 1);
    assert.equal(r.entities.age, 12);
  });

  it('when CLU answers with an intent this project does not know, then it becomes none', async () => {
    standIn.behaviour = { kind: 'predict', intents: { OrderPizza: 0.95, None: 0.03 } };
    const r = await clu.recognize('I like pizza');
    assert.equal(r.intent, 'none');
    assert.equal(r.locale, 'en');
    assert.equal(standIn.seen[0]?.body.analysisInput?.conversationItem?.language, 'en');
  });

  it('when CLU misses a crisis, then the crisis check run here raises it', async () => {
    standIn.behaviour = { kind: 'predict', intents: { greeting: 0.97 } };
    const r = await clu.recognize('ćao, hoću da se ubijem');
    assert.equal(r.intent, 'self_harm');
    assert.equal(r.crisisLexiconHit, true);
  });

  const failures: Array<[string, () => void, string]> = [
    ['answers 500', () => (standIn.behaviour = { kind: 'status', status: 500 }), 'http'],
    ['answers 401', () => (standIn.behaviour = { kind: 'status', status: 401 }), 'http'],
    ['does not answer within the timeout', () => (standIn.behaviour = { kind: 'slow', delayMs: 2000 }), 'timeout'],
    ['answers something that is not JSON', () => (standIn.behaviour = { kind: 'garbage', body: '<html>oops' }), 'invalid-response'],
    ['answers JSON that is not a CLU result', () => (standIn.behaviour = { kind: 'garbage', body: '{"kind":"ConversationResult","result":{"prediction":{"topIntent":5}}}' }), 'invalid-response'],
  ];
  for (const [what, arrange, reason] of failures) {
    it(`when CLU ${what}, then the embedded recognizer answers and the log names the reason without the text`, async function () {
      this.timeout(5000);
      arrange();
      const started = Date.now();
      const r = await clu.recognize('Želim da prijavim jednog lika sa instagrama');
      assert.ok(Date.now() - started < 1500, 'the fallback should answer soon after the timeout');
      assert.equal(r.intent, 'report');
      assert.equal(standIn.seen.length, 1, 'no retries');
      const entries = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(entries.length, 1);
      assert.equal(entries[0]?.event, 'nlu.clu.fallback');
      assert.equal(entries[0]?.reason, reason);
      for (const line of logs.lines) assert.ok(!line.includes('prijavim') && !line.includes('instagram'), `log line carries user text: ${line}`);
    });
  }

  it('when CLU fails on a crisis message, then the fallback still raises the crisis', async () => {
    standIn.behaviour = { kind: 'status', status: 503 };
    const r = await clu.recognize('hoću da se ubijem');
    assert.equal(r.intent, 'self_harm');
  });

  it('when createRecognizer gets CLU_* settings, then CLU; LUIS_* (retired) still gives LUIS; both at once or a partial set is refused by name', () => {
    const quiet = pino({ level: 'silent' });
    const cluEnv = { CLU_ENDPOINT: endpoint, CLU_PROJECT: 'bezbedno', CLU_DEPLOYMENT: 'production', CLU_KEY: 'k' };
    assert.ok(createRecognizer(loadNluConfig(cluEnv), quiet) instanceof CluRecognizer);
    assert.ok(createRecognizer(loadNluConfig({ LUIS_APP_ID: 'app', LUIS_ENDPOINT: endpoint, LUIS_KEY: 'k' }), quiet) instanceof LuisRecognizer);
    assert.ok(createRecognizer(loadNluConfig({}), quiet) instanceof NlpjsRecognizer);
    assert.throws(() => loadNluConfig({ ...cluEnv, CLU_KEY: '' }), (e: unknown) => e instanceof ConfigError && e.variable === 'CLU_KEY');
    assert.throws(() => loadNluConfig({ ...cluEnv, LUIS_APP_ID: 'app', LUIS_ENDPOINT: endpoint, LUIS_KEY: 'k' }), (e: unknown) => e instanceof ConfigError && e.variable === 'LUIS_APP_ID');
  });
});
