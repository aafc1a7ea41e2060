import type { Activity, ActivityHandler, CloudAdapter } from 'botbuilder';
import { AuthenticateRequestResult, ClaimsIdentity, ConnectorClient, ConnectorFactory } from 'botframework-connector';
import { checkInboundActivity } from '../../bots/activitySchema';
import type { Logger } from '../logger';

type Credentials = ConstructorParameters<typeof ConnectorClient>[0];
type WebResource = Parameters<Credentials['signRequest']>[0];

/**
 * Signs the bot's calls to the local connector with a per-process key, so
 * only this process's bot can post into a conversation — also when Bot
 * Framework authentication is off.
 */
class LocalConnectorCredentials implements Credentials {
  constructor(private readonly key: string) {}
  signRequest(webResource: WebResource): Promise<WebResource> {
    webResource.headers.set('Authorization', `Bearer ${this.key}`);
    return Promise.resolve(webResource);
  }
}

/** Connector clients for the local Direct Line's own connector routes, and nowhere else. */
class LocalConnectorFactory extends ConnectorFactory {
  constructor(private readonly key: string, private readonly ownUrl: () => string) {
    super();
  }
  override create(serviceUrl: string): Promise<ConnectorClient> {
    if (serviceUrl !== this.ownUrl()) return Promise.reject(new Error('the local bridge replies only to this server'));
    return Promise.resolve(new ConnectorClient(new LocalConnectorCredentials(this.key), { baseUri: serviceUrl }));
  }
}

/**
 * Hands user activities to the bot in-process through the CloudAdapter, as
 * if they had arrived at /api/messages, with a pre-authenticated request
 * result: the local Direct Line is part of this server, so there is no
 * inbound token to check, and the bot's replies go to the local connector
 * routes signed with {@link LocalConnectorCredentials}. Turns of one
 * conversation run one after another, in arrival order.
 */
export class BotBridge {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly auth: AuthenticateRequestResult;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly bot: ActivityHandler,
    connectorKey: string,
    ownUrl: () => string,
    private readonly log: Logger,
  ) {
    this.auth = {
      audience: 'bezbedno-local-directline',
      // Anonymous, unauthenticated claims: what the adapter itself produces
      // when Bot Framework authentication is off.
      claimsIdentity: new ClaimsIdentity([], true),
      connectorFactory: new LocalConnectorFactory(connectorKey, ownUrl),
    };
  }

  /** Runs a turn for `activity` after the conversation's earlier turns. */
  deliver(activity: Partial<Activity> & { conversation: { id: string } }): Promise<void> {
    const key = activity.conversation.id;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const turn = previous.then(() => this.run(activity));
    this.queues.set(key, turn);
    void turn.finally(() => {
      if (this.queues.get(key) === turn) this.queues.delete(key);
    });
    return turn;
  }

  /** Resolves when every queued turn has finished. */
  async drain(): Promise<void> {
    while (this.queues.size > 0) await Promise.allSettled([...this.queues.values()]);
  }

  private async run(activity: Partial<Activity>): Promise<void> {
    // The same schema as /api/messages: the Direct Line builds these activities
    // itself, so a refusal here is a bug, logged without the activity.
    const checked = checkInboundActivity(activity);
    if (!checked.ok) {
      this.log.error({ event: 'directline.activity_refused', field: checked.field }, 'the bridge built an invalid activity');
      return;
    }
    try {
      await this.adapter.processActivityDirect(this.auth, activity as Activity, (context) => this.bot.run(context));
    } catch (err) {
      // The adapter's onTurnError has already told the user; this records
      // only that delivery failed (never the activity).
      this.log.error({ event: 'directline.turn_failed', type: activity.type, err }, 'bot turn failed');
    }
  }
}
