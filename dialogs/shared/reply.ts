import { ActionTypes, Activity, ActivityTypes, Attachment, CardAction, CardFactory, InputHints } from 'botbuilder';
import { contacts, CONTACT_IDS, ContactId, Hours } from '../../services/contacts/contacts';
import { Audience, t, variantKey, Vars } from '../../services/i18n/catalog';
import { LOCALES, type Locale } from '../../services/i18n/locales';
import { latinToCyrillic } from '../../services/text/transliterate';
import type { QuestionAnswers } from '../understanding/answers';

/**
 * Every bot message carries the resource keys it was made from in
 * `channelData.bezbedno.keys`. Tests assert keys rather than sentences, so
 * they hold in every locale; a client may use them too (e.g. to style the
 * crisis card). channelData, not an entity: the connector client serialises
 * entities by the schema and drops unknown properties.
 */
export interface BezbednoChannelData {
  bezbedno: { keys: string[]; alone?: true };
}

/**
 * A paragraph: a resource key, optionally with variables or as a heading.
 * `serbianVars`: the variables are Serbian words in Latin script (a
 * municipality's name), written in Cyrillic when the conversation is.
 */
export type Part = string | { key: string; vars?: Vars; heading?: boolean; serbianVars?: boolean };

/**
 * A button. `token` buttons send a stable token (see understanding/tokens.ts)
 * under a localised title; `call` opens a `tel:` link to a help line; `web`
 * opens the contact centre's site.
 */
export type Button =
  | { token: string; title: string; vars?: Vars }
  | { call: ContactId }
  | { web: 'nkc'; title: string };

/** A hero card: heading, optional subtitle and text, and buttons that stay in the transcript. */
export interface CardView {
  title: Part;
  subtitle?: Part;
  text?: Part[];
  buttons: Button[];
}

/**
 * A message as data: what to say, which cards to show and which suggested
 * actions to offer. Plain JSON, so prompts can store it in dialog state and
 * render it again in whatever locale the conversation has switched to.
 */
export interface MessageView {
  say?: Part[];
  cards?: CardView[];
  /** Suggested actions: shown under the last message until the user answers. */
  buttons?: Button[];
  /**
   * For a question: the answers it takes beyond its buttons' titles — typed
   * answers that have no button, and answers known by their form (an age).
   * While the question waits, these and the buttons' titles and synonyms
   * win over global commands (understanding/answers.ts). Not rendered.
   */
  answers?: QuestionAnswers;
  /**
   * Sent as a message of its own, never joined with the plain messages
   * before or after it in the turn (bots/turnReplies.ts): the case code and
   * the secret words stand alone, to be read and copied at once. Rendered as
   * `channelData.bezbedno.alone`.
   */
  alone?: boolean;
}

/**
 * How to speak: the locale, and whom to (a child is addressed with "ti", an
 * adult with "Vi"; see `variantKey` in services/i18n/catalog.ts).
 */
export interface Voice {
  locale: Locale;
  audience: Audience;
}

/**
 * Renders a view into a message activity, in the voice's locale and to its
 * audience (a bare locale: the texts as authored, without adult variants).
 * Contact numbers and hours are available to every text as placeholders
 * ({police}, {nkc}, {childLine}, {srce}, {…Hours}, {nkcWeb}).
 */
export function render(to: Locale | Voice, view: MessageView, inputHint: InputHints = InputHints.AcceptingInput): Partial<Activity> {
  const { locale, audience } = typeof to === 'string' ? { locale: to, audience: 'child' as const } : to;
  const keys: string[] = [];
  const defaults = contactVars(locale, audience);
  const tr = (key: string, vars?: Vars): string => {
    // The base key is recorded: which variant was chosen depends on the audience, like the locale.
    keys.push(key);
    return t(locale, variantKey(locale, key, audience), vars ? { ...defaults, ...vars } : defaults);
  };
  const part = (p: Part): string => {
    const { key, vars, heading, serbianVars } = typeof p === 'string' ? { key: p, vars: undefined, heading: false, serbianVars: false } : p;
    const text = tr(key, serbianVars && vars && locale === 'sr-Cyrl' ? cyrillicVars(vars) : vars);
    return heading ? `**${text}**` : text;
  };
  const action = (b: Button): CardAction => {
    if ('call' in b) {
      const c = contacts()[b.call];
      const title = tr('button.call', { name: tr(`contacts.${b.call}.callName`), number: c.number });
      return { type: ActionTypes.OpenUrl, title, value: `tel:${c.dial}` };
    }
    if ('web' in b) return { type: ActionTypes.OpenUrl, title: tr(b.title), value: contacts().nkc.web ?? '' };
    const title = tr(b.title, b.vars);
    return { type: ActionTypes.MessageBack, title, text: b.token, displayText: title, value: { token: b.token } };
  };

  const activity: Partial<Activity> = { type: ActivityTypes.Message, locale, inputHint, textFormat: 'markdown' };
  if (view.say?.length) activity.text = view.say.map(part).join('\n\n');
  if (view.cards?.length) {
    activity.attachments = view.cards.map((c): Attachment =>
      CardFactory.heroCard(part(c.title), undefined, c.buttons.map(action), {
        subtitle: c.subtitle ? part(c.subtitle) : undefined,
        text: c.text?.map(part).join('\n\n'),
      }),
    );
    activity.attachmentLayout = 'list';
  }
  if (view.buttons?.length) activity.suggestedActions = { actions: view.buttons.map(action), to: [] };
  activity.channelData = { bezbedno: view.alone ? { keys, alone: true } : { keys } } satisfies BezbednoChannelData;
  return activity;
}

/** The resource keys a bot message was made from (empty for foreign activities). */
export function resourceKeysOf(activity: Partial<Activity>): string[] {
  const keys = (activity.channelData as Partial<BezbednoChannelData> | undefined)?.bezbedno?.keys;
  return Array.isArray(keys) ? keys : [];
}

function cyrillicVars(vars: Vars): Vars {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? latinToCyrillic(v) : v]));
}

/**
 * Opening hours in words. "Daily" agrees with the closing hour as Serbian
 * numerals require ("do 23 časa", "do 20 časova"), by the locale's plural
 * rules; unconfirmed hours are never shown as such — the words ask the
 * reader to call and check.
 */
function hoursText(locale: Locale, audience: Audience, hours: Hours): string {
  if (hours.kind === 'daily') {
    const form = new Intl.PluralRules(locale).select(Number(hours.to.split(':')[0]));
    return t(locale, variantKey(locale, `contacts.hours.daily.${form === 'one' || form === 'few' ? form : 'other'}`, audience), { from: hours.from, to: hours.to });
  }
  return t(locale, variantKey(locale, `contacts.hours.${hours.kind}`, audience));
}

/** Reads the contacts and makes their texts for every locale and audience now (at start-up), not in the first turns. */
export function loadReplyContent(): void {
  for (const locale of LOCALES) for (const audience of ['child', 'adult'] as const) contactVars(locale, audience);
}

/** {@link contactVars} by locale and audience: the contacts are read once, so their texts are too. */
const contactVarsMemo = new Map<string, Readonly<Record<string, string>>>();

/** Numbers, hours and the web address of every help line, as text variables. */
export function contactVars(locale: Locale, audience: Audience = 'child'): Readonly<Record<string, string>> {
  const memoKey = `${locale}|${audience}`;
  let vars = contactVarsMemo.get(memoKey);
  if (!vars) {
    vars = buildContactVars(locale, audience);
    contactVarsMemo.set(memoKey, vars);
  }
  return vars;
}

function buildContactVars(locale: Locale, audience: Audience): Record<string, string> {
  const all = contacts();
  const vars: Record<string, string> = { nkcWeb: all.nkc.web ?? '' };
  for (const id of CONTACT_IDS) {
    vars[id] = all[id].number;
    vars[`${id}Hours`] = hoursText(locale, audience, all[id].hours);
  }
  return vars;
}
