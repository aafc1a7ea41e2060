import { AppError } from '../../core/errors';

/** The codes the local Direct Line answers a refusal with (`{error: {code, message}}`). */
export type DirectLineErrorCode =
  | 'BadArgument'
  | 'NotConfigured'
  | 'ServiceBusy'
  | 'TooManyRequests'
  | 'NotFound'
  | 'TokenInvalid'
  | 'TokenExpired'
  | 'UpstreamUnavailable'
  | 'UpstreamRefused'
  | 'UpstreamInvalid';

/**
 * A refusal with the HTTP status the Direct Line client expects for it. It
 * is thrown only here at the edge (server/directline), so it may carry its
 * status; the code and message are the one error shape (core/errors.ts).
 */
export class DirectLineError extends AppError<DirectLineErrorCode> {
  constructor(
    readonly status: number,
    code: DirectLineErrorCode,
    message: string,
    /** Seconds, for 429. */
    readonly retryAfter?: number,
  ) {
    super(code, message, retryAfter === undefined ? {} : { retryAfter });
  }
}
