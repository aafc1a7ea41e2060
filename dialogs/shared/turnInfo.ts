import type { TurnContext } from 'botbuilder';
import type { Audience } from '../../services/i18n/catalog';
import { DEFAULT_LOCALE, Locale } from '../../services/i18n/locales';
import type { CrisisDecision } from '../../services/nlu/types';
import type { ReporterRole } from '../../core/domain/routing';
import type { Understanding } from '../understanding/understanding';
import type { Voice } from './reply';

/** What the bot's pipeline settled for this turn, before any dialog runs. */
export interface TurnInfo {
  /** The locale to answer in; a language switch during the turn updates it. */
  locale: Locale;
  /** Whom the bot speaks to (see {@link audienceOf}); a role change during the turn updates it. */
  audience?: Audience;
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

/**
 * A crisis the bot recognised this turn: its kind and every situation seen
 * (a message can disclose both danger from a person and self-harm).
 */
export type TurnCrisis = Pick<CrisisDecision, 'kind' | 'situations'>;

/** A report flag a crisis sets. */
export type CrisisFlag = 'selfHarmRisk' | 'dangerDisclosed';

/** The report flags a crisis sets: self-harm risk, and danger (from a person, at home, a missing child). */
export function crisisFlagsOf(crisis: TurnCrisis): CrisisFlag[] {
  const flags: CrisisFlag[] = [];
  if (crisis.kind === 'self_harm' || crisis.situations.includes('selfHarm')) flags.push('selfHarmRisk');
  if (crisis.kind === 'emergency' || crisis.situations.some((s) => s !== 'selfHarm')) flags.push('dangerDisclosed');
  return flags;
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

/**
 * A pupil is a child, addressed with "ti". Everyone else — a teacher, a
 * parent, someone else, and whoever has not said who they are (they get the
 * "someone else" texts, written for adults) — is addressed with "Vi", so one
 * conversation never mixes the two.
 */
export function audienceOf(role: ReporterRole | undefined): Audience {
  return role === 'pupil' ? 'child' : 'adult';
}

/** How to speak this turn: its locale and audience. */
export function voiceOf(context: TurnContext): Voice {
  const info = turnInfo(context);
  return { locale: info.locale, audience: info.audience ?? audienceOf(undefined) };
}

/** Shorthand for the turn's locale. */
export function localeOf(context: TurnContext): Locale {
  return turnInfo(context).locale;
}

/** The locale the bot settled for this turn, if it got that far. */
export function settledLocale(context: TurnContext): Locale | undefined {
  return (context.turnState.get(TURN_INFO) as TurnInfo | undefined)?.locale;
}

/** The voice the bot settled for this turn, if it got that far. */
export function settledVoice(context: TurnContext): Voice | undefined {
  return settledLocale(context) ? voiceOf(context) : undefined;
}
