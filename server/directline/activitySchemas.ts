import Joi from 'joi';

const id = Joi.string().max(128);
const account = Joi.object({ id, name: Joi.string().max(128).allow(''), role: Joi.string().max(16) }).unknown(true);

/** Body of POST /conversations and POST /tokens/generate (all optional). */
export const startBodySchema = Joi.object({
  user: Joi.object({ id: Joi.string().pattern(/^[A-Za-z0-9_-]{4,64}$/), name: Joi.string().max(64).allow('') }).unknown(true),
  locale: Joi.string().max(20).pattern(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/),
})
  .unknown(true)
  .allow(null);

/** What a user's client may post. Anything else on the activity is ignored. */
export function userActivitySchema(maxTextLength: number): Joi.ObjectSchema {
  return Joi.object({
    type: Joi.string().valid('message', 'event', 'typing', 'endOfConversation').required(),
    text: Joi.string().max(maxTextLength).allow(''),
    textFormat: Joi.string().valid('plain', 'markdown', 'xml'),
    locale: Joi.string().max(20),
    name: Joi.string().max(100),
    // A suggested action's postBack/messageBack value; bounded by the body limit.
    value: Joi.any(),
    from: account,
    channelData: Joi.object({ clientActivityID: Joi.string().max(100), clientTimestamp: Joi.string().max(40) }).unknown(true),
    attachments: Joi.array(),
    entities: Joi.array().max(10),
    replyToId: id,
  }).unknown(true);
}

/** What the bot may post to the connector routes. */
export const botActivitySchema = Joi.object({
  type: Joi.string().max(40).required(),
  text: Joi.string().allow(''),
  replyToId: Joi.string().max(200),
}).unknown(true);
