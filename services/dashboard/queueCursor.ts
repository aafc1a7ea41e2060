import { QUEUE_KEY_PATTERN } from '../../models/reportQueueEntry';
import { badRequest } from '../auth/staffErrors';

/**
 * A keyset cursor is the queue key of the last row shown, base64url-encoded
 * so clients treat it as opaque. The next page is `queueKey > cursor`: rows
 * inserted meanwhile before the cursor are not shown on later pages, rows
 * after it are, and no row is repeated or skipped.
 */
export function encodeQueueCursor(queueKey: string): string {
  return Buffer.from(queueKey, 'utf8').toString('base64url');
}

/** The queue key a cursor carries; 400 when it is not one of ours. */
export function decodeQueueCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!QUEUE_KEY_PATTERN.test(key)) throw badRequest('The cursor is not valid; start from the first page.');
  return key;
}
