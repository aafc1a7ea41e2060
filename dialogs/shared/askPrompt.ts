import { InputHints, TurnContext } from 'botbuilder';
import { DialogContext, Prompt, PromptOptions, PromptRecognizerResult } from 'botbuilder-dialogs';
import type { Understanding } from '../understanding/understanding';
import { render, MessageView } from './reply';
import { turnInfo, voiceOf } from './turnInfo';

/** Options of an {@link AskPrompt}: the question as a view, not as text. */
export interface AskOptions extends PromptOptions {
  view: MessageView;
  /**
   * The answer is the user's own words (a report's narrative, a reply to the
   * contact centre) or a name (a place, a link, a profile): any text is the
   * answer, so small talk, a language name or a role word in it is not taken
   * as a request, and after a crisis card the dialog still receives the text
   * (the user must not have to write it again, and "Novi Sad" — "sad" is
   * "now" — must not loop on a false alarm). Commands and buttons still work.
   */
  freeText?: boolean;
  /** The answer may be in any script or language (a passphrase): it does not switch the conversation's locale. */
  keepLocale?: boolean;
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
    await context.sendActivity(render(voiceOf(context), shown, InputHints.ExpectingInput));
  }

  protected async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<Understanding>> {
    const understanding = turnInfo(context).understanding;
    return understanding.kind === 'nothing' ? { succeeded: false } : { succeeded: true, value: understanding };
  }
}

/** Prompt options for asking `view`. */
export function ask(view: MessageView, how: Pick<AskOptions, 'freeText' | 'keepLocale'> = {}): AskOptions {
  return { view, ...how };
}

/** How the question waiting for an answer wants it, read from the innermost active prompt. */
export interface Waiting {
  freeText: boolean;
  keepLocale: boolean;
  /** The question itself: its buttons and {@link MessageView.answers} say which typed answers are its own. */
  question?: MessageView;
}

/** The options of the innermost waiting question, if the stack ends in an {@link AskPrompt}. */
export function waitingFor(dc: DialogContext): Waiting {
  let leaf = dc;
  for (let child = leaf.child; child; child = leaf.child) leaf = child;
  const options = (leaf.activeDialog?.state as { options?: Partial<AskOptions> } | undefined)?.options;
  return { freeText: options?.freeText === true, keepLocale: options?.keepLocale === true, ...(options?.view ? { question: options.view } : {}) };
}
