import type { Locale } from '../../services/i18n/locales';
import type { Intent } from '../../services/nlu/types';
import type { Category, ReporterRole } from '../../core/domain/routing';

/** Conversation commands that mean the same in every dialog and language. */
export const COMMANDS = ['help', 'menu', 'back', 'cancel', 'restart', 'resume', 'changeRole', 'yes', 'no'] as const;
export type Command = (typeof COMMANDS)[number];

/** A requested language: a locale, or just "Serbian" (keep the script). */
export type LanguageTarget = Locale | 'sr';

/**
 * What the user meant this turn, as dialogs see it. Built once per turn by
 * the bot from a button token, a fixed phrase or the recognizer, so dialogs
 * never parse text or read raw NLU output.
 */
export type Understanding =
  | { kind: 'command'; command: Command }
  | { kind: 'role'; role: ReporterRole }
  | { kind: 'language'; target?: LanguageTarget }
  /** `category`: a report button under a topic, so the report starts with that category. */
  | { kind: 'intent'; intent: Intent; source: 'button' | 'text'; category?: Category }
  /** An answer button of a question (`pick:<value>`); the asking dialog knows what it means. */
  | { kind: 'choice'; value: string }
  /**
   * The user's own words answer the waiting question in a form it expects (an
   * age, an app's name; see understanding/answers.ts): the step reads the text.
   */
  | { kind: 'words' }
  /** The recognizer was not sure: the best interpretations, highest first. */
  | { kind: 'unsure'; alternatives: Intent[] }
  /** No text (e.g. only an attachment). */
  | { kind: 'nothing' };

/** A topic or other intent chosen by the user, from a button or from text. */
export type IntentUnderstanding = Extract<Understanding, { kind: 'intent' }>;
