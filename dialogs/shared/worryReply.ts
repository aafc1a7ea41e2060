import { worriesIn, type Worry } from '../../services/nlu/crisisNet';
import type { MessageView } from './reply';

/** The line that helps with each worry (content/contacts.yaml). */
const HELPS: Readonly<Record<Worry, 'childLine'>> = { fearOfTelling: 'childLine' };

/**
 * A kind answer to a worry that is no crisis (afraid of how a parent will
 * react, afraid to tell), with a card to call the line that helps — instead
 * of "I can't help with that". Undefined when `text` holds no such worry.
 * The crisis check has already run: a crisis never gets here.
 */
export function worryView(text: string): MessageView | undefined {
  const worry = worriesIn(text)[0];
  if (!worry) return undefined;
  return {
    say: [`worry.${worry}.say`],
    cards: [{ title: `worry.${worry}.cardTitle`, buttons: [{ call: HELPS[worry] }] }],
  };
}
