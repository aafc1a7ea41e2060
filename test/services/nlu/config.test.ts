import assert from 'node:assert/strict';
import { ConfigError, loadSection, type NluConfig } from '../../../core/config';

/** The LUIS settings of the configuration's `nlu` section. */
const loadLuisConfig = (env: NodeJS.ProcessEnv): NluConfig['luis'] => loadSection('nlu', env).luis;

describe('LUIS configuration', () => {
  const full = { LUIS_APP_ID: '1b2c3d4e-0000-4000-8000-000000000000', LUIS_ENDPOINT: 'https://example.cognitiveservices.azure.com/', LUIS_KEY: 'secret' };

  it('when no LUIS_* variable is set (or they are empty), then LUIS is off', () => {
    assert.equal(loadLuisConfig({}), undefined);
    assert.equal(loadLuisConfig({ LUIS_APP_ID: '', LUIS_ENDPOINT: '', LUIS_KEY: '' }), undefined);
  });

  it('when the three connection settings are set, then the slot and timeout take their defaults', () => {
    assert.deepEqual(loadLuisConfig(full), {
      appId: full.LUIS_APP_ID,
      endpoint: 'https://example.cognitiveservices.azure.com',
      key: 'secret',
      slot: 'production',
      timeoutMs: 1500,
    });
    assert.equal(loadLuisConfig({ ...full, LUIS_SLOT: 'staging', LUIS_TIMEOUT_MS: '800' })?.timeoutMs, 800);
  });

  for (const missing of ['LUIS_APP_ID', 'LUIS_ENDPOINT', 'LUIS_KEY'] as const) {
    it(`when ${missing} is missing but the others are set, then start-up stops naming ${missing}`, () => {
      const env: Record<string, string> = { ...full };
      delete env[missing];
      assert.throws(() => loadLuisConfig(env), (err: unknown) => err instanceof ConfigError && err.variable === missing);
    });
  }

  it('when a value is wrong, then the error names that variable', () => {
    assert.throws(() => loadLuisConfig({ ...full, LUIS_ENDPOINT: 'ftp://x' }), (e: unknown) => e instanceof ConfigError && e.variable === 'LUIS_ENDPOINT');
    assert.throws(() => loadLuisConfig({ ...full, LUIS_TIMEOUT_MS: 'soon' }), (e: unknown) => e instanceof ConfigError && e.variable === 'LUIS_TIMEOUT_MS');
  });
});
