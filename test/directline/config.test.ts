import assert from 'node:assert/strict';
import { ConfigError } from '../../server/config';
import { loadDirectLineConfig } from '../../server/directline/config';

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
});
