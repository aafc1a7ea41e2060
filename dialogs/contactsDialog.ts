import { DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { contacts, type ContactId } from '../services/contacts/contacts';
import { lineStateAt, openFirst } from '../services/contacts/openingHours';
import type { ReporterRole } from '../core/domain/routing';
import { DialogIds } from './dialogIds';
import { InterruptibleDialog } from './interruptibleDialog';
import type { ChildResult } from './shared/childResult';
import { effectiveRole } from './shared/menus';
import type { ProfileStore } from './shared/profileStore';
import { Button, CardView, Part, render } from './shared/reply';
import { voiceOf } from './shared/turnInfo';

/**
 * Who a role most likely wants to call first, among lines that are equally
 * open. Police (192) is for danger now, so a help line to talk to comes
 * before it for everyone; the contact centre comes first for adults.
 */
const ORDER: Readonly<Record<ReporterRole, readonly ContactId[]>> = {
  pupil: ['childLine', 'police', 'srce', 'nkc'],
  teacher: ['nkc', 'childLine', 'police', 'srce'],
  parent: ['nkc', 'childLine', 'police', 'srce'],
  other: ['nkc', 'childLine', 'police', 'srce'],
};

/**
 * "I want to talk to a person": the help lines with their hours, each as a
 * card with a tappable `tel:` button. Numbers and hours come from
 * content/contacts.yaml. The lines open now come first (on the Belgrade
 * clock), then lines whose hours no source confirms — their hours are never
 * shown: the card asks the reader to call and check — and last the lines
 * closed now, each saying when it opens ("today at 14:00").
 */
export class ContactsDialog extends InterruptibleDialog {
  constructor(profiles: ProfileStore, private readonly clock: () => Date = () => new Date()) {
    super(DialogIds.contacts, profiles);
    this.addDialog(new WaterfallDialog(DialogIds.flow, [this.showStep.bind(this)]));
    this.initialDialogId = DialogIds.flow;
  }

  private async showStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const role = effectiveRole((await this.profiles.get(step.context)).role);
    const at = this.clock();
    const state = (id: ContactId) => lineStateAt(contacts()[id].hours, at);
    const cards = openFirst(ORDER[role], state).map((id): CardView => {
      const buttons: Button[] = [{ call: id }];
      if (id === 'nkc') buttons.push({ web: 'nkc', title: 'button.webForm' });
      const now = state(id);
      const subtitle = now.kind === 'unknown' ? 'contacts.checkHours' : `contacts.${id}.hours`;
      const opens: Part[] = now.kind === 'closed' ? [{ key: `contacts.opens.${now.opens.daysAhead === 0 ? 'today' : 'tomorrow'}`, vars: { from: now.opens.time } }] : [];
      return { title: `contacts.${id}.title`, subtitle, text: [...opens, `contacts.${id}.what`], buttons };
    });
    await step.context.sendActivity(render(voiceOf(step.context), { say: [`contacts.intro.${role}`], cards }));
    return step.endDialog({} satisfies ChildResult);
  }
}
