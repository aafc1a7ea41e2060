import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { accountIdentities, identitiesOfHandle, identityOfLink, normalisePhone } from '../../../services/reports/accountIdentity';
import { AccountMatcher } from '../../../services/reports/accountMatcher';
import { FieldCipher } from '../../../services/crypto/fieldCipher';
import { parseKeyring } from '../../../services/crypto/keyring';

describe('account identities (repeat-account matching)', () => {
  it('when one Instagram account is written three ways, then all three are the same identity', () => {
    const ig = ['instagram'];
    assert.deepEqual(accountIdentities({ handles: ['@Mracni_Vuk'] }, ig), ['instagram:mracni_vuk']);
    assert.deepEqual(accountIdentities({ urls: ['instagram.com/mracni_vuk/'] }, []), ['instagram:mracni_vuk']);
    assert.deepEqual(accountIdentities({ handles: ['mracni_vuk'] }, ig), ['instagram:mracni_vuk']);
    assert.deepEqual(accountIdentities({ urls: ['https://www.instagram.com/Mracni_Vuk?igshid=abc123#top'] }, []), ['instagram:mracni_vuk']);
    assert.deepEqual(accountIdentities({ urls: ['https://instagram.com/stories/mracni_vuk/123456/'] }, []), ['instagram:mracni_vuk']);
  });

  it('when a link names a post or an unknown site, then it is its canonical link: lower-case host, no www, query, fragment or trailing slash', () => {
    assert.equal(identityOfLink('https://www.Instagram.com/p/Cxyz123/?utm_source=ig'), 'url:instagram.com/p/Cxyz123');
    assert.equal(identityOfLink('HTTP://WWW.Example.ORG/Profil/Marko/?utm_source=x&fbclid=1#a'), 'url:example.org/Profil/Marko');
    assert.equal(identityOfLink('example.org/a/'), identityOfLink('https://example.org/a'));
    assert.equal(identityOfLink('not a link'), undefined);
  });

  it('when links name accounts on other platforms, then each maps to platform and name', () => {
    assert.equal(identityOfLink('https://www.tiktok.com/@Neko.Drugi?lang=sr'), 'tiktok:neko.drugi');
    assert.equal(identityOfLink('https://x.com/SomeOne'), 'x:someone');
    assert.equal(identityOfLink('https://twitter.com/someone/status/1'), 'x:someone');
    assert.equal(identityOfLink('https://m.facebook.com/profile.php?id=100012345678'), 'facebook:100012345678');
    assert.equal(identityOfLink('https://t.me/Vuk_Bot'), 'telegram:vuk_bot');
    assert.equal(identityOfLink('https://www.snapchat.com/add/vuk.s'), 'snapchat:vuk.s');
    assert.equal(identityOfLink('https://www.youtube.com/@Kanal'), 'youtube:kanal');
  });

  it('when a number is kept as evidence, then Serbian and international spellings are one E.164 number', () => {
    for (const n of ['064 123 4567', '064/123-4567', '+381 64 123 4567', '00381641234567', '+381 064 123 4567']) assert.equal(normalisePhone(n), '+381641234567', n);
    assert.equal(identityOfLink('https://wa.me/381641234567'), 'phone:+381641234567');
    assert.equal(identityOfLink('viber://chat?number=%2B381641234567'), 'phone:+381641234567');
    assert.deepEqual(identitiesOfHandle('064 123 4567', []), ['phone:+381641234567']);
    assert.equal(normalisePhone('12'), undefined);
    assert.equal(normalisePhone('mracni_vuk'), undefined);
  });

  it('when a bare name comes with several platforms or none, then it is that name on each of them, or on an unknown one', () => {
    assert.deepEqual(identitiesOfHandle('@Vuk', ['instagram', 'messenger']), ['instagram:vuk', 'facebook:vuk']);
    assert.deepEqual(identitiesOfHandle('vuk_77', []), ['any:vuk_77']);
    assert.deepEqual(identitiesOfHandle('@', ['instagram']), []);
    assert.deepEqual(identitiesOfHandle('@vuk_77.', ['instagram']), ['instagram:vuk_77']);
  });

  it('when identities are hashed, then equal accounts share a link id under each key, which never holds the name', () => {
    const k1 = `k1:${randomBytes(32).toString('base64')}`;
    const k2 = `k2:${randomBytes(32).toString('base64')}`;
    const matcher = AccountMatcher.fromConfig(new FieldCipher(parseKeyring(`${k2},${k1}`)));
    const a = matcher.linkIds({ handles: ['@Mracni_Vuk'] }, ['instagram']);
    const b = matcher.linkIds({ urls: ['instagram.com/mracni_vuk/'] }, []);
    assert.deepEqual(a, b);
    assert.equal(a.length, 2);
    assert.deepEqual(a.map((id) => id.split(':')[0]).sort(), ['k1', 'k2']);
    for (const id of a) assert.doesNotMatch(id, /vuk/i);
    // A dedicated key: other hashes than the derived ones, its own id.
    const own = AccountMatcher.fromConfig(new FieldCipher(parseKeyring(k1)), `m1:${randomBytes(32).toString('base64')}`);
    const c = own.linkIds({ handles: ['mracni_vuk'] }, ['instagram']);
    assert.equal(c.length, 1);
    assert.match(c[0]!, /^m1:[A-Za-z0-9_-]{43}$/);
    assert.ok(!a.includes(c[0]!));
  });
});
