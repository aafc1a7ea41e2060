import type { Response } from 'restify';
import { isDatabaseUnavailable } from '../../models/dbAvailability';
import { DirectLineError } from './directLineError';
import type { Logger } from '../../core/logger';

/**
 * Answers a failed Direct Line call in the service's error shape
 * (`{error: {code, message}}`); unexpected errors become a bare 500.
 */
export function sendError(res: Response, err: unknown, log: Logger): void {
  res.setHeader('Cache-Control', 'no-store');
  if (err instanceof DirectLineError) {
    if (err.retryAfter) res.setHeader('Retry-After', String(err.retryAfter));
    res.send(err.status, { error: { code: err.code, message: err.message } });
    return;
  }
  if (isDatabaseUnavailable(err)) {
    // A conversation this instance does not hold, while the database is away: the client retries.
    res.setHeader('Retry-After', '2');
    res.send(503, { error: { code: 'ServiceUnavailable', message: 'The chat is briefly unavailable; try again shortly.' } });
    return;
  }
  log.error({ event: 'directline.error', err }, 'Direct Line request failed');
  res.send(500, { error: { code: 'InternalError', message: 'Internal error.' } });
}
