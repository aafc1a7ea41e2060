import { DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { DialogIds } from './dialogIds';
import { InterruptibleDialog } from './interruptibleDialog';
import type { ChildResult } from './shared/childResult';
import type { ProfileStore } from './shared/profileStore';
import { Part, render } from './shared/reply';
import { localeOf } from './shared/turnInfo';

/** Options of a {@link ReportEntryDialog}. */
export interface ReportEntryOptions {
  /** `report`: make a report; `status`: check one with a case code. */
  mode: 'report' | 'status';
}

/**
 * The entry point to reporting and to checking a report. Reporting in the
 * chat comes with its own dialogs in a later issue; until then this says so
 * honestly and gives the ways to report today: 19833 and the contact
 * centre's web form — with the rule never to send images.
 */
export class ReportEntryDialog extends InterruptibleDialog {
  constructor(profiles: ProfileStore) {
    super(DialogIds.report, profiles);
    this.addDialog(new WaterfallDialog(DialogIds.flow, [this.showStep.bind(this)]));
    this.initialDialogId = DialogIds.flow;
  }

  private async showStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { mode } = step.options as ReportEntryOptions;
    const say: Part[] = mode === 'report' ? ['report.comingSoon', 'safety.csamRule'] : ['report.statusComingSoon'];
    await step.context.sendActivity(
      render(localeOf(step.context), {
        say,
        cards: [{ title: 'report.card.title', text: ['report.card.text'], buttons: [{ call: 'nkc' }, { web: 'nkc', title: 'button.webForm' }] }],
      }),
    );
    return step.endDialog({} satisfies ChildResult);
  }
}
