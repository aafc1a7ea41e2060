import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog, DialogContext, DialogSet, DialogState, DialogTurnResult, DialogTurnStatus, WaterfallDialog, WaterfallStepContext,
} from 'botbuilder-dialogs';
import { Intent, TOPIC_INTENTS, TopicIntent } from '../services/nlu/types';
import { crisisView } from './cards/crisisCard';
import { ClarifyDialog, ClarifyOptions } from './clarifyDialog';
import { ContactsDialog } from './contactsDialog';
import { DialogIds } from './dialogIds';
import { LanguageDialog } from './languageDialog';
import type { ReportingServices } from './report/reportingServices';
import { ReportDialog, ReportOptions } from './reportDialog';
import { ReportStatusDialog } from './reportStatusDialog';
import { RoleDialog } from './roleDialog';
import { TopicDialog, TopicOptions } from './topicDialog';
import { ask, AskPrompt, Waiting, waitingFor } from './shared/askPrompt';
import { ChildResult, isChildResult } from './shared/childResult';
import { CRISIS_EVENT } from './shared/crisisEvent';
import { asksForMore, mainMenuView, MENU_BUTTON, menuPageCount, menuPageOf } from './shared/menus';
import type { ProfileStore } from './shared/profileStore';
import { render } from './shared/reply';
import { switchLanguage, switchRole } from './shared/switches';
import { crisisFlagsOf, turnInfo, voiceOf } from './shared/turnInfo';
import { worryView } from './shared/worryReply';
import type { Command, IntentUnderstanding, Understanding } from './understanding/understanding';
import type { Logger } from '../core/logger';

/** The turn's root DialogContext, kept in turn state (see MainDialog#context). */
const ROOT_CONTEXT = Symbol('bezbedno.mainDialog.rootContext');

/** Options of the main flow. */
export interface MainOptions {
  /** Something the user already asked for: route it instead of showing the menu. */
  navigate?: Understanding;
  /** The menu follows an answer: "anything else?" rather than "what do you need?". */
  again?: boolean;
  /** The page of the main menu to show (1-based; the first when absent). */
  page?: number;
}

/**
 * The root dialog and router. Its flow: ask the role once, show the role's
 * menu, route what the user chose or wrote to a child dialog, and when the
 * child finishes, route what it handed back or show the menu again.
 */
export class MainDialog extends ComponentDialog {
  constructor(private readonly profiles: ProfileStore, reporting: ReportingServices, log: Logger, clock: () => Date = () => new Date()) {
    super(DialogIds.main);
    this.addDialog(new AskPrompt(DialogIds.ask));
    this.addDialog(new RoleDialog(profiles));
    this.addDialog(new TopicDialog(profiles));
    this.addDialog(new ContactsDialog(profiles, clock));
    this.addDialog(new LanguageDialog(profiles));
    this.addDialog(new ClarifyDialog(profiles));
    this.addDialog(new ReportDialog(profiles, reporting, log, clock));
    this.addDialog(new ReportStatusDialog(profiles, reporting, log));
    this.addDialog(new WaterfallDialog(DialogIds.mainFlow, [this.introStep.bind(this), this.routeStep.bind(this), this.afterStep.bind(this)]));
    this.initialDialogId = DialogIds.mainFlow;
  }

  /** Runs a message turn: continues the waiting dialog, or starts with what the user said. */
  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    const dc = await this.context(context, dialogState);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) {
      const u = turnInfo(context).understanding;
      await dc.beginDialog(this.id, (u.kind === 'nothing' ? {} : { navigate: u }) satisfies MainOptions);
    }
  }

  /** Starts the conversation (after the welcome) unless a dialog is already waiting. */
  async start(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    const dc = await this.context(context, dialogState);
    if (!dc.activeDialog) await dc.beginDialog(this.id, {} satisfies MainOptions);
  }

  /** Asks the waiting question again (after a crisis card), or starts afresh. */
  async resume(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    const dc = await this.context(context, dialogState);
    if (dc.activeDialog) await dc.repromptDialog();
    else await dc.beginDialog(this.id, {} satisfies MainOptions);
  }

  /**
   * Tells the waiting dialogs that the crisis check fired this turn (see
   * CRISIS_EVENT); a report in progress records it. The conversation
   * remembers it too, so a report begun later in it carries it as well
   * ("ne želim više da živim", the card, then "hoću da prijavim").
   */
  async noteCrisis(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    const crisis = turnInfo(context).crisis;
    if (crisis) await this.profiles.noteCrisis(context, crisisFlagsOf(crisis));
    const dc = await this.context(context, dialogState);
    if (dc.activeDialog) await dc.emitEvent(CRISIS_EVENT, undefined, true, true);
  }

  /** How the waiting question wants its answer (the user's own words; a script-neutral secret). */
  async waiting(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<Waiting> {
    return waitingFor(await this.context(context, dialogState));
  }

  /** True when a question is waiting for the user's answer. */
  async isActive(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<boolean> {
    return (await this.context(context, dialogState)).activeDialog !== undefined;
  }

  /**
   * The turn's root dialog context. A turn asks for it more than once (which
   * question waits, then continue it; a crisis note between), and each one
   * builds a DialogStateManager, so the turn keeps one while its dialog state
   * is the same object; the set is kept per state property.
   */
  private async context(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<DialogContext> {
    let set = this.sets.get(dialogState);
    if (!set) {
      set = new DialogSet(dialogState);
      set.add(this);
      this.sets.set(dialogState, set);
    }
    const state = await dialogState.get(context, { dialogStack: [] });
    const kept = context.turnState.get(ROOT_CONTEXT) as { state: DialogState; dc: DialogContext } | undefined;
    if (kept && kept.state === state && kept.dc.stack === state.dialogStack && kept.dc.dialogs === set) return kept.dc;
    const dc = await set.createContext(context);
    context.turnState.set(ROOT_CONTEXT, { state, dc });
    return dc;
  }

  private readonly sets = new WeakMap<StatePropertyAccessor<DialogState>, DialogSet>();

  private async introStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as MainOptions;
    if (options.navigate) return step.next(options.navigate);
    const profile = await this.profiles.get(step.context);
    if (!profile.role && !profile.roleAsked) return step.beginDialog(DialogIds.role);
    return step.prompt(DialogIds.ask, ask(mainMenuView(profile.role, options.again ?? false, options.page)));
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as MainOptions;
    const result = step.result as Understanding | ChildResult | undefined;
    const u = isChildResult(result) ? result.navigate : result;
    // The menu's own answers: a page button, or "još"/"more" typed while a page is shown.
    const page = u?.kind === 'choice' ? menuPageOf(u.value) : undefined;
    if (page) return this.menu(step, options.again ?? false, page);
    if (!options.navigate && !isChildResult(result) && asksForMore(turnInfo(step.context).text ?? '')) {
      const profile = await this.profiles.get(step.context);
      const next = (options.page ?? 1) + 1;
      return this.menu(step, options.again ?? false, next > menuPageCount(profile.role) ? 1 : next);
    }
    return u ? this.route(step, u) : this.menu(step, false);
  }

  private async afterStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as ChildResult | undefined;
    if (result?.navigate) return step.replaceDialog(DialogIds.mainFlow, { navigate: result.navigate } satisfies MainOptions);
    if (result?.end) return step.endDialog();
    return this.menu(step, true);
  }

  private async route(step: WaterfallStepContext, u: Understanding): Promise<DialogTurnResult> {
    switch (u.kind) {
      case 'nothing':
        return this.menu(step, false);
      case 'role':
        await switchRole(step.context, this.profiles, u.role);
        return this.menu(step, false);
      case 'language':
        if (!u.target) return step.beginDialog(DialogIds.language);
        await switchLanguage(step.context, this.profiles, u.target);
        return this.menu(step, false);
      case 'unsure':
        if (await this.answerWorry(step)) return this.menu(step, true);
        return step.beginDialog(DialogIds.clarify, { alternatives: u.alternatives } satisfies ClarifyOptions);
      case 'command':
        return this.routeCommand(step, u.command);
      case 'intent':
        return this.routeIntent(step, u);
      case 'choice':
      case 'words':
        // An answer button of a question no longer asked (an old message): the menu.
        return this.menu(step, false);
    }
  }

  private async routeCommand(step: WaterfallStepContext, command: Command): Promise<DialogTurnResult> {
    switch (command) {
      case 'help':
        await this.say(step, 'help.text');
        return this.menu(step, false);
      case 'cancel':
        await this.say(step, 'cancel.done');
        return this.menu(step, false);
      case 'restart':
        await this.profiles.forgetRole(step.context);
        await this.say(step, 'restart.done');
        return this.menu(step, false);
      case 'changeRole':
        return step.beginDialog(DialogIds.role);
      default:
        // menu, resume, and a yes or no with no question pending.
        return this.menu(step, false);
    }
  }

  private async routeIntent(step: WaterfallStepContext, u: IntentUnderstanding): Promise<DialogTurnResult> {
    const intent: Intent = u.intent;
    if ((TOPIC_INTENTS as readonly Intent[]).includes(intent)) {
      return step.beginDialog(DialogIds.topic, { topic: intent as TopicIntent } satisfies TopicOptions);
    }
    switch (intent) {
      case 'human':
        return step.beginDialog(DialogIds.contacts);
      case 'report':
        return step.beginDialog(DialogIds.report, (u.category ? { category: u.category } : {}) satisfies ReportOptions);
      case 'report_status':
        return step.beginDialog(DialogIds.reportStatus);
      case 'language':
        return step.beginDialog(DialogIds.language);
      case 'help':
        await this.say(step, 'help.text');
        return this.menu(step, false);
      case 'greeting':
        await this.say(step, 'greeting.reply');
        return this.menu(step, false);
      case 'goodbye':
        // The conversation ends here; a button lets a pupil start again without typing.
        await step.context.sendActivity(render(voiceOf(step.context), { say: ['goodbye.reply'], buttons: [MENU_BUTTON] }));
        return step.endDialog();
      case 'emergency':
      case 'self_harm': {
        // The bot answers crises before dialogs run; this is only a safety net.
        const profile = await this.profiles.get(step.context);
        const situation = intent === 'self_harm' ? 'selfHarm' : 'personDanger';
        await step.context.sendActivity(render(voiceOf(step.context), crisisView(situation, { role: profile.role, canResume: false })));
        return this.menu(step, false);
      }
      default:
        if (await this.answerWorry(step)) return this.menu(step, true);
        await this.say(step, 'none.redirect');
        return this.menu(step, false);
    }
  }

  /**
   * A worry that is no crisis ("bojim se da će mama da se naljuti") gets a
   * kind answer with the line that helps, not "I can't help with that".
   * True when it was answered.
   */
  private async answerWorry(step: WaterfallStepContext): Promise<boolean> {
    const view = worryView(turnInfo(step.context).text ?? '');
    if (!view) return false;
    await step.context.sendActivity(render(voiceOf(step.context), view));
    return true;
  }

  private async say(step: WaterfallStepContext, key: string): Promise<void> {
    await step.context.sendActivity(render(voiceOf(step.context), { say: [key] }));
  }

  private menu(step: WaterfallStepContext, again: boolean, page = 1): Promise<DialogTurnResult> {
    return step.replaceDialog(DialogIds.mainFlow, { again, ...(page > 1 ? { page } : {}) } satisfies MainOptions);
  }
}
