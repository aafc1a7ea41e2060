import type { Understanding } from '../understanding/understanding';

/**
 * How a child dialog hands control back to the main dialog: either nothing
 * (show the menu again), something the user asked for that the child does not
 * handle (the main dialog routes it), or the end of the conversation.
 */
export interface ChildResult {
  navigate?: Understanding;
  end?: boolean;
}

/** True when `value` looks like a {@link ChildResult}. */
export function isChildResult(value: unknown): value is ChildResult {
  return typeof value === 'object' && value !== null && !('kind' in value);
}
