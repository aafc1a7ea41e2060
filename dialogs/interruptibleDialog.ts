import { ComponentDialog, Dialog, DialogContext, DialogTurnResult, DialogTurnStatus } from 'botbuilder-dialogs';
import { waitingFor } from './shared/askPrompt';
import type { ChildResult } from './shared/childResult';
import { languageButtons } from './shared/menus';
import type { ProfileStore } from './shared/profileStore';
import { render } from './shared/reply';
import { switchLanguage } from './shared/switches';
import { turnInfo, voiceOf } from './shared/turnInfo';
import { parseToken } from './understanding/tokens';
import type { Understanding } from './understanding/understanding';

/**
 * The base of every dialog the main dialog starts (core-bot's
 * CancelAndHelpDialog, generalised). Before a step sees the user's answer:
 *
 * - help, a greeting or a language switch is answered in place and the
 *   question is asked again, so the user keeps their place;
 * - menu, cancel, start over, a role change or any button that leads
 *   elsewhere ends this dialog and hands the request to the main dialog;
 * - anything else (free text) goes to the step, which hands it on if it is
 *   not an answer to its question.
 *
 * Crises are not handled here: the bot checks every turn for a crisis
 * before any dialog runs.
 */
export abstract class InterruptibleDialog extends ComponentDialog {
  protected constructor(dialogId: string, protected readonly profiles: ProfileStore) {
    super(dialogId);
  }

  /**
   * True when the active question takes this as its answer (e.g. a role for
   * the role question). `dc` is this dialog's inner context, so a dialog with
   * several questions can tell which one is waiting and read the turn's text.
   */
  protected accepts(_understanding: Understanding, _dc: DialogContext): boolean {
    return false;
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const understanding = turnInfo(innerDc.context).understanding;
    // The user's own words (a narrative, a link, a place) are the answer, whatever they mention; only commands and buttons interrupt them.
    const ownWords = waitingFor(innerDc).freeText && !interruptsOwnWords(innerDc, understanding);
    if (!ownWords && !this.accepts(understanding, innerDc)) {
      const answered = await this.answerInPlace(innerDc, understanding);
      if (answered === 'reprompt') await innerDc.repromptDialog();
      if (answered) return Dialog.EndOfTurn;
      if (leavesDialog(understanding)) {
        await innerDc.cancelAllDialogs();
        const result: ChildResult = { navigate: understanding };
        return { status: DialogTurnStatus.complete, result };
      }
    }
    return super.onContinueDialog(innerDc);
  }

  /** Answers help, greetings and language requests without leaving the dialog. */
  private async answerInPlace(dc: DialogContext, u: Understanding): Promise<'reprompt' | 'waiting' | undefined> {
    const say = (key: string) => dc.context.sendActivity(render(voiceOf(dc.context), { say: [key] }));
    if ((u.kind === 'command' && u.command === 'help') || (u.kind === 'intent' && u.intent === 'help')) {
      await say('help.text');
      return 'reprompt';
    }
    if (u.kind === 'intent' && u.source === 'text' && u.intent === 'greeting') {
      await say('greeting.reply');
      return 'reprompt';
    }
    if (u.kind === 'language' && u.target) {
      await switchLanguage(dc.context, this.profiles, u.target);
      return 'reprompt';
    }
    if (u.kind === 'language' || (u.kind === 'intent' && u.intent === 'language')) {
      // The picker's buttons answer with a language token, handled above.
      await dc.context.sendActivity(render(voiceOf(dc.context), { say: ['language.ask'], buttons: languageButtons() }));
      return 'waiting';
    }
    return undefined;
  }
}

/** While the user writes in their own words, only a command or a tapped button is a request. */
function interruptsOwnWords(dc: DialogContext, u: Understanding): boolean {
  if (u.kind === 'command') return u.command !== 'yes' && u.command !== 'no';
  const text = turnInfo(dc.context).text ?? '';
  return parseToken(text) !== undefined;
}

/** Requests that take the user somewhere else. */
function leavesDialog(u: Understanding): boolean {
  switch (u.kind) {
    case 'command':
      // "back" outside a dialog that steps back means the menu, as it always did.
      return u.command === 'menu' || u.command === 'back' || u.command === 'cancel' || u.command === 'restart' || u.command === 'changeRole';
    case 'role':
      return true;
    case 'intent':
      return u.source === 'button';
    default:
      return false;
  }
}
