import type { Activity, ActivityHandler, CloudAdapter } from 'botbuilder';
import { AuthenticateRequestResult, ClaimsIdentity, ConnectorClient, ConnectorFactory } from 'botframework-connector';
import { checkInboundActivity } from '../../bots/activitySchema';
import type { Logger } from '../../core/logger';

/** Takes a reply of the bot into the local Direct Line (LocalDirectLine#fromBot). */
export type ReplySink = (conversationId: string, activity: unknown, replyToId?: string) => Promise<{ id: string }>;

/**
 * The `serviceUrl` activities from the local Direct Line carry. It names no
 * server: the bot's replies never leave the process (the `.invalid` domain
 * cannot resolve, so a call that slipped past the in-process client would
 * fail rather than go somewhere).
 */
export const LOCAL_SERVICE_URL = 'https://directline.bezbedno.invalid';

type Conversations = ConnectorClient['conversations'];

/** A credential that signs nothing: no request of this client goes on the network. */
const NO_CREDENTIALS = { signRequest: <T>(resource: T): Promise<T> => Promise.resolve(resource) };

/**
 * A connector client whose replies go straight into the local Direct Line,
 * in this process: no loopback HTTP, no connector key, nothing for another
 * caller to reach. The activity is passed as it would be on the wire (a JSON
 * copy), so the Direct Line sees what an HTTP connector would.
 */
class InProcessConnectorClient extends ConnectorClient {
  constructor(sink: ReplySink) {
    super(NO_CREDENTIALS, { baseUri: LOCAL_SERVICE_URL });
    const wire = (activity: Partial<Activity>): unknown => JSON.parse(JSON.stringify(activity)) as unknown;
    const unsupported = (): Promise<never> => Promise.reject(new Error('not supported by the local Direct Line'));
    // Only what CloudAdapter#sendActivities calls is answered; everything else is refused.
    this.conversations = Object.assign(Object.create(this.conversations) as Conversations, {
      sendToConversation: (conversationId: string, activity: Partial<Activity>) => sink(conversationId, wire(activity)),
      replyToActivity: (conversationId: string, activityId: string, activity: Partial<Activity>) => sink(conversationId, wire(activity), activityId),
      updateActivity: unsupported,
      deleteActivity: unsupported,
      createConversation: unsupported,
    }) as Conversations;
  }
}

/** Connector clients for the local Direct Line: always the in-process one. */
class InProcessConnectorFactory extends ConnectorFactory {
  constructor(private readonly sink: ReplySink) {
    super();
  }
  override create(): Promise<ConnectorClient> {
    return Promise.resolve(new InProcessConnectorClient(this.sink));
  }
}

/**
 * Hands user activities to the bot in-process through the CloudAdapter, as
 * if they had arrived at /api/messages, with a pre-authenticated request
 * result: the local Direct Line is part of this server, so there is no
 * inbound token to check, and the bot's replies come back through
 * {@link InProcessConnectorClient} into the same Direct Line — stored, shown
 * at once on this instance's sockets and, with several instances, found by
 * the others' poll. Real channels (/api/messages) keep the adapter's own
 * HTTP connector. Turns of one conversation run one after another, in
 * arrival order.
 */
export class BotBridge {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly auth: AuthenticateRequestResult;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly bot: ActivityHandler,
    sink: ReplySink,
    private readonly log: Logger,
  ) {
    this.auth = {
      audience: 'bezbedno-local-directline',
      // Anonymous, unauthenticated claims: what the adapter itself produces
      // when Bot Framework authentication is off.
      claimsIdentity: new ClaimsIdentity([], true),
      connectorFactory: new InProcessConnectorFactory(sink),
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
