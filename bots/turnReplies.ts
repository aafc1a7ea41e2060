import { Activity, ActivityTypes, ResourceResponse, TurnContext } from 'botbuilder';
import type { BezbednoChannelData } from '../dialogs/shared/reply';

/**
 * What may be on a message that joins the ones around it: its words and how
 * to read them, its resource keys, the last one's buttons, and the delivery
 * fields TurnContext fills from the inbound activity (the same on every reply
 * of a turn). Anything else (speech, a value, entities, attachments) keeps a
 * message whole.
 */
const JOINABLE_FIELDS = new Set([
  'type', 'text', 'textFormat', 'locale', 'inputHint', 'channelData', 'suggestedActions',
  'from', 'recipient', 'conversation', 'replyToId', 'serviceUrl', 'channelId', 'id',
]);

/** A plain text message with nothing else on it: it may share a bubble with its neighbours. */
function joinable(a: Partial<Activity>): boolean {
  if (a.type !== ActivityTypes.Message || typeof a.text !== 'string' || a.text === '') return false;
  for (const [field, value] of Object.entries(a)) {
    if (value === undefined || JOINABLE_FIELDS.has(field)) continue;
    if (field === 'attachments' && Array.isArray(value) && value.length === 0) continue;
    return false;
  }
  const data = a.channelData as Partial<BezbednoChannelData> | undefined;
  if (data === undefined) return true;
  // Only the resource keys: a message marked to stand alone (the case code), or carrying anything else, stays whole.
  return Object.keys(data).every((k) => k === 'bezbedno') && Object.keys(data.bezbedno ?? {}).every((k) => k === 'keys');
}

/**
 * `next` may join `prev`: both plain text, in the same locale and format, in
 * reply to the same message, and `prev` offers no buttons (only the last
 * message's suggested actions are kept, so a message with its own ends a run).
 */
function canJoin(prev: Partial<Activity>, next: Partial<Activity>): boolean {
  return joinable(prev) && joinable(next) && !prev.suggestedActions?.actions?.length
    && prev.locale === next.locale && prev.textFormat === next.textFormat && prev.replyToId === next.replyToId;
}

function keysOf(a: Partial<Activity>): string[] {
  const keys = (a.channelData as Partial<BezbednoChannelData> | undefined)?.bezbedno?.keys;
  return Array.isArray(keys) ? keys : [];
}

/**
 * A turn's replies with each run of adjacent plain text messages joined into
 * one: the texts in order, a blank line between them (a new paragraph in
 * markdown), the resource keys of all of them in order, and the last one's
 * suggested actions and input hint. Nothing is reordered; a message with
 * attachments (a crisis card, a hero card) or anything but text on it is
 * sent as it is, and so is anything that is not a message.
 */
export function joinReplies(activities: readonly Partial<Activity>[]): Partial<Activity>[] {
  const out: Partial<Activity>[] = [];
  for (const a of activities) {
    const prev = out[out.length - 1];
    if (prev && canJoin(prev, a)) {
      const keys = [...keysOf(prev), ...keysOf(a)];
      out[out.length - 1] = {
        ...a,
        text: `${prev.text}\n\n${a.text}`,
        ...(keys.length ? { channelData: { bezbedno: { keys } } satisfies BezbednoChannelData } : {}),
      };
    } else {
      out.push(a);
    }
  }
  return out;
}

/** The replies a turn holds back until it ends; {@link holdReplies}. */
export interface HeldReplies {
  /**
   * Sends what is held, joined ({@link joinReplies}); from then on the
   * turn's sends go straight out (a failed turn's apology from the adapter's
   * turn-error handler among them).
   */
  release(): Promise<void>;
}

/**
 * Holds a turn's outgoing messages so that consecutive plain messages go out
 * as one — one HTTP request to the channel (one stored activity and one
 * socket frame on the local Direct Line) instead of two or three, and one
 * bubble in the chat: the answer and the question after it read together.
 *
 * Only messages wait. Anything else (typing, endOfConversation, a trace, an
 * event) must go out at once: what is held is sent first, in order, then it.
 * A held message's send resolves with `{ id: undefined }`, as botbuilder's own
 * expectReplies delivery does — its channel id is not known until the turn
 * ends (nothing in this bot reads it). Sends on another context (proactive
 * messages outside a turn) are not touched.
 */
export function holdReplies(context: TurnContext): HeldReplies {
  const held: Partial<Activity>[] = [];
  let holding = true;
  const release = async (): Promise<void> => {
    holding = false;
    if (held.length === 0) return;
    const out = joinReplies(held.splice(0));
    await context.sendActivities(out);
  };
  context.onSendActivities(async (ctx, activities, next): Promise<ResourceResponse[]> => {
    if (!holding) return next();
    if (activities.every((a) => a.type === ActivityTypes.Message)) {
      held.push(...activities);
      ctx.responded = true;
      return activities.map(() => ({ id: undefined as unknown as string }));
    }
    await release();
    holding = true;
    return next();
  });
  return { release };
}
