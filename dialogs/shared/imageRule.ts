import type { TurnContext } from 'botbuilder';
import type { TopicIntent } from '../../services/nlu/types';
import type { ProfileStore } from './profileStore';
import type { Part } from './reply';

/** The never-download rule as a message of its own (content/locales: `safety.csamRule`). */
export const IMAGE_RULE = 'safety.csamRule';

/**
 * Topics whose own text already says never to download, screenshot or send
 * sexual images of a child (test/content/topics.test.ts checks it): reading
 * one of them is hearing the rule.
 */
export const RULE_IN_TEXT_TOPICS: readonly TopicIntent[] = ['csam', 'nudes', 'how_to_report', 'sextortion'];

/**
 * The never-download rule is said once in a conversation: a sextortion
 * victim who read the topic, then reports and adds two links, does not
 * need it three more times. Returns `say` without the rule when it was said
 * before (with `instead` in its place, if given), and remembers in the
 * conversation profile when it is said now — or when `heard` says the
 * message carries it in its own words (a topic's text).
 */
export async function imageRuleOnce(context: TurnContext, profiles: ProfileStore, say: readonly Part[], opts: { heard?: boolean; instead?: Part } = {}): Promise<Part[]> {
  const profile = await profiles.get(context);
  const said = profile.imageRuleSaid === true;
  const out = say.flatMap((p) => (p === IMAGE_RULE && said ? (opts.instead ? [opts.instead] : []) : [p]));
  if (opts.heard || out.includes(IMAGE_RULE)) profile.imageRuleSaid = true;
  return out;
}
