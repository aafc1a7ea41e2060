import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadSection } from '../../core/config';
import { withTokenKey, type DirectLineConfig } from '../../server/directline/tokenKey';

/** The web channel's section with its token key, as server/index.ts hands it to the channel (INSTANCES and DATA_DIR as the server gives them). */
function loadDirectLineConfig(env: NodeJS.ProcessEnv, context: { instances?: number; dataDir?: string } = {}): DirectLineConfig {
  const settings = loadSection('directLine', { ...env, ...(context.instances ? { INSTANCES: String(context.instances) } : {}) });
  return withTokenKey(settings, { dataDir: context.dataDir });
}

describe('web channel configuration', () => {
  it('when nothing is set, then the local Direct Line runs with a random signing key and safe limits', () => {
    const a = loadDirectLineConfig({});
    const b = loadDirectLineConfig({});
    assert.equal(a.azureSecret, undefined);
    assert.equal(a.tokenSecret.length, 32);
    assert.notDeepEqual(a.tokenSecret, b.tokenSecret);
    assert.equal(a.tokenTtlSeconds, 1800);
    assert.deepEqual(a.allowedOrigins, []);
    assert.equal(a.exitUrl, '/widget/exit.html');
  });

  it('when school origins are listed, then they are normalised and deduplicated', () => {
    const c = loadDirectLineConfig({ WIDGET_ALLOWED_ORIGINS: 'https://os-primer.example.org/, https://os-primer.example.org ,http://localhost:8080' });
    assert.deepEqual(c.allowedOrigins, ['https://os-primer.example.org', 'http://localhost:8080']);
  });

  it('when a value is wrong, then start-up fails naming the variable', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ WIDGET_ALLOWED_ORIGINS: 'os-primer.example.org' }, 'WIDGET_ALLOWED_ORIGINS'],
      [{ DIRECTLINE_TOKEN_SECRET: 'short' }, 'DIRECTLINE_TOKEN_SECRET'],
      [{ DIRECTLINE_TOKEN_TTL_SECONDS: '5' }, 'DIRECTLINE_TOKEN_TTL_SECONDS'],
      [{ WIDGET_EXIT_URL: 'javascript:alert(1)' }, 'WIDGET_EXIT_URL'],
      [{ WIDGET_EXIT_URL: '//evil.example.com' }, 'WIDGET_EXIT_URL'],
    ];
    for (const [env, variable] of cases) {
      assert.throws(() => loadDirectLineConfig(env), (err: unknown) => err instanceof ConfigError && err.variable === variable, variable);
    }
  });

  it('when an Azure secret is set, then it is kept for the token exchange', () => {
    const c = loadDirectLineConfig({ DIRECTLINE_SECRET: 'a-direct-line-secret-value', DIRECTLINE_AZURE_BASE_URL: 'https://europe.directline.botframework.com/v3/directline/' });
    assert.equal(c.azureSecret, 'a-direct-line-secret-value');
    assert.equal(c.azureBaseUrl, 'https://europe.directline.botframework.com/v3/directline');
  });

  it('when it runs in production or as one of several instances without DIRECTLINE_TOKEN_SECRET, then start-up refuses naming it', () => {
    for (const [env, instances] of [[{ NODE_ENV: 'production' }, 1], [{}, 3]] as Array<[Record<string, string>, number]>) {
      assert.throws(
        () => loadDirectLineConfig(env, { instances }),
        (err: unknown) => err instanceof ConfigError && err.variable === 'DIRECTLINE_TOKEN_SECRET' && /every instance/.test(err.message),
      );
    }
    const secret = 'a-token-secret-of-at-least-32-characters';
    const set = loadDirectLineConfig({ NODE_ENV: 'production', DIRECTLINE_TOKEN_SECRET: secret }, { instances: 3 });
    assert.equal(set.tokenSecretSource, 'configured');
    assert.deepEqual(set.tokenSecret, Buffer.from(secret));
    // With Azure Direct Line the local tokens are not used: nothing to require.
    assert.equal(loadDirectLineConfig({ NODE_ENV: 'production', DIRECTLINE_SECRET: 'a-direct-line-secret-value' }).azureSecret, 'a-direct-line-secret-value');
  });

  it('when development runs without DIRECTLINE_TOKEN_SECRET, then one key is made in DATA_DIR (0600) and used again after a restart', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-dlkey-'));
    try {
      const first = loadDirectLineConfig({}, { dataDir: dir });
      const again = loadDirectLineConfig({}, { dataDir: dir });
      assert.equal(first.tokenSecretSource, 'development-file');
      assert.deepEqual(again.tokenSecret, first.tokenSecret);
      assert.equal(fs.statSync(path.join(dir, 'keys', 'directline-token')).mode & 0o777, 0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
