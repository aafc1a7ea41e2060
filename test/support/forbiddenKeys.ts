import mongoose from 'mongoose';

/** Field names SPEC.md section 5 forbids anywhere a report's data is stored. */
const FORBIDDEN_KEYS = /^(name|firstName|lastName|email|e-?mail|phone|telephone|mobile|userId|user|channelId|channelUserId|conversation|conversationId|ip|ipAddress|remoteAddress|userAgent|user-agent|file|files|fileName|attachment|attachments|image|photo|address)$/i;

function keysOf(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object' && !(value instanceof Date) && !mongoose.isValidObjectId(value as object)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

/** Every forbidden key found at any depth of the given documents. */
export function forbiddenKeysIn(docs: unknown): string[] {
  return [...keysOf(docs)].filter((k) => FORBIDDEN_KEYS.test(k));
}
