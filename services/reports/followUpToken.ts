import { timingSafeEqual } from 'node:crypto';
import type { FieldCipher } from '../crypto/fieldCipher';

const PURPOSE = 'followup-token';

/**
 * A short-lived token proving that a reporter verified code and passphrase,
 * so the dialog keeps this in its state instead of the passphrase:
 * `<reportId>.<expiry ms>.<keyed digest>`.
 */
export function issueFollowUpToken(cipher: FieldCipher, reportId: string, expiresAt: number): string {
  const body = `${reportId}.${expiresAt}`;
  return `${body}.${cipher.digest(PURPOSE, body)}`;
}

/** The report id of a valid, unexpired token, or undefined. */
export function readFollowUpToken(cipher: FieldCipher, token: string, now: number): string | undefined {
  const m = /^([0-9a-f]{24})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return undefined;
  const [, reportId, exp, mac] = m as unknown as [string, string, string, string];
  if (Number(exp) < now) return undefined;
  const given = Buffer.from(mac);
  const ok = cipher.digests(PURPOSE, `${reportId}.${exp}`).some((d) => {
    const expected = Buffer.from(d);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  return ok ? reportId : undefined;
}
