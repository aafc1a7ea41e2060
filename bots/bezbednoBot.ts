import { ActivityHandler, ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { t } from '../services/i18n/catalog';
import { DEFAULT_LOCALE, isLocale, Locale } from '../services/i18n/locales';

/** What the bot keeps about a conversation (never user text). */
export interface ConversationData {
  locale?: Locale;
  turns?: number;
}

/**
 * The turn pipeline: pick the locale, answer, save state. Business logic
 * lives in dialogs and services; this class only orders the steps.
 */
export class BezbednoBot extends ActivityHandler {
  private readonly data: StatePropertyAccessor<ConversationData>;

  constructor(private readonly conversationState: ConversationState) {
    super();
    this.data = conversationState.createProperty<ConversationData>('conversationData');

    this.onMembersAdded(async (context, next) => {
      const locale = await this.localeOf(context);
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) {
          await context.sendActivity(t(locale, 'welcome'));
        }
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      const data = await this.data.get(context, {});
      data.turns = (data.turns ?? 0) + 1;
      await context.sendActivity(t(await this.localeOf(context), 'echo.received'));
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
  }

  private async localeOf(context: TurnContext): Promise<Locale> {
    const data = await this.data.get(context, {});
    if (data.locale) return data.locale;
    const requested = context.activity.locale;
    if (isLocale(requested)) return requested;
    if (requested?.toLowerCase().startsWith('en')) return 'en';
    return DEFAULT_LOCALE;
  }
}
