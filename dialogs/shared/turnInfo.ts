import type { TurnContext } from 'botbuilder';
import { DEFAULT_LOCALE, Locale } from '../../services/i18n/locales';
import type { Understanding } from '../understanding/understanding';

/** What the bot's pipeline settled for this turn, before any dialog runs. */
export interface TurnInfo {
  /** The locale to answer in; a language switch during the turn updates it. */
  locale: Locale;
  understanding: Understanding;
  /**
   * What the user wrote this turn (trimmed, length-capped), for the few
   * questions whose answer is the user's own words. Never stored as such:
   * a report keeps only the anonymised version.
   */
  text?: string;
  /**
   * The bot's crisis decision for this message, when its crisis check fired
   * (only the kind: the dialogs record a plain flag, never the words). A
   * report records it on the draft; a follow-up reply on the stored report.
   */
  crisis?: TurnCrisis;
}

/** A crisis the bot recognised this turn. */
export interface TurnCrisis {
  kind: 'emergency' | 'self_harm';
}

const TURN_INFO = Symbol.for('bezbedno.turnInfo');

/** Stores the turn's locale and understanding for the dialogs to read. */
export function setTurnInfo(context: TurnContext, info: TurnInfo): void {
  context.turnState.set(TURN_INFO, info);
}

/** The turn's locale and understanding (defaults when the bot set none). */
export function turnInfo(context: TurnContext): TurnInfo {
  return (context.turnState.get(TURN_INFO) as TurnInfo | undefined) ?? { locale: DEFAULT_LOCALE, understanding: { kind: 'nothing' } };
}

/** Shorthand for the turn's locale. */
export function localeOf(context: TurnContext): Locale {
  return turnInfo(context).locale;
}

/** The locale the bot settled for this turn, if it got that far. */
export function settledLocale(context: TurnContext): Locale | undefined {
  return (context.turnState.get(TURN_INFO) as TurnInfo | undefined)?.locale;
}
