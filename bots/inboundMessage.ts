import type { Activity } from 'botbuilder';

/** Longer messages are cut before they reach the recognizer. */
export const MAX_TEXT_LENGTH = 4000;

/** The parts of an inbound message the bot reads. */
export interface InboundMessage {
  text: string;
  /** A button token sent as `value.token` by a messageBack action. */
  token?: string;
  hasAttachments: boolean;
}

/** An object that is not an array (what Joi.object() takes). */
function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A non-empty array of objects, without holes: attachments the bot notices. */
function hasObjects(v: unknown): boolean {
  if (!Array.isArray(v) || v.length === 0) return false;
  for (let i = 0; i < v.length; i++) if (!isObject(v[i])) return false;
  return true;
}

/**
 * Extracts what the bot reads from an inbound message. A field of the wrong
 * shape is ignored, never trusted. The edge has already checked the activity
 * (bots/activitySchema.ts), so these are plain type checks rather than a
 * second schema: text a string; `value.token` a string of 1–100 characters in
 * an object; attachments an array of objects.
 */
export function readInbound(activity: Partial<Activity>): InboundMessage {
  const text = typeof activity.text === 'string' ? activity.text : '';
  const value: unknown = activity.value;
  const token = isObject(value) && typeof value.token === 'string' && value.token.length > 0 && value.token.length <= 100 ? value.token : undefined;
  return {
    text: text.trim().slice(0, MAX_TEXT_LENGTH),
    token,
    hasAttachments: hasObjects(activity.attachments),
  };
}
