import { DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { contacts, type ContactId } from '../services/contacts/contacts';
import type { ReporterRole } from '../services/routing/types';
import { DialogIds } from './dialogIds';
import { InterruptibleDialog } from './interruptibleDialog';
import type { ChildResult } from './shared/childResult';
import { effectiveRole } from './shared/menus';
import type { ProfileStore } from './shared/profileStore';
import { Button, CardView, render } from './shared/reply';
import { voiceOf } from './shared/turnInfo';

/** Who a role most likely wants to call first. */
const ORDER: Readonly<Record<ReporterRole, readonly ContactId[]>> = {
  pupil: ['childLine', 'police', 'srce', 'nkc'],
  teacher: ['nkc', 'police', 'childLine', 'srce'],
  parent: ['nkc', 'police', 'childLine', 'srce'],
  other: ['nkc', 'police', 'childLine', 'srce'],
};

/**
 * "I want to talk to a person": the help lines with their hours, each as a
 * card with a tappable `tel:` button. Numbers and hours come from
 * content/contacts.yaml. Hours no source confirms are never shown: the card
 * asks the reader to call and check instead.
 */
export class ContactsDialog extends InterruptibleDialog {
  constructor(profiles: ProfileStore) {
    super(DialogIds.contacts, profiles);
    this.addDialog(new WaterfallDialog(DialogIds.flow, [this.showStep.bind(this)]));
    this.initialDialogId = DialogIds.flow;
  }

  private async showStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const role = effectiveRole((await this.profiles.get(step.context)).role);
    const cards = ORDER[role].map((id): CardView => {
      const buttons: Button[] = [{ call: id }];
      if (id === 'nkc') buttons.push({ web: 'nkc', title: 'button.webForm' });
      const subtitle = contacts()[id].hours.kind === 'unconfirmed' ? 'contacts.checkHours' : `contacts.${id}.hours`;
      return { title: `contacts.${id}.title`, subtitle, text: [`contacts.${id}.what`], buttons };
    });
    await step.context.sendActivity(render(voiceOf(step.context), { say: [`contacts.intro.${role}`], cards }));
    return step.endDialog({} satisfies ChildResult);
  }
}
