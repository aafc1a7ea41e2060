import { isLocale } from '../../services/i18n/locales';
import { CRISIS_INTENTS, Intent, INTENTS, TOPIC_INTENTS, TopicIntent } from '../../services/nlu/types';
import { CATEGORIES, Category, REPORTER_ROLES, ReporterRole } from '../../core/domain/routing';
import type { Command, Understanding } from './understanding';

/**
 * The commands buttons send. "help" is not one of them: typed, it may be a
 * cry for help, so it goes through the recognizer and the crisis check.
 */
const BUTTON_COMMANDS = ['menu', 'back', 'cancel', 'resume', 'changeRole'] as const satisfies readonly Command[];
type ButtonCommand = (typeof BUTTON_COMMANDS)[number];

/**
 * Button values. A button shows a localised title but sends one of these
 * stable tokens, which every dialog understands without the recognizer, so
 * buttons work the same in every locale.
 */
export const Token = {
  /** Button commands are their own tokens (typing "menu" works too). */
  command: (c: ButtonCommand): string => c,
  role: (r: ReporterRole): string => `role:${r}`,
  topic: (t: TopicIntent): string => `topic:${t}`,
  /** Any other (non-topic) intent: `go:human`, `go:report`. */
  intent: (i: Intent): string => ((TOPIC_INTENTS as readonly string[]).includes(i) ? `topic:${i}` : `go:${i}`),
  language: (target: string): string => `lang:${target}`,
  /** "Report this" under a topic: starts a report with the topic's category. */
  report: (c: Category): string => `report:${c}`,
  /** An answer to the question being asked (`pick:under14`, `pick:instagram`). */
  pick: (value: string): string => `pick:${value}`,
} as const;

/** Values a `pick:` token may carry. */
const PICK_VALUE = /^pick:([a-z0-9_-]{1,40})$/;

/**
 * The meaning of a button token, or undefined when `text` is not a token.
 * Crisis intents have no token: a crisis is only ever raised by the
 * recognizer reading what the user wrote.
 */
export function parseToken(text: string): Understanding | undefined {
  const value = text.trim();
  if ((BUTTON_COMMANDS as readonly string[]).includes(value)) return { kind: 'command', command: value as ButtonCommand };
  const pick = PICK_VALUE.exec(value);
  if (pick) return { kind: 'choice', value: pick[1] as string };
  const report = /^report:([a-z]+)$/.exec(value);
  if (report) {
    const category = report[1] as Category;
    return CATEGORIES.includes(category) ? { kind: 'intent', intent: 'report', source: 'button', category } : undefined;
  }
  const m = /^(role|topic|go|lang):([A-Za-z_-]+)$/.exec(value);
  if (!m) return undefined;
  const [, kind, arg] = m as unknown as [string, string, string];
  switch (kind) {
    case 'role':
      return (REPORTER_ROLES as readonly string[]).includes(arg) ? { kind: 'role', role: arg as ReporterRole } : undefined;
    case 'topic':
      return (TOPIC_INTENTS as readonly string[]).includes(arg) ? { kind: 'intent', intent: arg as Intent, source: 'button' } : undefined;
    case 'go':
      return (INTENTS as readonly string[]).includes(arg) && !CRISIS_INTENTS.includes(arg as Intent)
        ? { kind: 'intent', intent: arg as Intent, source: 'button' }
        : undefined;
    default:
      return isLocale(arg) || arg === 'sr' ? { kind: 'language', target: arg } : undefined;
  }
}
