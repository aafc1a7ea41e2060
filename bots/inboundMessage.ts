import Joi from 'joi';
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

const textSchema = Joi.string().allow('');
const valueSchema = Joi.object({ token: Joi.string().max(100).required() }).unknown(true);
const attachmentsSchema = Joi.array().items(Joi.object().unknown(true));

/**
 * Validates and extracts what the bot reads from an inbound message. A field
 * of the wrong shape is ignored, never trusted.
 */
export function readInbound(activity: Partial<Activity>): InboundMessage {
  const text = textSchema.validate(activity.text).error ? '' : ((activity.text as string | undefined) ?? '');
  const value = valueSchema.validate(activity.value).error ? undefined : (activity.value as { token: string } | undefined);
  const attachments = attachmentsSchema.validate(activity.attachments).error ? undefined : activity.attachments;
  return {
    text: text.trim().slice(0, MAX_TEXT_LENGTH),
    token: value?.token,
    hasAttachments: (attachments?.length ?? 0) > 0,
  };
}
