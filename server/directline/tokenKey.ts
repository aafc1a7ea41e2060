import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type DirectLineSettings } from '../../core/config';
import type { Logger } from '../../core/logger';

/** The web channel's settings with the key that signs its tokens. */
export type DirectLineConfig = DirectLineSettings & {
  /**
   * Signs local tokens and keys stored conversations (DIRECTLINE_TOKEN_SECRET;
   * in development a key kept in DATA_DIR, so tokens survive a restart).
   */
  tokenSecret: Buffer;
  /** Where the token secret came from. */
  tokenSecretSource: 'configured' | 'development-file' | 'random';
};

const DEV_KEY_FILE = 'directline-token';

/**
 * The development token key: read from `dataDir/keys/directline-token`, or
 * generated there once (mode 0600), so a restarted development server still
 * accepts the widget's tokens. Never used in production or with several
 * instances (the configuration requires DIRECTLINE_TOKEN_SECRET there).
 */
function developmentTokenKey(dataDir: string, log?: Logger): Buffer {
  const dir = path.resolve(dataDir, 'keys');
  const file = path.join(dir, DEV_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      // 'wx': never overwrite a key another process just wrote.
      fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      log?.warn({ event: 'directline.dev_key_generated', file }, `no DIRECTLINE_TOKEN_SECRET: generated a development key in ${file}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new ConfigError('DIRECTLINE_TOKEN_SECRET', `not set, and the development key in ${file} is damaged (delete it to make a new one)`);
  return key;
}

/**
 * The key that signs the web channel's tokens: DIRECTLINE_TOKEN_SECRET when
 * configured; else the development key kept under `dataDir` (written on
 * first use — which is why this is not part of reading the configuration);
 * else, with no `dataDir` (unit tests), a random key for this process.
 */
export function withTokenKey(settings: DirectLineSettings, where: { dataDir?: string; log?: Logger } = {}): DirectLineConfig {
  if (settings.configuredTokenSecret) return { ...settings, tokenSecret: settings.configuredTokenSecret, tokenSecretSource: 'configured' };
  if (where.dataDir) return { ...settings, tokenSecret: developmentTokenKey(where.dataDir, where.log), tokenSecretSource: 'development-file' };
  return { ...settings, tokenSecret: randomBytes(32), tokenSecretSource: 'random' };
}
