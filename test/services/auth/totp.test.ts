import assert from 'node:assert/strict';
import { base32Decode, base32Encode } from '../../../services/auth/base32';
import { generateTotpSecret, otpauthUri, totpCode, verifyTotp } from '../../../services/auth/totp';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890"; six-digit codes are
// the last six digits of the eight-digit vectors.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
const VECTORS: Array<[number, string]> = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
  [20000000000, '353130'],
];

describe('TOTP (RFC 6238)', () => {
  for (const [seconds, code] of VECTORS) {
    it(`when the time is ${seconds}s, then the code is the RFC's ${code}`, () => {
      assert.equal(totpCode(RFC_SECRET, seconds * 1000), code);
    });
  }

  it('when a code is one step early or late, then it is accepted; two steps off, refused', () => {
    const secret = generateTotpSecret();
    const now = 1_700_000_000_000;
    assert.ok(verifyTotp(secret, totpCode(secret, now - 30_000), now) !== undefined);
    assert.ok(verifyTotp(secret, totpCode(secret, now + 30_000), now) !== undefined);
    assert.equal(verifyTotp(secret, totpCode(secret, now - 60_000), now), undefined);
    assert.equal(verifyTotp(secret, totpCode(secret, now + 60_000), now), undefined);
  });

  it('when a code was already used (its step is not after lastStep), then it is refused', () => {
    const secret = generateTotpSecret();
    const now = 1_700_000_000_000;
    const step = verifyTotp(secret, totpCode(secret, now), now);
    assert.ok(step !== undefined);
    assert.equal(verifyTotp(secret, totpCode(secret, now), now, step), undefined);
  });

  it('when the code is not six digits, then it is refused', () => {
    const secret = generateTotpSecret();
    assert.equal(verifyTotp(secret, '12345', Date.now()), undefined);
    assert.equal(verifyTotp(secret, 'abcdef', Date.now()), undefined);
  });

  it('when a secret is generated, then it is 160 bits in base32 and round-trips', () => {
    const secret = generateTotpSecret();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.equal(base32Decode(secret).length, 20);
    assert.equal(base32Encode(base32Decode(secret)), secret);
  });

  it('when an otpauth URI is built, then it names the issuer and carries the secret', () => {
    const uri = otpauthUri('JBSWY3DPEHPK3PXP', 'ana@example.org');
    assert.match(uri, /^otpauth:\/\/totp\/Bezbedno%3Aana%40example\.org\?/);
    assert.equal(new URL(uri).searchParams.get('secret'), 'JBSWY3DPEHPK3PXP');
  });
});
