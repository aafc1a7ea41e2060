import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadSection, type ReportConfig } from '../../../core/config';
import { DeliveryError } from '../../../services/notify/deliveryError';
import type { Notice } from '../../../services/notify/notice';
import { WebhookChannel } from '../../../services/notify/webhookChannel';
import { webhookUrlProblem } from '../../../services/notify/webhookUrl';
import { authoritySchema } from '../../../services/routing/routingSchemas';

const loadReportConfig = (env: NodeJS.ProcessEnv): ReportConfig => loadSection('reports', env);

const KEYS = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
const PRODUCTION = { NODE_ENV: 'production', REPORT_ENCRYPTION_KEYS: KEYS, DASHBOARD_URL: 'https://bezbedno.example.org/dashboard', NOTIFY_WEBHOOK_SECRET: 'a-webhook-secret-of-some-length' };

/** One rule for every webhook: https; plain http only to this machine, only in development. */
describe('webhook https rule (authorities and on-duty)', () => {
  it('the rule: https always; http to loopback only in development; nothing else', () => {
    assert.equal(webhookUrlProblem('https://hooks.example.org/x', true), undefined);
    assert.equal(webhookUrlProblem('https://hooks.example.org/x', false), undefined);
    for (const local of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://[::1]:9/hook']) {
      assert.equal(webhookUrlProblem(local, false), undefined, local);
      assert.match(webhookUrlProblem(local, true) ?? '', /https in production/, local);
    }
    assert.match(webhookUrlProblem('http://hooks.example.org/x', false) ?? '', /loopback/);
    assert.ok(webhookUrlProblem('ftp://127.0.0.1/x', false));
  });

  it('when the on-duty webhook is plain http, then production refuses to start naming it and development allows only loopback', () => {
    assert.throws(() => loadReportConfig({ ...PRODUCTION, NOTIFY_ONDUTY_WEBHOOK: 'http://127.0.0.1:9000/duty' }), (e: unknown) => e instanceof ConfigError && e.variable === 'NOTIFY_ONDUTY_WEBHOOK');
    assert.equal(loadReportConfig({ ...PRODUCTION, NOTIFY_ONDUTY_WEBHOOK: 'https://duty.example.org/x' }).notify.ondutyWebhook, 'https://duty.example.org/x');
    const dev = { NOTIFY_WEBHOOK_SECRET: 'a-webhook-secret-of-some-length' };
    assert.equal(loadReportConfig({ ...dev, NOTIFY_ONDUTY_WEBHOOK: 'http://127.0.0.1:9000/duty' }).notify.ondutyWebhook, 'http://127.0.0.1:9000/duty');
    assert.throws(() => loadReportConfig({ ...dev, NOTIFY_ONDUTY_WEBHOOK: 'http://duty.example.org/x' }), (e: unknown) => e instanceof ConfigError && e.variable === 'NOTIFY_ONDUTY_WEBHOOK');
  });

  it('when an authority\'s webhook is entered, then the same rule applies (loopback http for a local receiver; other http refused)', () => {
    const authority = (webhook: string): unknown => ({
      id: 'test-authority', kind: 'police', name: { 'sr-Latn': 'T', en: 'T' },
      jurisdiction: { scope: 'national', area: { 'sr-Latn': 'Srbija', en: 'Serbia' } },
      actsOn: { 'sr-Latn': 'sve', en: 'all' }, contact: { webhook, configured: true },
    });
    assert.equal(authoritySchema.validate(authority('https://police.example.org/hook')).error, undefined);
    assert.equal(authoritySchema.validate(authority('http://127.0.0.1:8080/hook')).error, undefined);
    assert.ok(authoritySchema.validate(authority('http://police.example.org/hook')).error);
  });

  describe('when a notice is sent', () => {
    let received = 0;
    const receiver = http.createServer((req, res) => {
      received++;
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    let url: string;
    const notice: Notice = { type: 'report.new', caseCode: 'ABCD-2345', urgency: 'high', link: 'https://bezbedno.example.org/dashboard/#r', target: 'onduty' };
    before(async () => {
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    });
    after(() => new Promise<void>((r) => receiver.close(() => r())));

    it('in development, then a loopback http receiver gets it; in production, then it is refused without a request', async () => {
      await new WebhookChannel('a-webhook-secret-of-some-length', 2000, Date.now, false).send(url, notice);
      assert.equal(received, 1);
      await assert.rejects(
        new WebhookChannel('a-webhook-secret-of-some-length', 2000, Date.now, true).send(url, notice),
        (e: unknown) => e instanceof DeliveryError && e.code === 'insecure_webhook',
      );
      assert.equal(received, 1, 'nothing was sent over plain http in production');
    });
  });
});
