import assert from 'node:assert/strict';
import { ConfigError, loadSection, type ServerConfig } from '../../core/config';

const loadConfig = (env: NodeJS.ProcessEnv): ServerConfig => loadSection('server', env);

describe('config', () => {
  it('when the environment is empty, then safe defaults apply (embedded DB, no auth, 24 h state)', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3978);
    assert.equal(c.mongodbUri, undefined);
    assert.equal(c.botAuth, undefined);
    assert.equal(c.stateTtlHours, 24);
    assert.equal(c.host, '127.0.0.1');
  });

  it('when PORT is not a number, then start-up fails naming PORT', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), (e: unknown) => e instanceof ConfigError && e.variable === 'PORT');
  });

  it('when MONGODB_URI is not a mongodb URI, then it is named', () => {
    assert.throws(
      () => loadConfig({ MONGODB_URI: 'http://example.org/db' }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'MONGODB_URI' && /MONGODB_URI/.test(e.message),
    );
  });

  it('when only MicrosoftAppId is set, then the missing password is named', () => {
    assert.throws(
      () => loadConfig({ MicrosoftAppId: '00000000-0000-0000-0000-000000000000' }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'MicrosoftAppPassword',
    );
  });

  it('when SingleTenant has no tenant id, then MicrosoftAppTenantId is named', () => {
    assert.throws(
      () => loadConfig({ MicrosoftAppId: 'a', MicrosoftAppPassword: 'b', MicrosoftAppType: 'SingleTenant' }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'MicrosoftAppTenantId',
    );
  });

  it('when LOG_LEVEL is unknown, then it is named', () => {
    assert.throws(() => loadConfig({ LOG_LEVEL: 'chatty' }), (e: unknown) => e instanceof ConfigError && e.variable === 'LOG_LEVEL');
  });

  it('when credentials are complete, then auth is configured', () => {
    const c = loadConfig({ MicrosoftAppId: 'a', MicrosoftAppPassword: 'b', STATE_TTL_HOURS: '2' });
    assert.deepEqual(c.botAuth, { appId: 'a', appPassword: 'b', appType: 'MultiTenant', tenantId: undefined });
    assert.equal(c.stateTtlHours, 2);
  });

  it('when the bot runs as a user-assigned managed identity, then no password is needed but the tenant is', () => {
    const c = loadConfig({ MicrosoftAppId: 'client-id', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 'tenant' });
    assert.deepEqual(c.botAuth, { appId: 'client-id', appPassword: undefined, appType: 'UserAssignedMSI', tenantId: 'tenant' });
    assert.throws(
      () => loadConfig({ MicrosoftAppId: 'client-id', MicrosoftAppType: 'UserAssignedMSI' }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'MicrosoftAppTenantId',
    );
  });

  it('when only a password is set, then the missing MicrosoftAppId is named', () => {
    assert.throws(() => loadConfig({ MicrosoftAppPassword: 'b' }), (e: unknown) => e instanceof ConfigError && e.variable === 'MicrosoftAppId');
  });

  it('when an App Service Key Vault reference was not resolved, then start-up names the variable instead of using the reference text as a secret', () => {
    assert.throws(
      () => loadConfig({ DIRECTLINE_TOKEN_SECRET: '@Microsoft.KeyVault(VaultName=v;SecretName=directline-token-secret)' }),
      (e: unknown) => e instanceof ConfigError && e.variable === 'DIRECTLINE_TOKEN_SECRET' && /Key Vault/.test(e.message),
    );
  });

  it('when more than one instance is configured without MONGODB_URI, then INSTANCES is named (the embedded database has one owner)', () => {
    assert.throws(() => loadConfig({ INSTANCES: '2' }), (err: unknown) => err instanceof ConfigError && err.variable === 'INSTANCES' && /MONGODB_URI/.test(err.message));
    assert.equal(loadConfig({ INSTANCES: '2', MONGODB_URI: 'mongodb://db.example.org/bezbedno' }).instances, 2);
  });
});
