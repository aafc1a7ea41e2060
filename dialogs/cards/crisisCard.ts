import type { ReporterRole } from '../../services/routing/types';
import { intentButton, MENU_BUTTON } from '../shared/menus';
import type { Button, MessageView } from '../shared/reply';
import { Token } from '../understanding/tokens';

/** What the crisis card needs to know about the conversation. */
export interface CrisisContext {
  role: ReporterRole | undefined;
  /** A dialog is waiting for an answer: offer to continue it. */
  canResume: boolean;
}

/**
 * The card shown the moment a crisis is recognised, whatever the user was
 * doing. Emergency: call 192 now, and what to do meanwhile. Self-harm: warm
 * words, the children's line and Centar Srce (with hours), and the bot stays
 * in the conversation. Either way the user can go back to where they were.
 */
export function crisisView(crisis: 'emergency' | 'self_harm', ctx: CrisisContext): MessageView {
  const after: Button[] = [
    ...(ctx.canResume ? [{ token: Token.command('resume'), title: 'button.resume' }] : []),
    intentButton('human', ctx.role ?? 'other'),
    MENU_BUTTON,
  ];
  if (crisis === 'emergency') {
    return {
      say: ['crisis.emergency.now', 'crisis.emergency.meanwhile'],
      cards: [{ title: 'crisis.emergency.cardTitle', buttons: [{ call: 'police' }] }],
      buttons: after,
    };
  }
  const adult = ctx.role === 'teacher' || ctx.role === 'parent';
  return {
    say: ['crisis.selfHarm.warm', 'crisis.selfHarm.lines', ...(adult ? ['crisis.selfHarm.adult'] : []), 'crisis.selfHarm.stay'],
    cards: [{ title: 'crisis.selfHarm.cardTitle', buttons: [{ call: 'childLine' }, { call: 'srce' }, { call: 'police' }] }],
    buttons: after,
  };
}
