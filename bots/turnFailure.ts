import type { ConversationState, TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { DialogIds } from '../dialogs/dialogIds';

/** The message a failed turn gets (core.yaml `error.*`). */
export type TurnFailureKey = 'error.generic' | 'error.reportSafe' | 'error.stateUnavailable';

/** ComponentDialog keeps its inner stack under this key of its own state. */
const INNER_STACK = 'dialogs';

/** True when `id` is anywhere on the stack, inner stacks of component dialogs included. */
export function stackHolds(state: DialogState | undefined, id: string): boolean {
  for (const entry of state?.dialogStack ?? []) {
    if (entry.id === id) return true;
    const inner = (entry.state as Record<string, unknown> | undefined)?.[INNER_STACK] as DialogState | undefined;
    if (stackHolds(inner, id)) return true;
  }
  return false;
}

/**
 * Decides what to tell the user after a failed turn from the conversation
 * state as stored — re-read, because the turn's own copy may be half-changed
 * and is never saved. A report in progress is still there (a failed turn
 * never deletes state), so the reporter hears that it is safe and is asked
 * for her last answer again; when the state cannot even be read (the
 * database is away), she hears that what she sent is not lost.
 */
export async function turnFailureKey(context: TurnContext, conversationState: ConversationState): Promise<TurnFailureKey> {
  try {
    await conversationState.load(context, true);
  } catch {
    return 'error.stateUnavailable';
  }
  const state = conversationState.get(context) as { dialogState?: DialogState } | undefined;
  return stackHolds(state?.dialogState, DialogIds.report) ? 'error.reportSafe' : 'error.generic';
}
