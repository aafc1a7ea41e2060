import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { base32Decode, base32Encode } from './base32';

/** RFC 6238 defaults that every authenticator app understands. */
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;

/** A new random secret (160 bits, as RFC 4226 recommends), base32. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The RFC 6238 time step of a moment. */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS);
}

/** The HOTP value (RFC 4226, HMAC-SHA1, dynamic truncation) for one step. */
export function hotp(secretBase32: string, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, '0');
}

/** The code an authenticator shows at `nowMs`. */
export function totpCode(secretBase32: string, nowMs: number): string {
  return hotp(secretBase32, totpStep(nowMs));
}

/**
 * Checks a code against the current step ±1 (clock drift) and returns the
 * matched step, or undefined. Steps at or before `lastStep` are refused so a
 * code seen over someone's shoulder cannot be replayed.
 */
export function verifyTotp(secretBase32: string, code: string, nowMs: number, lastStep = -1): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const current = totpStep(nowMs);
  for (const step of [current - 1, current, current + 1]) {
    if (step <= lastStep) continue;
    const expected = Buffer.from(hotp(secretBase32, step));
    if (timingSafeEqual(expected, Buffer.from(code))) return step;
  }
  return undefined;
}

/** The otpauth:// URI an authenticator app imports (Key Uri Format). */
export function otpauthUri(secretBase32: string, account: string, issuer = 'Bezbedno'): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  const params = new URLSearchParams({ secret: secretBase32, issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS) });
  return `otpauth://totp/${label}?${params.toString()}`;
}
