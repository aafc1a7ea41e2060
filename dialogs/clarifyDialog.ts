import { DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Intent } from '../services/nlu/types';
import { DialogIds } from './dialogIds';
import { InterruptibleDialog } from './interruptibleDialog';
import { ask, AskPrompt } from './shared/askPrompt';
import type { ChildResult } from './shared/childResult';
import { effectiveRole, intentButton } from './shared/menus';
import type { ProfileStore } from './shared/profileStore';
import { Token } from './understanding/tokens';
import type { Understanding } from './understanding/understanding';

/** Options of a {@link ClarifyDialog}: the best interpretations, best first. */
export interface ClarifyOptions {
  alternatives: Intent[];
}

/**
 * The recognizer was not sure: "Did you mean …?" with the best three
 * interpretations as buttons and "none of these". Whatever the user answers
 * is handed back to the main dialog to route.
 */
export class ClarifyDialog extends InterruptibleDialog {
  constructor(profiles: ProfileStore) {
    super(DialogIds.clarify, profiles);
    this.addDialog(new AskPrompt(DialogIds.ask));
    this.addDialog(new WaterfallDialog(DialogIds.flow, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = DialogIds.flow;
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { alternatives } = step.options as ClarifyOptions;
    const role = effectiveRole((await this.profiles.get(step.context)).role);
    return step.prompt(
      DialogIds.ask,
      ask({
        say: ['clarify.ask'],
        buttons: [...alternatives.map((i) => intentButton(i, role)), { token: Token.command('menu'), title: 'button.noneOfThese' }],
      }),
    );
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog({ navigate: step.result as Understanding } satisfies ChildResult);
  }
}
