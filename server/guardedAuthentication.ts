import type { Activity } from 'botbuilder';
import {
  AuthenticateRequestResult,
  AuthenticationConstants,
  BotFrameworkAuthentication,
  BotFrameworkClient,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  UserTokenClient,
} from 'botframework-connector';
import { ServiceUrlPolicy, ServiceUrlRefusedError } from './serviceUrlPolicy';

/** How many distinct (app, serviceUrl, audience) connectors and app token clients are kept. */
export const CLIENT_CACHE_SIZE = 64;

/**
 * A small least-recently-used map of client promises. A promise that rejects
 * leaves the map, so a failure (an unknown app id) is never remembered.
 */
export class ClientCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly max = CLIENT_CACHE_SIZE) {}

  get size(): number {
    return this.entries.size;
  }

  obtain(key: string, make: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const made = make();
    this.entries.set(key, made);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    return made;
  }
}

/**
 * The app id botframework-connector's own factories use for a request's
 * claims: the audience claim from a channel, the appid claim from the
 * Emulator, none when unauthenticated.
 */
function appIdOf(claims: ClaimsIdentity): string {
  return claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claims.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/**
 * A connector factory that refuses, before any request, a serviceUrl the
 * policy does not allow, and reuses the connector it made for the same app,
 * serviceUrl and audience (see {@link GuardedAuthentication}).
 */
export class GuardedConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly policy: ServiceUrlPolicy,
    private readonly cache?: { clients: ClientCache<ConnectorClient>; appId: string },
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    if (!this.policy.allowsReply(serviceUrl)) return Promise.reject(new ServiceUrlRefusedError());
    if (!this.cache) return this.inner.create(serviceUrl, audience);
    return this.cache.clients.obtain(`${this.cache.appId}\n${audience ?? ''}\n${serviceUrl}`, () => this.inner.create(serviceUrl, audience));
  }
}

/**
 * Bot Framework authentication whose connector factories only reach allowed
 * serviceUrls. The edge already refuses such activities with a 403
 * (server/app.ts); this is the second lock, for every other way a connector
 * is made (proactive messages, a future route).
 *
 * It also keeps the clients botbuilder would otherwise build on every turn:
 * a ConnectorClient per (app id, audience, serviceUrl) and a UserTokenClient
 * per app id, each a full Azure client pipeline. Reusing them is safe with
 * credentials: a client holds the app's credentials object, which signs every
 * request with `getToken()`, and that reads botframework-connector's token
 * cache (AppCredentials.cache, shared by all instances) and asks MSAL for a
 * new token once the cached one is within five minutes of expiry — the same
 * token a new client would get. Everything the inner factory is given is fixed
 * per app (login endpoint, scope, authority, client options), and the serviceUrl
 * policy is still asked on every `create`.
 */
export class GuardedAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new ClientCache<ConnectorClient>();
  private readonly userTokenClients = new ClientCache<UserTokenClient>();

  constructor(private readonly inner: BotFrameworkAuthentication, private readonly policy: ServiceUrlPolicy) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.guard(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.guard(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new GuardedConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), this.policy, {
      clients: this.connectors,
      appId: appIdOf(claimsIdentity),
    });
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.obtain(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private guard(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    const cache = { clients: this.connectors, appId: appIdOf(result.claimsIdentity) };
    return { ...result, connectorFactory: new GuardedConnectorFactory(result.connectorFactory, this.policy, cache) };
  }
}
