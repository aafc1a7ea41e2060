import {
  Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationBotFrameworkAuthenticationOptions,
  ConversationState,
  InvokeResponse,
  TurnContext,
} from 'botbuilder';
import type { ServerConfig } from '../core/config';
import { GuardedAuthentication } from './guardedAuthentication';
import { ServiceUrlPolicy } from './serviceUrlPolicy';
import type { Logger } from '../core/logger';
import { turnFailureKey } from '../bots/turnFailure';
import { render } from '../dialogs/shared/reply';
import { audienceOf, settledVoice } from '../dialogs/shared/turnInfo';
import { localeFromTag } from '../services/i18n/localeChoice';

/**
 * What every failed turn runs: log the error (never the activity), then tell
 * the user calmly in her language. The conversation state is kept — the
 * failed turn's changes are simply not saved — so a brief database error in
 * the middle of a report never wipes the draft, and her next message
 * continues where the last completed turn left off.
 */
export function turnErrorHandler(log: Logger, conversationState: ConversationState): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    log.error({ event: 'turn.error', channel: context.activity.channelId, type: context.activity.type, err: error }, 'unhandled error in a turn');
    try {
      const key = await turnFailureKey(context, conversationState);
      // The locale the bot settled for this turn, or the channel's before that.
      const voice = settledVoice(context) ?? { locale: localeFromTag(context.activity.locale), audience: audienceOf(undefined) };
      await context.sendActivity(render(voice, { say: [key] }));
    } catch (err) {
      log.error({ event: 'turn.error_reply_failed', err }, 'could not tell the user about the error');
    }
  };
}

/**
 * CloudAdapter with one more entry for `POST /api/messages`: the activity the
 * edge has already checked (bots/activitySchema.ts) goes straight to the
 * adapter's own `processActivity` — authentication, connector, turn — without
 * `process(req, res)`'s request checks, which build and run zod schemas over
 * the response object, the handler and the whole body on every request.
 * What `process` does besides is done here or by the route: the timestamps
 * are read as `process` reads them, and the route writes the status and body
 * (server/app.ts).
 */
export class EdgeAdapter extends CloudAdapter {
  /** Runs the turn for a checked inbound activity; rejects with AuthenticationError when the token is not valid. */
  processChecked(authHeader: string, activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, withDates(activity), logic);
  }
}

/**
 * The timestamps as botbuilder's `process` fixes them (its
 * validateAndFixActivity, not exported): a string becomes a Date and the
 * string is kept as `raw…`. In place, as there.
 */
function withDates(activity: Partial<Activity>): Activity {
  const a = activity as Activity & Record<string, unknown>;
  if (typeof a.timestamp === 'string') {
    a.rawTimestamp = a.timestamp;
    a.timestamp = new Date(a.timestamp);
  }
  if (typeof a.expiration === 'string') {
    a.rawExpiration = a.expiration;
    a.expiration = new Date(a.expiration);
  }
  if (typeof a.localTimestamp === 'string') {
    a.rawLocalTimestamp = a.localTimestamp;
    a.localTimestamp = new Date(a.localTimestamp);
  }
  return a;
}

/**
 * The Bot Framework adapter. With app credentials configured every inbound
 * request must carry a valid Bot Framework token; without them the adapter
 * runs unauthenticated, as the Bot Framework Emulator expects.
 */
export function createAdapter(config: ServerConfig, log: Logger, conversationState: ConversationState, serviceUrls: ServiceUrlPolicy = serviceUrlPolicy(config)): EdgeAdapter {
  const auth: ConfigurationBotFrameworkAuthenticationOptions = config.botAuth
    ? {
        MicrosoftAppId: config.botAuth.appId,
        MicrosoftAppPassword: config.botAuth.appPassword ?? '',
        MicrosoftAppType: config.botAuth.appType,
        MicrosoftAppTenantId: config.botAuth.tenantId ?? '',
      }
    : {};
  const adapter = new EdgeAdapter(new GuardedAuthentication(new ConfigurationBotFrameworkAuthentication(auth), serviceUrls));

  adapter.onTurnError = turnErrorHandler(log, conversationState);
  return adapter;
}

/** The reply-address allow-list for `config`; `ownUrl` is this server's local Direct Line once it listens. */
export function serviceUrlPolicy(config: ServerConfig, ownUrl?: () => string | undefined): ServiceUrlPolicy {
  return new ServiceUrlPolicy({
    authenticated: config.botAuth !== undefined,
    allowLoopback: !config.production,
    extraHosts: config.serviceUrlHosts,
    ownUrl,
  });
}
