/**
 * The dialog event the bot emits from the innermost waiting dialog when its
 * crisis check fired this turn (the kind is in turnInfo's `crisis`). It
 * bubbles up the stack, so a report records the crisis even at a question
 * whose answer the card kept from the dialog.
 */
export const CRISIS_EVENT = 'bezbedno.crisis';
