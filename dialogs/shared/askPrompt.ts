import { InputHints, TurnContext } from 'botbuilder';
import { Prompt, PromptOptions, PromptRecognizerResult } from 'botbuilder-dialogs';
import type { Understanding } from '../understanding/understanding';
import { render, MessageView } from './reply';
import { localeOf, turnInfo } from './turnInfo';

/** Options of an {@link AskPrompt}: the question as a view, not as text. */
export interface AskOptions extends PromptOptions {
  view: MessageView;
}

/**
 * A question whose answer is the turn's {@link Understanding}. The question
 * is stored as a view and rendered each time it is shown, so after a
 * language switch (or a crisis card) it is asked again in the current locale.
 * Any text is an answer; the asking dialog decides what it means.
 */
export class AskPrompt extends Prompt<Understanding> {
  constructor(dialogId: string) {
    super(dialogId);
  }

  protected async onPrompt(context: TurnContext, _state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    const view = (options as AskOptions).view;
    const shown = isRetry ? { ...view, say: ['ask.textOnly', ...(view.say ?? [])] } : view;
    await context.sendActivity(render(localeOf(context), shown, InputHints.ExpectingInput));
  }

  protected async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<Understanding>> {
    const understanding = turnInfo(context).understanding;
    return understanding.kind === 'nothing' ? { succeeded: false } : { succeeded: true, value: understanding };
  }
}

/** Prompt options for asking `view`. */
export function ask(view: MessageView): AskOptions {
  return { view };
}
