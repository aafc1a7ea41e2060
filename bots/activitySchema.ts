import Joi from 'joi';
import type { Activity } from 'botbuilder';

/**
 * Activity types a channel may send that the bot handles or quietly ignores.
 * `invoke` is left out: the bot answers no invoke, and botbuilder would turn
 * an unanswered one into a 501.
 */
export const INBOUND_ACTIVITY_TYPES = [
  'message',
  'conversationUpdate',
  'contactRelationUpdate',
  'typing',
  'endOfConversation',
  'event',
  'deleteUserData',
  'messageUpdate',
  'messageDelete',
  'installationUpdate',
  'messageReaction',
] as const;

const id = Joi.string().min(1).max(1024);
const account = Joi.object({
  id: id.required(),
  name: Joi.string().max(1024).allow(''),
  role: Joi.string().max(64),
  aadObjectId: Joi.string().max(128),
}).unknown(true);
const members = Joi.array().max(100).items(account);
const objects = Joi.array().max(50).items(Joi.object().unknown(true));
// A string over HTTP; a Date when the server builds the activity in-process.
const time = Joi.alternatives(Joi.string().max(64), Joi.date());

/**
 * The one shape of an inbound Bot Framework activity (`POST /api/messages`
 * and the local Direct Line's bridge): every field the bot, the adapter or
 * the state layer reads is typed here, so a wrong-typed field is refused at
 * the edge and never throws inside a turn. Fields nobody reads pass through.
 */
export const inboundActivitySchema = Joi.object({
  type: Joi.string().valid(...INBOUND_ACTIVITY_TYPES).required(),
  id: id.allow(''),
  // Part of the conversation-state key and of every reply.
  channelId: Joi.string().max(64).pattern(/^[A-Za-z0-9._-]+$/).required(),
  serviceUrl: Joi.string().max(2048).uri({ scheme: ['http', 'https'] }).required(),
  conversation: Joi.object({
    id: id.required(),
    name: Joi.string().max(1024).allow(''),
    isGroup: Joi.boolean(),
    conversationType: Joi.string().max(64),
    tenantId: Joi.string().max(128),
  }).unknown(true).required(),
  from: account.required(),
  recipient: account,
  text: Joi.string().max(100_000).allow(''),
  textFormat: Joi.string().max(32),
  locale: Joi.string().max(64).allow(''),
  timestamp: time,
  localTimestamp: time,
  expiration: time,
  name: Joi.string().max(1024).allow(''),
  // A button's payload: the bot reads only a string `value.token` and ignores anything else.
  value: Joi.any(),
  channelData: Joi.object().unknown(true),
  attachments: objects,
  entities: objects,
  membersAdded: members,
  membersRemoved: members,
  replyToId: id.allow(''),
  deliveryMode: Joi.string().valid('normal', 'notification', 'expectReplies', 'ephemeral'),
}).unknown(true);

/** Why an activity was refused: the path of the first wrong field (never its value). */
export type ActivityCheck = { ok: true; activity: Partial<Activity> } | { ok: false; field: string };

/** Validates an inbound activity against {@link inboundActivitySchema}. */
export function checkInboundActivity(body: unknown): ActivityCheck {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, field: '(body)' };
  const { error } = inboundActivitySchema.validate(body, { abortEarly: true, convert: false });
  if (error) {
    const path = error.details[0]?.path ?? [];
    return { ok: false, field: path.length > 0 ? path.join('.') : '(body)' };
  }
  return { ok: true, activity: body as Partial<Activity> };
}
