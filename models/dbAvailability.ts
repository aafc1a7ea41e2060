import { AppError } from '../core/errors';

/** Raised when a database operation did not finish within its time budget. */
export class DatabaseTimeoutError extends AppError<'DatabaseTimeout'> {
  constructor(readonly ms: number) {
    super('DatabaseTimeout', `database operation did not finish within ${ms} ms`, { ms });
  }
}

/**
 * Raised without touching the database while it is known to be away (see
 * DatabaseGate): callers take their fallback at once instead of waiting for
 * a timeout on every operation.
 */
export class DatabaseUnavailableError extends AppError<'DatabaseUnavailable'> {
  constructor() {
    super('DatabaseUnavailable', 'the database is not answering; operation not attempted');
  }
}

/** Driver errors that mean "the database cannot be reached now", not "the request is wrong". */
const UNAVAILABLE = new Set([
  'DatabaseTimeoutError',
  'DatabaseUnavailableError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
]);

/**
 * Socket errors the driver sometimes passes on as they are (a write to a
 * connection the database just closed — it was killed — is a bare EPIPE).
 */
const NETWORK_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTCONN']);

/** True when `err` says the database is down or unreachable (so the spool should take over). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (UNAVAILABLE.has(err.name)) return true;
  if (NETWORK_CODES.has(String((err as NodeJS.ErrnoException).code))) return true;
  // mongoose queues commands while disconnected and fails them after bufferTimeoutMS.
  if (err.name === 'MongooseError' && /buffering timed out/.test(err.message)) return true;
  const labelled = err as Error & { hasErrorLabel?: (label: string) => boolean };
  return labelled.hasErrorLabel?.('ResetPool') === true || labelled.hasErrorLabel?.('RetryableWriteError') === true;
}

/**
 * Races an operation against a time budget. A late operation is not
 * cancelled (the driver cannot), so callers must be idempotent: the spool
 * flusher treats a report that arrived late as already stored. Its eventual
 * rejection is swallowed here so it never surfaces as unhandled.
 */
export async function withTimeout<T>(op: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  op.catch(() => undefined);
  try {
    return await Promise.race([
      op,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DatabaseTimeoutError(ms)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
