import assert from 'node:assert/strict';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AppCredentials, AuthenticationConstants, ClaimsIdentity, ConnectorClient } from 'botframework-connector';
import { ClientCache, GuardedAuthentication } from '../../server/guardedAuthentication';
import { ServiceUrlPolicy, ServiceUrlRefusedError } from '../../server/serviceUrlPolicy';

const claims = (appId: string): ClaimsIdentity =>
  new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }, { type: AuthenticationConstants.AppIdClaim, value: appId }], true);

/** The bearer token the client's credentials put on a request now. */
async function bearer(client: ConnectorClient): Promise<string | undefined> {
  const headers = new Map<string, string>();
  await client.credentials.signRequest({ headers: { set: (k: string, v: string) => headers.set(k.toLowerCase(), v) } } as never);
  return headers.get('authorization');
}

describe('connector and token clients are made once, not per turn (server/guardedAuthentication)', () => {
  const policy = new ServiceUrlPolicy({ authenticated: false, allowLoopback: true });
  const local = 'http://127.0.0.1:3978/';

  it('when turns for the same app and serviceUrl ask for a connector, then they share one; another serviceUrl or app gets its own', async () => {
    const auth = new GuardedAuthentication(new ConfigurationBotFrameworkAuthentication({}), policy);
    const result = await auth.authenticateRequest({ serviceUrl: local, channelId: 'emulator' } as never, '');
    const first = await result.connectorFactory!.create(local, result.audience);
    const again = await auth.authenticateRequest({ serviceUrl: local, channelId: 'emulator' } as never, '');
    assert.equal(await again.connectorFactory!.create(local, again.audience), first);
    assert.equal(await auth.createConnectorFactory(claims('')).create(local, result.audience), first, 'a proactive turn too');
    assert.notEqual(await result.connectorFactory!.create('http://127.0.0.1:3979/', result.audience), first);
    assert.equal(await auth.createUserTokenClient(result.claimsIdentity), await auth.createUserTokenClient(again.claimsIdentity));
  });

  it('when the policy refuses a serviceUrl, then it is refused every time, cached or not', async () => {
    let allowed = true;
    const switching = { allowsReply: () => allowed } as unknown as ServiceUrlPolicy;
    const auth = new GuardedAuthentication(new ConfigurationBotFrameworkAuthentication({}), switching);
    const factory = auth.createConnectorFactory(claims(''));
    await factory.create(local);
    allowed = false;
    await assert.rejects(factory.create(local), ServiceUrlRefusedError);
  });

  it('when app credentials are configured, then the kept client signs each request with the token botframework-connector holds now', async () => {
    const auth = new GuardedAuthentication(
      new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: 'app-1', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant' }),
      policy,
    );
    const client = await auth.createConnectorFactory(claims('app-1')).create(local);
    assert.equal(await auth.createConnectorFactory(claims('app-1')).create(local), client);
    // The shared token cache MSAL's answers go to (AppCredentials.getToken refreshes it when a token is within 5 minutes of expiry).
    const cache = (AppCredentials as unknown as { cache: Map<string, { accessToken: string; expiresOn: Date }> }).cache;
    const key = `app-1${AuthenticationConstants.ToChannelFromBotOAuthScope}-cache`;
    try {
      cache.set(key, { accessToken: 'first-token', expiresOn: new Date(Date.now() + 3600_000) });
      assert.equal(await bearer(client), 'Bearer first-token');
      cache.set(key, { accessToken: 'renewed-token', expiresOn: new Date(Date.now() + 3600_000) });
      assert.equal(await bearer(client), 'Bearer renewed-token');
    } finally {
      cache.delete(key);
    }
    // An app id the credentials do not know is refused, and the refusal is not kept.
    await assert.rejects(auth.createConnectorFactory(claims('other-app')).create(local), /Invalid appId/);
  });

  it('when more keys come than the cache holds, then the least recently used go and a failure is never kept', async () => {
    const cache = new ClientCache<number>(2);
    let made = 0;
    const make = () => Promise.resolve(++made);
    assert.equal(await cache.obtain('a', make), 1);
    assert.equal(await cache.obtain('b', make), 2);
    assert.equal(await cache.obtain('a', make), 1);
    assert.equal(await cache.obtain('c', make), 3);
    assert.equal(cache.size, 2);
    assert.equal(await cache.obtain('b', make), 4, 'b was the least recently used');
    await assert.rejects(cache.obtain('x', () => Promise.reject(new Error('no'))));
    await Promise.resolve();
    assert.equal(await cache.obtain('x', make), 5);
  });
});
