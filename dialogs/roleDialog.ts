import { WaterfallDialog, WaterfallStepContext, DialogTurnResult } from 'botbuilder-dialogs';
import { DialogIds } from './dialogIds';
import { InterruptibleDialog } from './interruptibleDialog';
import { ask, AskPrompt } from './shared/askPrompt';
import type { ChildResult } from './shared/childResult';
import { roleButtons } from './shared/menus';
import type { ProfileStore } from './shared/profileStore';
import { switchRole } from './shared/switches';
import type { Understanding } from './understanding/understanding';

/**
 * "Who are you?" — pupil, teacher, parent or someone else. Asked once at the
 * start and whenever the user wants to change it. Answering with a question
 * instead is fine: the question is answered and the role stays open.
 */
export class RoleDialog extends InterruptibleDialog {
  constructor(profiles: ProfileStore) {
    super(DialogIds.role, profiles);
    this.addDialog(new AskPrompt(DialogIds.ask));
    this.addDialog(new WaterfallDialog(DialogIds.flow, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = DialogIds.flow;
  }

  protected override accepts(u: Understanding): boolean {
    return u.kind === 'role';
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const profile = await this.profiles.get(step.context);
    profile.roleAsked = true;
    return step.prompt(DialogIds.ask, ask({ say: ['role.ask'], buttons: roleButtons() }));
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = step.result as Understanding;
    if (answer.kind === 'role') {
      await switchRole(step.context, this.profiles, answer.role);
      return step.endDialog({} satisfies ChildResult);
    }
    return step.endDialog({ navigate: answer } satisfies ChildResult);
  }
}
