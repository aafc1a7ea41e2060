import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../core/config';
import type { Logger } from '../../core/logger';

/** One AES-256 key and the id stored beside every ciphertext it made. */
export interface DataKey {
  kid: string;
  key: Buffer;
}

/** The configured keys: the first encrypts, all decrypt (so keys can rotate). */
export interface Keyring {
  current: DataKey;
  all: ReadonlyMap<string, DataKey>;
}

/**
 * Parses `REPORT_ENCRYPTION_KEYS` (`k2:base64key,k1:base64key`). Each key
 * must be 32 bytes; ids must be unique. Errors name the variable, never a key.
 */
export function parseKeyring(spec: string, variable = 'REPORT_ENCRYPTION_KEYS'): Keyring {
  const keys: DataKey[] = [];
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const sep = part.indexOf(':');
    const kid = part.slice(0, sep);
    const key = Buffer.from(part.slice(sep + 1), 'base64');
    if (sep <= 0 || !/^[A-Za-z0-9_-]{1,16}$/.test(kid)) throw new ConfigError(variable, 'each entry must be kid:base64key');
    if (key.length !== 32) throw new ConfigError(variable, `key ${kid} must be 32 bytes (base64 of 32 random bytes)`);
    if (keys.some((k) => k.kid === kid)) throw new ConfigError(variable, `key id ${kid} appears twice`);
    keys.push({ kid, key });
  }
  const current = keys[0];
  if (!current) throw new ConfigError(variable, 'no key given');
  return { current, all: new Map(keys.map((k) => [k.kid, k])) };
}

/**
 * The development keyring: read from `dataDir/keys/report-keys`, or
 * generated there once (mode 0600) when absent. Logged by path, never by
 * value. Production refuses to start without configured keys
 * (core/config/reports.ts), so this never runs there.
 */
export function developmentKeyring(dataDir: string, log?: Logger): Keyring {
  const dir = path.resolve(dataDir, 'keys');
  const file = path.join(dir, 'report-keys');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const spec = `dev1:${randomBytes(32).toString('base64')}\n`;
    try {
      // 'wx': never overwrite a key another process just wrote (that would orphan its ciphertexts).
      fs.writeFileSync(file, spec, { mode: 0o600, flag: 'wx' });
      log?.warn({ event: 'crypto.dev_key_generated', file }, `no REPORT_ENCRYPTION_KEYS: generated a development key in ${file} (set REPORT_ENCRYPTION_KEYS in production)`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  } else {
    log?.warn({ event: 'crypto.dev_key_used', file }, `no REPORT_ENCRYPTION_KEYS: using the development key in ${file}`);
  }
  return parseKeyring(fs.readFileSync(file, 'utf8').trim(), file);
}
