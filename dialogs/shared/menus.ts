import { TOPIC_INTENTS, type Intent, type TopicIntent } from '../../services/nlu/types';
import type { ReporterRole } from '../../core/domain/routing';
import { words } from '../understanding/phrases';
import { Token } from '../understanding/tokens';
import type { Button, MessageView } from './reply';

/**
 * The most suggested actions one message may offer. Web Chat draws them
 * between the transcript and the send box; a wall of fifteen pushed the
 * question out of view and squeezed the transcript to nothing on a phone.
 * Every view the dialogs build keeps to this (test/dialogs/buttonLimit.test.ts).
 */
export const MAX_SUGGESTED_ACTIONS = 6;

/** What a main-menu button leads to: a topic, or one of the menu's other choices. */
export type MenuItem = TopicIntent | 'report' | 'report_status' | 'human' | 'changeRole' | 'language';

/**
 * The main menu as pages, for each role, most needed first: a pupil meets
 * the dangers first, a parent the signs and settings, a teacher the signs
 * and the school's procedure. Reporting and a person to talk to are on the
 * first page for everyone; every topic is on some page. A page holds at most
 * {@link MAX_SUGGESTED_ACTIONS} − 1 items: its last button leads on ("more…")
 * or, on the last page, back to the first.
 */
export const MENU_PAGES: Readonly<Record<ReporterRole, readonly (readonly MenuItem[])[]>> = {
  pupil: [
    ['grooming', 'sextortion', 'nudes', 'report', 'human'],
    ['cyberbullying', 'csam', 'privacy', 'how_to_report', 'report_status'],
    ['warning_signs', 'parental_controls', 'changeRole', 'language'],
  ],
  teacher: [
    ['warning_signs', 'how_to_report', 'cyberbullying', 'report', 'human'],
    ['grooming', 'sextortion', 'nudes', 'csam', 'report_status'],
    ['privacy', 'parental_controls', 'changeRole', 'language'],
  ],
  parent: [
    ['warning_signs', 'parental_controls', 'grooming', 'report', 'human'],
    ['sextortion', 'nudes', 'cyberbullying', 'csam', 'report_status'],
    ['privacy', 'how_to_report', 'changeRole', 'language'],
  ],
  other: [
    ['grooming', 'sextortion', 'nudes', 'report', 'human'],
    ['cyberbullying', 'csam', 'privacy', 'warning_signs', 'report_status'],
    ['how_to_report', 'parental_controls', 'changeRole', 'language'],
  ],
};

/**
 * The menu of someone who has not said who they are (they passed over the
 * role question): "tell me who you are" on the first page, since the advice
 * fits better once they do.
 */
const NO_ROLE_PAGES: readonly (readonly MenuItem[])[] = [
  ['grooming', 'sextortion', 'report', 'human', 'changeRole'],
  ['nudes', 'cyberbullying', 'csam', 'privacy', 'report_status'],
  ['warning_signs', 'how_to_report', 'parental_controls', 'language'],
];

/** The menu pages of a conversation's role (or of one with no role yet). */
export function menuPages(role: ReporterRole | undefined): readonly (readonly MenuItem[])[] {
  return role ? MENU_PAGES[role] : NO_ROLE_PAGES;
}

function isTopic(item: string): item is TopicIntent {
  return (TOPIC_INTENTS as readonly string[]).includes(item);
}

/** The role whose texts and menu a conversation gets (no role yet: "other"). */
export function effectiveRole(role: ReporterRole | undefined): ReporterRole {
  return role ?? 'other';
}

/** A button for an intent; pupils get topic titles in children's words. */
export function intentButton(intent: Intent, role: ReporterRole): Button {
  const title = isTopic(intent) ? (role === 'pupil' ? `button.topicPupil.${intent}` : `button.topic.${intent}`) : `button.intent.${intent}`;
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

/** Back to the main menu (its first page). */
export const MENU_BUTTON: Button = { token: Token.command('menu'), title: 'button.menu' };

/** The `pick:` value of the button that opens menu page `page` (1-based). */
export function menuPagePick(page: number): string {
  return `menu-${page}`;
}

/** The page a `pick:` value opens, if it is a menu page's. */
export function menuPageOf(value: string): number | undefined {
  const m = /^menu-([1-9])$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/**
 * Typed ways to ask for the menu's next page ("još", "više tema", "more"),
 * matched on the whole folded message. ("dalje" is not here: it already
 * means "continue", which asks the waiting question again.)
 */
const MORE_PHRASES = [
  'jos', 'jos tema', 'jos nesto', 'jos opcija', 'vise', 'vise tema', 'vise opcija', 'ostale teme', 'druge teme', 'sve teme', 'sledece', 'sledeca strana',
  'more', 'more topics', 'more options', 'other topics', 'all topics', 'next', 'show more',
];

/** True when the whole message asks for more of the menu. */
export function asksForMore(text: string): boolean {
  return MORE_PHRASES.includes(words(text).join(' '));
}

/** The number of pages of a role's main menu. */
export function menuPageCount(role: ReporterRole | undefined): number {
  return menuPages(role).length;
}

function itemButton(item: MenuItem, role: ReporterRole | undefined): Button {
  const r = effectiveRole(role);
  if (item === 'changeRole') return { token: Token.command('changeRole'), title: role ? 'button.changeRole' : 'button.chooseRole' };
  if (item === 'language') return { token: Token.intent('language'), title: 'button.intent.language' };
  return intentButton(item, r);
}

/**
 * A page of the main menu for a role. The first page asks the role's
 * question ("what do you need?", or "anything else?" after an answer); the
 * others say there is more. At most {@link MAX_SUGGESTED_ACTIONS} buttons.
 */
export function mainMenuView(role: ReporterRole | undefined, again: boolean, page = 1): MessageView {
  const pages = menuPages(role);
  const at = Math.min(Math.max(page, 1), pages.length);
  const items = pages[at - 1] ?? [];
  const last = at === pages.length;
  const prompt = at > 1 ? 'menu.more' : again ? 'menu.again' : `menu.prompt.${effectiveRole(role)}`;
  return {
    say: [prompt],
    buttons: [
      ...items.map((item) => itemButton(item, role)),
      last ? MENU_BUTTON : { token: Token.pick(menuPagePick(at + 1)), title: 'button.menuMore' },
    ],
  };
}
