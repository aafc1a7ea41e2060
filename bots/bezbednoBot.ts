import { ActivityHandler, ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { crisisView } from '../dialogs/cards/crisisCard';
import type { MainDialog } from '../dialogs/mainDialog';
import type { ProfileStore } from '../dialogs/shared/profileStore';
import { render } from '../dialogs/shared/reply';
import { setTurnInfo } from '../dialogs/shared/turnInfo';
import { interpret, interpretFixed, isCrisisFree } from '../dialogs/understanding/interpret';
import { parseToken } from '../dialogs/understanding/tokens';
import { localeFromTag, nextLocale } from '../services/i18n/localeChoice';
import type { Locale } from '../services/i18n/locales';
import type { Recognition, Recognizer } from '../services/nlu/types';
import type { Logger } from '../server/logger';
import { crisisIn, type Crisis } from './crisisCheck';
import { readInbound } from './inboundMessage';

/** What the bot is built from (the composition root wires these). */
export interface BotDeps {
  conversationState: ConversationState;
  profiles: ProfileStore;
  recognizer: Recognizer;
  dialog: MainDialog;
  log: Logger;
}

/**
 * The turn pipeline, in this order on every message:
 *
 * 1. read and validate the message; refuse attachments (images are never accepted);
 * 2. recognise free text (button tokens skip the recognizer);
 * 3. settle the locale and script for this turn;
 * 4. the crisis check — before any dialog, so it fires inside every dialog;
 *    the waiting dialog is kept and the user can continue it afterwards.
 *    Only button tokens and fixed phrases that cannot carry a crisis ("ne",
 *    "meni", "ja sam učenik") skip it. A question answered in the user's own
 *    words (a report's narrative) gets the text after the card;
 * 5. the dialog stack;
 * 6. save conversation state (MongoDB; nothing is kept per user).
 *
 * No business logic lives here; dialogs and services hold it.
 */
export class BezbednoBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(private readonly deps: BotDeps) {
    super();
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');

    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient?.id);
      if (joined.length > 0) await this.welcome(context);
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.message(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
  }

  private async welcome(context: TurnContext): Promise<void> {
    const locale = await this.currentLocale(context);
    setTurnInfo(context, { locale, understanding: { kind: 'nothing' } });
    await context.sendActivity(render(locale, { say: ['welcome'] }));
    await this.deps.dialog.start(context, this.dialogState);
  }

  private async message(context: TurnContext): Promise<void> {
    const inbound = readInbound(context.activity);
    const token = inbound.token !== undefined && parseToken(inbound.token) ? inbound.token : undefined;
    const text = token ?? inbound.text;

    const profile = await this.deps.profiles.get(context);
    const current = await this.currentLocale(context);
    const waiting = await this.deps.dialog.waiting(context, this.dialogState);
    const recognition = parseToken(text) || !text ? undefined : await this.deps.recognizer.recognize(text, current);
    const locale = recognition && !waiting.keepLocale
      ? nextLocale({ current, chosen: profile.localeChosen ?? false, detected: recognition.locale, text })
      : current;
    profile.locale = locale;
    const fixed = interpretFixed(text);
    const understanding = fixed ?? interpret(text, recognition);
    const crisis = recognition && !isCrisisFree(fixed) ? crisisIn(recognition) : undefined;
    setTurnInfo(context, { locale, understanding, text, ...(crisis ? { crisis: { kind: crisis } } : {}) });

    if (inbound.hasAttachments) {
      await context.sendActivity(render(locale, { say: ['attachments.refused', 'safety.csamRule'] }));
      if (!text) return;
    }
    if (recognition && crisis) {
      await this.crisisCard(context, locale, crisis, recognition, waiting.freeText);
      // The waiting dialog hears of it even when it does not get the text: a crisis said at
      // any step of a report travels with the report (a flag, never the words).
      await this.deps.dialog.noteCrisis(context, this.dialogState);
      // A question answered in the user's own words (a report's narrative) still gets them: a
      // child describing danger must not be made to write it all again after the card.
      if (!waiting.freeText) return;
    }

    if (understanding.kind === 'command' && understanding.command === 'resume') await this.deps.dialog.resume(context, this.dialogState);
    else await this.deps.dialog.run(context, this.dialogState);
  }

  /** Shows the crisis card for a crisis the check recognised. */
  private async crisisCard(context: TurnContext, locale: Locale, crisis: Crisis, recognition: Recognition, continuing: boolean): Promise<void> {
    this.deps.log.info({ event: 'crisis.detected', crisis, score: recognition.score, lexicon: recognition.crisisLexiconHit ?? false }, 'crisis card shown');
    const profile = await this.deps.profiles.get(context);
    const canResume = !continuing && (await this.deps.dialog.isActive(context, this.dialogState));
    await context.sendActivity(render(locale, crisisView(crisis, { role: profile.role, canResume })));
  }

  /** The conversation's locale; for a new conversation, the channel's (widget's) locale. */
  private async currentLocale(context: TurnContext): Promise<Locale> {
    const profile = await this.deps.profiles.get(context);
    profile.locale ??= localeFromTag(context.activity.locale);
    return profile.locale;
  }
}
