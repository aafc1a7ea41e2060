import type { ContactId } from '../../services/contacts/contacts';
import type { CrisisDecision, CrisisSituation } from '../../services/nlu/types';
import type { ReporterRole } from '../../core/domain/routing';
import { intentButton, MENU_BUTTON } from '../shared/menus';
import type { Button, MessageView } from '../shared/reply';
import { Token } from '../understanding/tokens';

/** What the crisis card needs to know about the conversation. */
export interface CrisisContext {
  role: ReporterRole | undefined;
  /** A dialog is waiting for an answer: offer to continue it. */
  canResume: boolean;
}

/** Who reads the card: a child is addressed with "ti", a teacher or parent with "vi". */
type Reader = 'child' | 'adult';

interface SituationCard {
  /** Resource key prefix (content/locales/…/crisis.yaml). */
  prefix: string;
  say: Record<Reader, readonly string[]>;
  /** The lines to call, first the one to call now. */
  call: readonly ContactId[];
}

/**
 * One card per situation, as data. Self-harm: warm words, the children's
 * line and Centar Srce (with hours), Hitna pomoć (194) when someone is hurt
 * or has taken something, and the bot stays. Danger from a person: 192 now
 * and what to do meanwhile. Violence at home: 192, the children's line, and
 * that it is not the child's fault — no advice about meeting a stranger.
 * A child missing after meeting someone met online: 192 at once.
 * The danger card keeps the `crisis.emergency` keys: it is the general
 * emergency card, also shown when a report says someone is in danger.
 */
const CARDS: Readonly<Record<CrisisSituation, SituationCard>> = {
  selfHarm: {
    prefix: 'crisis.selfHarm',
    say: {
      child: ['warm', 'lines', 'hurt', 'stay'],
      adult: ['adult.warm', 'adult.aboutChild', 'adult.lines', 'adult.hurt', 'adult.stay'],
    },
    call: ['childLine', 'srce', 'ambulance'],
  },
  personDanger: {
    prefix: 'crisis.emergency',
    say: { child: ['now', 'meanwhile'], adult: ['adult.now', 'adult.meanwhile'] },
    call: ['police'],
  },
  homeViolence: {
    prefix: 'crisis.homeViolence',
    say: { child: ['now', 'lines', 'meanwhile'], adult: ['adult.now', 'adult.lines'] },
    call: ['police', 'childLine'],
  },
  missingChild: {
    prefix: 'crisis.missingChild',
    say: { child: ['now', 'meanwhile'], adult: ['adult.now', 'adult.meanwhile'] },
    call: ['police'],
  },
};

/** The self-harm lines added to a danger card when both come in one message. */
const SELF_HARM_ALSO: Record<Reader, readonly string[]> = {
  child: ['crisis.selfHarm.lines', 'crisis.selfHarm.hurt'],
  adult: ['crisis.selfHarm.adult.lines', 'crisis.selfHarm.adult.hurt'],
};

/**
 * The card shown the moment a crisis is recognised, whatever the user was
 * doing: the card of the decision's situation, plus the self-harm lines when
 * self-harm came with a danger. Either way the user can go back to where
 * they were, talk to a person or open the menu.
 */
export function crisisView(crisis: Pick<CrisisDecision, 'situation' | 'situations'> | CrisisSituation, ctx: CrisisContext): MessageView {
  const { situation, situations } = typeof crisis === 'string' ? { situation: crisis, situations: [crisis] } : crisis;
  const reader: Reader = ctx.role === 'teacher' || ctx.role === 'parent' ? 'adult' : 'child';
  const card = CARDS[situation];
  const say = card.say[reader].map((part) => `${card.prefix}.${part}`);
  const call = [...card.call];
  if (situation !== 'selfHarm' && situations.includes('selfHarm')) {
    say.push(...SELF_HARM_ALSO[reader]);
    call.push(...CARDS.selfHarm.call.filter((id) => !call.includes(id)));
  }
  const after: Button[] = [
    ...(ctx.canResume ? [{ token: Token.command('resume'), title: 'button.resume' }] : []),
    intentButton('human', ctx.role ?? 'other'),
    MENU_BUTTON,
  ];
  return {
    say,
    cards: [{ title: `${card.prefix}.cardTitle`, buttons: call.map((id) => ({ call: id })) }],
    buttons: after,
  };
}
