import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../core/config';
import { createLogger } from '../../../core/logger';
import { LogCapture } from '../../support/server';
import { DecryptionError, FieldCipher } from '../../../services/crypto/fieldCipher';
import { developmentKeyring, parseKeyring } from '../../../services/crypto/keyring';

const key = (): string => randomBytes(32).toString('base64');

describe('FieldCipher (AES-256-GCM, key ids, associated data)', () => {
  const k1 = key();
  const k2 = key();
  const ctx = { reportId: '665f1c2ab3d4e5f6a7b8c9d0', field: 'narrative' };

  it('when a value is encrypted and decrypted in the same context, then it round-trips and the ciphertext hides it', () => {
    const cipher = new FieldCipher(parseKeyring(`k1:${k1}`));
    const enc = cipher.encrypt('Marko mi je pisao na Instagramu', ctx);
    assert.equal(enc.kid, 'k1');
    assert.equal(Buffer.from(enc.iv, 'base64').length, 12);
    assert.equal(Buffer.from(enc.tag, 'base64').length, 16);
    assert.ok(!Buffer.from(enc.ct, 'base64').toString('utf8').includes('Marko'));
    assert.equal(cipher.decrypt(enc, ctx), 'Marko mi je pisao na Instagramu');
  });

  it('when the same value is encrypted twice, then the ciphertexts differ (fresh IV)', () => {
    const cipher = new FieldCipher(parseKeyring(`k1:${k1}`));
    assert.notEqual(cipher.encrypt('isto', ctx).ct, cipher.encrypt('isto', ctx).ct);
  });

  it('when many values are encrypted (IVs come from a pool of random bytes), then no IV repeats and each still decrypts', () => {
    const cipher = new FieldCipher(parseKeyring(`k1:${k1}`));
    const encs = Array.from({ length: 1000 }, (_, i) => cipher.encrypt(`vrednost ${i}`, ctx));
    assert.equal(new Set(encs.map((e) => e.iv)).size, encs.length);
    encs.forEach((e, i) => assert.equal(cipher.decrypt(e, ctx), `vrednost ${i}`));
  });

  it('when a ciphertext is moved to another report or field, then it does not decrypt', () => {
    const cipher = new FieldCipher(parseKeyring(`k1:${k1}`));
    const enc = cipher.encrypt('tajna', ctx);
    assert.throws(() => cipher.decrypt(enc, { ...ctx, reportId: '665f1c2ab3d4e5f6a7b8c9d1' }), DecryptionError);
    assert.throws(() => cipher.decrypt(enc, { ...ctx, field: 'evidence' }), DecryptionError);
  });

  it('when a ciphertext or tag is altered, then decryption fails instead of returning garbage', () => {
    const cipher = new FieldCipher(parseKeyring(`k1:${k1}`));
    const enc = cipher.encrypt('tekst', ctx);
    const ct = Buffer.from(enc.ct, 'base64');
    ct[0] = (ct[0] ?? 0) ^ 1;
    assert.throws(() => cipher.decrypt({ ...enc, ct: ct.toString('base64') }, ctx), DecryptionError);
    assert.throws(() => cipher.decrypt({ ...enc, tag: randomBytes(16).toString('base64') }, ctx), DecryptionError);
  });

  it('when keys rotate, then old values still decrypt, new ones use the new key, and reEncrypt moves old ones over', () => {
    const before = new FieldCipher(parseKeyring(`k1:${k1}`));
    const old = before.encrypt('stari tekst', ctx);
    const after = new FieldCipher(parseKeyring(`k2:${k2},k1:${k1}`));
    assert.equal(after.decrypt(old, ctx), 'stari tekst');
    assert.equal(after.needsRotation(old), true);
    const moved = after.reEncrypt(old, ctx);
    assert.equal(moved.kid, 'k2');
    assert.equal(after.needsRotation(moved), false);
    const onlyNew = new FieldCipher(parseKeyring(`k2:${k2}`));
    assert.equal(onlyNew.decrypt(moved, ctx), 'stari tekst');
    assert.throws(() => onlyNew.decrypt(old, ctx), (e: unknown) => e instanceof DecryptionError && e.reason === 'unknown_key');
  });

  it('when keys rotate, then a keyed digest made under the old key is still among the lookup digests', () => {
    const before = new FieldCipher(parseKeyring(`k1:${k1}`));
    const after = new FieldCipher(parseKeyring(`k2:${k2},k1:${k1}`));
    const stored = before.digest('submission', 'abc');
    assert.ok(after.digests('submission', 'abc').includes(stored));
    assert.notEqual(after.digest('submission', 'abc'), stored);
  });

  it('when the key configuration is wrong, then parsing fails naming the variable but not the key', () => {
    const short = randomBytes(16).toString('base64');
    assert.throws(() => parseKeyring(`k1:${short}`), (e: unknown) => e instanceof ConfigError && e.variable === 'REPORT_ENCRYPTION_KEYS' && !e.message.includes(short));
    assert.throws(() => parseKeyring(`k1:${k1},k1:${k2}`), ConfigError);
    assert.throws(() => parseKeyring(''), ConfigError);
  });

  it('when no key is configured in development, then one is generated once into DATA_DIR/keys with mode 0600 and logged without its value', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-keys-'));
    try {
      const logs = new LogCapture();
      const first = developmentKeyring(dir, createLogger('info', logs));
      const file = path.join(dir, 'keys', 'report-keys');
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      const second = developmentKeyring(dir);
      assert.ok(first.current.key.equals(second.current.key), 'the same key is reused on the next start');
      assert.ok(logs.events().includes('crypto.dev_key_generated'));
      const keyText = first.current.key.toString('base64');
      assert.ok(logs.lines.every((l) => !l.includes(keyText)), 'the key never appears in the log');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
