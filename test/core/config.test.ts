import assert from 'node:assert/strict';
import { ConfigError, loadConfig, loadSection } from '../../core/config';
import { num, str } from '../../core/config/field';
import { readSection, section } from '../../core/config/section';

describe('the configuration schema (core/config)', () => {
  it('when several variables of several sections are wrong, then one ConfigError names every one, in schema order', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'chatty', DIRECTLINE_TOKEN_TTL_SECONDS: '5', DASHBOARD_POLL_SECONDS: '0', PASSPHRASE_WORDS: '3' }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'PORT'
        && e.variables.join() === 'PORT,LOG_LEVEL,DIRECTLINE_TOKEN_TTL_SECONDS,DASHBOARD_POLL_SECONDS,PASSPHRASE_WORDS'
        && e.variables.every((v) => e.message.includes(v)),
    );
  });

  it('when a secret has a wrong value, then the message names the variable and never repeats the value', () => {
    for (const [name, value] of [['REPORT_ENCRYPTION_KEYS', 'not a key spec!'], ['CLU_KEY', ''], ['DASHBOARD_TOTP_KEY', 'short-totp-secret'], ['DIRECTLINE_TOKEN_SECRET', 'too-short-secret']] as const) {
      const env = name === 'CLU_KEY' ? { CLU_ENDPOINT: 'https://x.example.org', CLU_PROJECT: 'p', CLU_DEPLOYMENT: 'd', CLU_KEY: value } : { [name]: value };
      assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && e.variables.includes(name) && (value === '' || !e.message.includes(value)), name);
    }
  });

  it('when NODE_ENV=production, then every section applies its production rules to the one environment', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (e: unknown) => e instanceof ConfigError && ['MONGODB_URI', 'DIRECTLINE_TOKEN_SECRET', 'REPORT_ENCRYPTION_KEYS', 'DASHBOARD_URL'].every((v) => e.variables.includes(v)),
    );
  });

  it('when an unresolved Key Vault reference is anywhere in the environment, then it is refused by name, whole or by section', () => {
    const env = { SMTP_PASSWORD: '@Microsoft.KeyVault(VaultName=v;SecretName=smtp-password)' };
    for (const read of [() => loadConfig(env), () => loadSection('server', env)]) {
      assert.throws(read, (e: unknown) => e instanceof ConfigError && e.variable === 'SMTP_PASSWORD' && /Key Vault/.test(e.message));
    }
  });

  it('when a variable is read by two sections, then both see the one value (TRUSTED_PROXY_HOPS)', () => {
    const c = loadConfig({ TRUSTED_PROXY_HOPS: '2' });
    assert.equal(c.directLine.trustedProxyHops, 2);
    assert.equal(c.dashboard.trustedProxyHops, 2);
    assert.equal(loadConfig({}).directLine.trustedProxyHops, 0);
    assert.equal(loadConfig({ DASHBOARD_TRUST_PROXY: 'true' }).dashboard.trustedProxyHops, 1);
  });

  it('when a section is declared, then its settings are typed from its fields: a default removes undefined, none keeps it', () => {
    const demo = section({ A: num().default(3), B: str(), C: str((s) => s.valid('x', 'y')).default('x') }, (v) => ({ a: v.A, b: v.B, c: v.C }));
    const settings = readSection(demo, { B: 'b' });
    // Compile-time: these assignments fail to typecheck if inference is lost.
    const a: number = settings.a;
    const b: string | undefined = settings.b;
    const c: string = settings.c;
    assert.deepEqual({ a, b, c }, { a: 3, b: 'b', c: 'x' });
    assert.throws(() => readSection(demo, { A: 'three' }), (e: unknown) => e instanceof ConfigError && e.variable === 'A');
  });
});
