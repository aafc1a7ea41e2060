import { DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { DialogIds } from './dialogIds';
import { InterruptibleDialog } from './interruptibleDialog';
import { ask, AskPrompt } from './shared/askPrompt';
import type { ChildResult } from './shared/childResult';
import { languageButtons } from './shared/menus';
import type { ProfileStore } from './shared/profileStore';
import { switchLanguage } from './shared/switches';
import type { Understanding } from './understanding/understanding';

/**
 * "Which language?" — Serbian in Latin or Cyrillic script, or English. Only
 * used when the user asks to change language without saying which one; "na
 * ćirilici" or "in English" switch at once, from anywhere.
 */
export class LanguageDialog extends InterruptibleDialog {
  constructor(profiles: ProfileStore) {
    super(DialogIds.language, profiles);
    this.addDialog(new AskPrompt(DialogIds.ask));
    this.addDialog(new WaterfallDialog(DialogIds.flow, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = DialogIds.flow;
  }

  protected override accepts(u: Understanding): boolean {
    return u.kind === 'language' || (u.kind === 'intent' && u.intent === 'language');
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt(DialogIds.ask, ask({ say: ['language.ask'], buttons: languageButtons() }));
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = step.result as Understanding;
    if (answer.kind === 'language' && answer.target) {
      await switchLanguage(step.context, this.profiles, answer.target);
      return step.endDialog({} satisfies ChildResult);
    }
    if (this.accepts(answer)) return step.replaceDialog(DialogIds.flow);
    return step.endDialog({ navigate: answer } satisfies ChildResult);
  }
}
