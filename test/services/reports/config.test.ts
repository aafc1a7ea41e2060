import assert from 'node:assert/strict';
import { ConfigError } from '../../../server/config';
import { loadReportConfig } from '../../../services/reports/config';

describe('report configuration', () => {
  it('when nothing is set, then development defaults apply (spool under DATA_DIR, 12-month retention, no SMTP)', () => {
    const c = loadReportConfig({ DATA_DIR: '/srv/data' });
    assert.equal(c.spoolDir, '/srv/data/spool');
    assert.equal(c.retention.closedMonths, 12);
    assert.equal(c.passphraseWords, 5);
    assert.equal(c.followUp.maxFailures, 5);
    assert.equal(c.smtp, undefined);
    assert.equal(c.encryptionKeys, undefined);
  });

  it('when production runs without encryption keys, then start-up fails naming REPORT_ENCRYPTION_KEYS', () => {
    assert.throws(() => loadReportConfig({ NODE_ENV: 'production' }), (e: unknown) => e instanceof ConfigError && e.variable === 'REPORT_ENCRYPTION_KEYS');
  });

  it('when a value is wrong, then the error names the variable and never echoes a secret', () => {
    assert.throws(() => loadReportConfig({ REPORT_ENCRYPTION_KEYS: 'not a key spec!' }), (e: unknown) => e instanceof ConfigError && e.variable === 'REPORT_ENCRYPTION_KEYS' && !e.message.includes('not a key spec'));
    assert.throws(() => loadReportConfig({ SMTP_HOST: 'smtp.example.org', SMTP_USER: 'u' }), (e: unknown) => e instanceof ConfigError && e.variable === 'SMTP_PASSWORD');
    assert.throws(() => loadReportConfig({ NOTIFY_ONDUTY_EMAIL: 'dezurni@example.org' }), (e: unknown) => e instanceof ConfigError && e.variable === 'SMTP_HOST');
    assert.throws(() => loadReportConfig({ NOTIFY_ONDUTY_WEBHOOK: 'https://hooks.example.org/x' }), (e: unknown) => e instanceof ConfigError && e.variable === 'NOTIFY_WEBHOOK_SECRET');
  });

  it('when SMTP is configured, then the transport settings are complete', () => {
    const c = loadReportConfig({ SMTP_HOST: 'smtp.example.org', SMTP_PORT: '465', SMTP_SECURE: 'true', SMTP_USER: 'u', SMTP_PASSWORD: 'p', SMTP_FROM: 'noreply@example.org' });
    assert.deepEqual(c.smtp, { host: 'smtp.example.org', port: 465, secure: true, requireTls: false, user: 'u', password: 'p', from: 'noreply@example.org' });
  });
});
