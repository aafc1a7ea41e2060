import { ActivityHandler, ActivityTypes, ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { crisisView } from '../dialogs/cards/crisisCard';
import type { MainDialog } from '../dialogs/mainDialog';
import type { ProfileStore } from '../dialogs/shared/profileStore';
import { IMAGE_RULE, imageRuleOnce } from '../dialogs/shared/imageRule';
import { render } from '../dialogs/shared/reply';
import { audienceOf, setTurnInfo, voiceOf } from '../dialogs/shared/turnInfo';
import { answerTo } from '../dialogs/understanding/answers';
import { interpret, interpretFixed } from '../dialogs/understanding/interpret';
import { parseToken } from '../dialogs/understanding/tokens';
import { localeFromTag, nextLocale } from '../services/i18n/localeChoice';
import type { Locale } from '../services/i18n/locales';
import { statesChild } from '../services/nlu/speaker';
import type { Recognition, Recognizer } from '../services/nlu/types';
import type { Logger } from '../core/logger';
import { crisisOfMessage, type CrisisDecision } from './crisisCheck';
import { readInbound } from './inboundMessage';
import { holdReplies } from './turnReplies';

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
 * 3. settle the locale and script for this turn, and whom to speak to (a
 *    child with "ti", an adult with "Vi"; a child who says she is one is one);
 * 4. understand it: a button token; else one of the waiting question's own
 *    answers (its buttons' titles and their synonyms in any locale and
 *    script, or a form it expects such as an age) — these win over global
 *    commands, so "meni" to "whom?" is "to me"; else a fixed global phrase;
 *    else the recognizer;
 * 5. the crisis check — before any dialog, so it fires inside every dialog;
 *    the waiting dialog is kept and the user can continue it afterwards.
 *    Only button tokens and whole short phrases that cannot carry a crisis
 *    skip it: a fixed phrase ("ne", "ja sam učenik") or a message that is
 *    nothing but the waiting question's answer ("meni", "ne znam", "imam
 *    12") — and such an answer only when the crisis lexicon does not fire.
 *    A question answered in the user's own words (a report's narrative)
 *    gets the text after the card;
 * 6. the dialog stack;
 * 7. send the turn's replies, adjacent plain messages joined into one
 *    (turnReplies.ts): the answer and the question after it in one bubble;
 * 8. save conversation state (MongoDB; nothing is kept per user).
 *
 * An `endOfConversation` (the widget's quick exit) deletes the conversation's state.
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

    // Quick exit ends the conversation: forget its state at once (a report's
    // sealed case code included) rather than when it would expire.
    this.onEndOfConversation(async (context, next) => {
      await this.deps.conversationState.delete(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    // One message per turn where the bot would send several in a row (the answer and its next question).
    const replies = holdReplies(context);
    try {
      await super.run(context);
    } catch (err) {
      // A failed turn: what it said before failing goes out first, then the adapter's apology.
      await replies.release().catch((sendErr: unknown) => this.deps.log.error({ event: 'turn.replies_failed', err: sendErr }, 'could not send the replies of a failed turn'));
      throw err;
    }
    await replies.release();
    if (context.activity.type === ActivityTypes.EndOfConversation) return;
    await this.deps.conversationState.saveChanges(context, false);
  }

  private async welcome(context: TurnContext): Promise<void> {
    const locale = await this.currentLocale(context);
    const profile = await this.deps.profiles.get(context);
    setTurnInfo(context, { locale, understanding: { kind: 'nothing' }, audience: audienceOf(profile.role) });
    await context.sendActivity(render(voiceOf(context), { say: ['welcome'] }));
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
    // The waiting question's own answers first: they win over global commands and the recognizer.
    const answer = parseToken(text) ? undefined : answerTo(text, waiting.question, { partial: !waiting.freeText });
    // The fixed reading is made once and handed along (when there is no answer, it is what the others would make).
    const reading = { fixed: answer ? undefined : interpretFixed(text) };
    const fixed = answer?.understanding ?? reading.fixed;
    const understanding = fixed ?? interpret(text, recognition, reading);
    // A child who says so ("hi im 13", "idem u 7. razred") gets a child's texts, chosen role or not;
    // a teacher's or parent's explicit choice stands.
    if (!token && (profile.role === undefined || profile.role === 'other') && statesChild(text)) await this.deps.profiles.setRole(context, 'pupil');
    const crisis = crisisOfMessage(text, recognition, answer, answer ? undefined : reading);
    setTurnInfo(context, { locale, understanding, text, audience: audienceOf(profile.role), ...(crisis ? { crisis } : {}) });

    if (inbound.hasAttachments) {
      await context.sendActivity(render(voiceOf(context), { say: await imageRuleOnce(context, this.deps.profiles, ['attachments.refused', IMAGE_RULE]) }));
      if (!text) return;
    }
    if (recognition && crisis) {
      await this.crisisCard(context, locale, crisis, recognition, waiting.freeText);
      // The waiting dialog hears of it even when it does not get the text: a crisis said at
      // any step of a report travels with the report (a flag, never the words).
      await this.deps.dialog.noteCrisis(context, this.dialogState);
      // A question answered in the user's own words (a report's narrative) still gets them: a
      // child describing danger must not be made to write it all again after the card. A short
      // answer waits: the card offers to continue, and the question is asked again.
      if (!waiting.freeText) return;
    }

    if (understanding.kind === 'command' && understanding.command === 'resume') await this.deps.dialog.resume(context, this.dialogState);
    else await this.deps.dialog.run(context, this.dialogState);
  }

  /** Shows the crisis card for the crisis the check recognised (the decision nlu:classify prints). */
  private async crisisCard(context: TurnContext, locale: Locale, crisis: CrisisDecision, recognition: Recognition, continuing: boolean): Promise<void> {
    this.deps.log.info(
      { event: 'crisis.detected', crisis: crisis.kind, situation: crisis.situation, score: recognition.score, lexicon: recognition.crisisLexiconHit ?? false },
      'crisis card shown',
    );
    const profile = await this.deps.profiles.get(context);
    const canResume = !continuing && (await this.deps.dialog.isActive(context, this.dialogState));
    await context.sendActivity(render({ locale, audience: audienceOf(profile.role) }, crisisView(crisis, { role: profile.role, canResume })));
  }

  /** The conversation's locale; for a new conversation, the channel's (widget's) locale. */
  private async currentLocale(context: TurnContext): Promise<Locale> {
    const profile = await this.deps.profiles.get(context);
    profile.locale ??= localeFromTag(context.activity.locale);
    return profile.locale;
  }
}
