import type { Intent, TopicIntent } from '../../services/nlu/types';
import type { ReporterRole } from '../../services/routing/types';
import { Token } from '../understanding/tokens';
import type { Button, MessageView } from './reply';

/**
 * Every topic for every role, in the order that role most likely needs them:
 * a pupil meets the dangers first, a parent the signs and settings, a teacher
 * the signs and the school's procedure.
 */
export const MENU_TOPICS: Readonly<Record<ReporterRole, readonly TopicIntent[]>> = {
  pupil: ['grooming', 'sextortion', 'nudes', 'cyberbullying', 'csam', 'privacy', 'how_to_report', 'warning_signs', 'parental_controls'],
  teacher: ['warning_signs', 'how_to_report', 'cyberbullying', 'grooming', 'sextortion', 'nudes', 'csam', 'privacy', 'parental_controls'],
  parent: ['warning_signs', 'parental_controls', 'grooming', 'sextortion', 'nudes', 'cyberbullying', 'csam', 'privacy', 'how_to_report'],
  other: ['grooming', 'sextortion', 'nudes', 'cyberbullying', 'csam', 'privacy', 'warning_signs', 'how_to_report', 'parental_controls'],
};

/** The role whose texts and menu a conversation gets (no role yet: "other"). */
export function effectiveRole(role: ReporterRole | undefined): ReporterRole {
  return role ?? 'other';
}

/** A button for an intent; pupils get titles in children's words. */
export function intentButton(intent: Intent, role: ReporterRole): Button {
  const isTopic = (MENU_TOPICS.other as readonly string[]).includes(intent);
  const title = isTopic ? (role === 'pupil' ? `button.topicPupil.${intent}` : `button.topic.${intent}`) : `button.intent.${intent}`;
  return { token: Token.intent(intent), title };
}

/** The role buttons of the role question. */
export function roleButtons(): Button[] {
  return (['pupil', 'teacher', 'parent', 'other'] as const).map((r) => ({ token: Token.role(r), title: `button.role.${r}` }));
}

/** The language buttons; each language is named in itself. */
export function languageButtons(): Button[] {
  return (['sr-Latn', 'sr-Cyrl', 'en'] as const).map((l) => ({ token: Token.language(l), title: `button.language.${l}` }));
}

/** Back to the main menu. */
export const MENU_BUTTON: Button = { token: Token.command('menu'), title: 'button.menu' };

/** The main menu for a role: every topic, reporting, help lines, role and language. */
export function mainMenuView(role: ReporterRole | undefined, again: boolean): MessageView {
  const r = effectiveRole(role);
  return {
    say: [again ? 'menu.again' : `menu.prompt.${r}`],
    buttons: [
      ...MENU_TOPICS[r].map((topic) => intentButton(topic, r)),
      intentButton('report', r),
      intentButton('report_status', r),
      intentButton('human', r),
      { token: Token.command('changeRole'), title: role ? 'button.changeRole' : 'button.chooseRole' },
      { token: Token.intent('language'), title: 'button.intent.language' },
    ],
  };
}
