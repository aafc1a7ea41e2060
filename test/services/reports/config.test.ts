import assert from 'node:assert/strict';
import { ConfigError, loadSection, type ReportConfig } from '../../../core/config';
import { FieldCipher } from '../../../services/crypto/fieldCipher';
import { parseKeyring } from '../../../services/crypto/keyring';
import { AccountMatcher } from '../../../services/reports/accountMatcher';

const loadReportConfig = (env: NodeJS.ProcessEnv): ReportConfig => loadSection('reports', env);

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
    assert.throws(() => loadReportConfig({ REPORT_MATCH_KEYS: 'not a key spec!' }), (e: unknown) => e instanceof ConfigError && e.variable === 'REPORT_MATCH_KEYS' && !e.message.includes('not a key spec'));
    assert.equal(loadReportConfig({ REPORT_MATCH_KEYS: 'm1:c2hvcnQ=' }).matchKeys, 'm1:c2hvcnQ=', 'the key itself is checked when the matcher is built');
    assert.throws(() => AccountMatcher.fromConfig(new FieldCipher(parseKeyring(`k1:${Buffer.alloc(32, 1).toString('base64')}`)), 'm1:c2hvcnQ='), (e: unknown) => e instanceof ConfigError && e.variable === 'REPORT_MATCH_KEYS' && !e.message.includes('c2hvcnQ'));
    assert.throws(() => loadReportConfig({ SMTP_HOST: 'smtp.example.org', SMTP_USER: 'u' }), (e: unknown) => e instanceof ConfigError && e.variable === 'SMTP_PASSWORD');
    assert.throws(() => loadReportConfig({ NOTIFY_ONDUTY_EMAIL: 'dezurni@example.org' }), (e: unknown) => e instanceof ConfigError && e.variable === 'SMTP_HOST');
    assert.throws(() => loadReportConfig({ NOTIFY_ONDUTY_WEBHOOK: 'https://hooks.example.org/x' }), (e: unknown) => e instanceof ConfigError && e.variable === 'NOTIFY_WEBHOOK_SECRET');
  });

  it('when on-duty hours are set, then they are read as Belgrade-time windows; when wrong, start-up fails naming NOTIFY_ONDUTY_HOURS and what is wrong', () => {
    assert.equal(loadReportConfig({}).notify.ondutyHours, undefined);
    assert.deepEqual(loadReportConfig({ NOTIFY_ONDUTY_HOURS: 'mon-fri 08:00-20:00; sat 09:30-13:00' }).notify.ondutyHours, [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: 480, to: 1200 },
      { days: ['sat'], from: 570, to: 780 },
    ]);
    for (const wrong of ['mon-fri 8-20', 'weekdays 08:00-20:00', 'mon 25:00-26:00', 'mon 08:00', 'mon 08:61-09:00']) {
      assert.throws(
        () => loadReportConfig({ NOTIFY_ONDUTY_HOURS: wrong }),
        (e: unknown) => e instanceof ConfigError && e.variable === 'NOTIFY_ONDUTY_HOURS' && /mon-fri 08:00-20:00/.test(e.message),
        wrong,
      );
    }
  });

  it('when SMTP is configured, then the transport settings are complete', () => {
    const c = loadReportConfig({ SMTP_HOST: 'smtp.example.org', SMTP_PORT: '465', SMTP_SECURE: 'true', SMTP_USER: 'u', SMTP_PASSWORD: 'p', SMTP_FROM: 'noreply@example.org' });
    assert.deepEqual(c.smtp, { host: 'smtp.example.org', port: 465, secure: true, requireTls: false, user: 'u', password: 'p', from: 'noreply@example.org' });
  });
});
