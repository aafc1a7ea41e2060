import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationBotFrameworkAuthenticationOptions,
  ConversationState,
  TurnContext,
} from 'botbuilder';
import type { Config } from './config';
import type { Logger } from './logger';
import { render } from '../dialogs/shared/reply';
import { audienceOf, settledVoice } from '../dialogs/shared/turnInfo';
import { localeFromTag } from '../services/i18n/localeChoice';

/**
 * The Bot Framework adapter. With app credentials configured every inbound
 * request must carry a valid Bot Framework token; without them the adapter
 * runs unauthenticated, as the Bot Framework Emulator expects.
 */
export function createAdapter(config: Config, log: Logger, conversationState: ConversationState): CloudAdapter {
  const auth: ConfigurationBotFrameworkAuthenticationOptions = config.botAuth
    ? {
        MicrosoftAppId: config.botAuth.appId,
        MicrosoftAppPassword: config.botAuth.appPassword ?? '',
        MicrosoftAppType: config.botAuth.appType,
        MicrosoftAppTenantId: config.botAuth.tenantId ?? '',
      }
    : {};
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(auth));

  adapter.onTurnError = async (context: TurnContext, error: Error): Promise<void> => {
    log.error({ event: 'turn.error', channel: context.activity.channelId, type: context.activity.type, err: error }, 'unhandled error in a turn');
    try {
      // The locale the bot settled for this turn, or the channel's before that.
      const voice = settledVoice(context) ?? { locale: localeFromTag(context.activity.locale), audience: audienceOf(undefined) };
      await context.sendActivity(render(voice, { say: ['error.generic'] }));
      // A broken dialog stack must not trap the user in the same error.
      await conversationState.delete(context);
    } catch (err) {
      log.error({ event: 'turn.error_reply_failed', err }, 'could not tell the user about the error');
    }
  };
  return adapter;
}
