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

/**
 * Validates an inbound activity against {@link inboundActivitySchema}.
 *
 * Most activities are well formed, and joi's general machinery (state,
 * preferences, a shallow clone of every object) costs more than the check
 * itself, so {@link plainlyValid} first accepts, by hand, an activity that
 * meets every rule of the schema in a plainer form. It never accepts what joi
 * would refuse (test/bots/activitySchema.test.ts holds it to that); whatever it
 * does not accept goes to joi, which decides and names the field.
 */
export function checkInboundActivity(body: unknown): ActivityCheck {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, field: '(body)' };
  if (plainlyValid(body as Record<string, unknown>)) return { ok: true, activity: body as Partial<Activity> };
  const { error } = inboundActivitySchema.validate(body, { abortEarly: true, convert: false });
  if (error) {
    const path = error.details[0]?.path ?? [];
    return { ok: false, field: path.length > 0 ? path.join('.') : '(body)' };
  }
  rememberServiceUrl((body as { serviceUrl: string }).serviceUrl);
  return { ok: true, activity: body as Partial<Activity> };
}

/**
 * serviceUrls joi has accepted. A channel names the same few on every
 * activity; joi's URI grammar is the costly rule, so it is asked once per
 * string. Bounded: emptied when full.
 */
const acceptedServiceUrls = new Set<string>();
const MAX_SERVICE_URLS = 256;

function rememberServiceUrl(url: string): void {
  if (acceptedServiceUrls.size >= MAX_SERVICE_URLS) acceptedServiceUrls.clear();
  acceptedServiceUrls.add(url);
}

const TYPES: ReadonlySet<unknown> = new Set(INBOUND_ACTIVITY_TYPES);
const DELIVERY_MODES: ReadonlySet<unknown> = new Set(['normal', 'notification', 'expectReplies', 'ephemeral']);
const CHANNEL_ID = /^[A-Za-z0-9._-]+$/;

/** A plain object as JSON.parse makes it (joi is asked about anything else). */
function isRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Joi.string().min(min).max(max), with '' allowed when `empty`; absent (undefined) is fine unless required. */
function str(v: unknown, max: number, empty = false): boolean {
  return v === undefined || (typeof v === 'string' && v.length <= max && (empty || v.length > 0));
}

function isAccount(v: unknown): boolean {
  return isRecord(v) && typeof v.id === 'string' && v.id.length > 0 && v.id.length <= 1024
    && str(v.name, 1024, true) && str(v.role, 64) && str(v.aadObjectId, 128);
}

function isTime(v: unknown): boolean {
  return str(v, 64) || (v instanceof Date && !Number.isNaN(v.getTime()));
}

/** Joi.array().max(max).items(item): no holes, no undefined item. */
function list(v: unknown, max: number, item: (x: unknown) => boolean): boolean {
  if (v === undefined) return true;
  if (!Array.isArray(v) || v.length > max) return false;
  for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
  return true;
}

const anObject = (x: unknown): boolean => x !== null && typeof x === 'object' && !Array.isArray(x);

/** True only when the activity meets every rule of {@link inboundActivitySchema} (see checkInboundActivity). */
export function plainlyValid(a: Record<string, unknown>): boolean {
  if (!isRecord(a)) return false;
  const c = a.conversation;
  return TYPES.has(a.type)
    && str(a.id, 1024, true)
    && typeof a.channelId === 'string' && a.channelId.length <= 64 && CHANNEL_ID.test(a.channelId)
    && typeof a.serviceUrl === 'string' && acceptedServiceUrls.has(a.serviceUrl)
    && isRecord(c) && typeof c.id === 'string' && c.id.length > 0 && c.id.length <= 1024
    && str(c.name, 1024, true) && (c.isGroup === undefined || typeof c.isGroup === 'boolean')
    && str(c.conversationType, 64) && str(c.tenantId, 128)
    && isAccount(a.from)
    && (a.recipient === undefined || isAccount(a.recipient))
    && str(a.text, 100_000, true) && str(a.textFormat, 32) && str(a.locale, 64, true)
    && (a.timestamp === undefined || isTime(a.timestamp))
    && (a.localTimestamp === undefined || isTime(a.localTimestamp))
    && (a.expiration === undefined || isTime(a.expiration))
    && str(a.name, 1024, true)
    && (a.channelData === undefined || anObject(a.channelData))
    && list(a.attachments, 50, anObject) && list(a.entities, 50, anObject)
    && list(a.membersAdded, 100, isAccount) && list(a.membersRemoved, 100, isAccount)
    && str(a.replyToId, 1024, true)
    && (a.deliveryMode === undefined || DELIVERY_MODES.has(a.deliveryMode));
}
