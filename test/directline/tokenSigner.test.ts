import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { TokenSigner } from '../../server/directline/tokenSigner';

describe('TokenSigner', () => {
  const key = randomBytes(32);
  let now = Date.UTC(2026, 0, 1);
  const signer = new TokenSigner(key, () => now);

  it('when a token is issued, then it verifies with its conversation, user and scope', () => {
    const { token, expiresIn } = signer.issue({ conversationId: 'c1', userId: 'dl_abcdefgh', scope: 'conversation' }, 1800);
    assert.equal(expiresIn, 1800);
    const result = signer.verify(token, 'conversation');
    assert.ok(result.ok);
    assert.equal(result.claims.conversationId, 'c1');
    assert.equal(result.claims.userId, 'dl_abcdefgh');
    assert.equal(result.claims.exp, now / 1000 + 1800);
  });

  it('when the lifetime has passed, then the token is refused as expired', () => {
    const { token } = signer.issue({ conversationId: 'c1', scope: 'conversation' }, 60);
    now += 60_000;
    assert.deepEqual(signer.verify(token, 'conversation'), { ok: false, reason: 'expired' });
    now -= 60_000;
  });

  it('when the payload is altered, then the signature check fails', () => {
    const { token } = signer.issue({ conversationId: 'c1', scope: 'conversation' }, 60);
    const [v, body, sig] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    payload.c = 'someone-elses-conversation';
    const forged = `${v}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
    assert.deepEqual(signer.verify(forged, 'conversation'), { ok: false, reason: 'bad-signature' });
  });

  it('when another key signed it, then it is refused', () => {
    const other = new TokenSigner(randomBytes(32), () => now);
    const { token } = other.issue({ conversationId: 'c1', scope: 'conversation' }, 60);
    assert.deepEqual(signer.verify(token, 'conversation'), { ok: false, reason: 'bad-signature' });
  });

  it('when a stream token is used for the API (or the reverse), then the scope is wrong', () => {
    const stream = signer.issue({ conversationId: 'c1', scope: 'stream' }, 60).token;
    const api = signer.issue({ conversationId: 'c1', scope: 'conversation' }, 60).token;
    assert.deepEqual(signer.verify(stream, 'conversation'), { ok: false, reason: 'wrong-scope' });
    assert.deepEqual(signer.verify(api, 'stream'), { ok: false, reason: 'wrong-scope' });
  });

  it('when the token is missing or not ours, then it is refused without throwing', () => {
    assert.deepEqual(signer.verify(undefined, 'conversation'), { ok: false, reason: 'missing' });
    assert.deepEqual(signer.verify('abc', 'conversation'), { ok: false, reason: 'malformed' });
    assert.deepEqual(signer.verify('bzdl1.%%%.x', 'conversation'), { ok: false, reason: 'bad-signature' });
  });

  it('when two tokens are issued in the same second, then they differ', () => {
    const a = signer.issue({ conversationId: 'c1', scope: 'conversation' }, 60).token;
    const b = signer.issue({ conversationId: 'c1', scope: 'conversation' }, 60).token;
    assert.notEqual(a, b);
  });
});
