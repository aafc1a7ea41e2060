import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * An activity as the local Direct Line keeps it: without its id, the
 * conversation id and the user's id, which are put back when it is read
 * (from the request's token). `r` says who spoke, `rt` the number of the
 * activity it replies to.
 */
export interface StoredActivity {
  r: 'user' | 'bot';
  rt?: number;
  body: Record<string, unknown>;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Keys derived from the Direct Line secret (DIRECTLINE_TOKEN_SECRET, the
 * same on every instance) and a conversation id:
 * - the stored key of a conversation is an HMAC of its id, so no
 *   conversation id is readable in the database;
 * - its activities are sealed with AES-256-GCM under a key derived from the
 *   id, which is never stored: someone holding the database alone cannot
 *   read what a child wrote, and a conversation's activities cannot be
 *   moved into another.
 */
export class ConversationKeys {
  constructor(private readonly secret: Buffer) {}

  /** The stored `_id` of a conversation. */
  storedKey(conversationId: string): string {
    return createHmac('sha256', this.secret).update('bezbedno-dl-conversation\0').update(conversationId).digest('base64url');
  }

  /** The AES key for one conversation's activities. */
  sealKey(conversationId: string): Buffer {
    return createHmac('sha256', this.secret).update('bezbedno-dl-activities\0').update(conversationId).digest();
  }
}

/** Seals one activity (JSON) under `key`, bound to its number by the GCM additional data. */
export function sealActivity(key: Buffer, seq: number, activity: StoredActivity): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(String(seq)));
  const body = Buffer.concat([cipher.update(JSON.stringify(activity), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Opens a sealed activity; throws when it was not sealed under `key` for number `seq`. */
export function openActivity(key: Buffer, seq: number, sealed: string): StoredActivity {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(String(seq)));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  return JSON.parse(text) as StoredActivity;
}
