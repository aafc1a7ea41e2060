import { AppError } from '../../core/errors';

/** A failed delivery, reduced to a short code safe to store and log (`http_503`, `timeout`, `smtp_550`…). */
export class DeliveryError extends AppError {
  constructor(code: string, readonly permanent = false) {
    super(code, `delivery failed: ${code}`, { permanent });
  }
}

/** The short code of any error thrown while delivering. */
export function deliveryErrorCode(err: unknown): string {
  if (err instanceof DeliveryError) return err.code;
  const e = err as { code?: unknown; responseCode?: unknown; name?: unknown; cause?: { code?: unknown } };
  if (typeof e?.responseCode === 'number') return `smtp_${e.responseCode}`;
  const code = e?.cause?.code ?? e?.code;
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code.toLowerCase();
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  return 'error';
}
