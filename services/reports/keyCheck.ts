import fs from 'node:fs/promises';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { caseMessageModel } from '../../models/caseMessage';
import { reportModel } from '../../models/report';
import { reporterContactModel } from '../../models/reporterContact';
import { ConfigError } from '../../server/config';
import type { FieldCipher } from '../crypto/fieldCipher';

/** Where each key id is in use: `reports`, `contacts`, `messages`, `spool`. */
export type KeyUse = Record<string, string[]>;

/**
 * Every key id that stored ciphertext names — report narratives, evidence
 * and notes, reporter contacts, thread messages, and spool entries — with
 * where it was seen. One `distinct` per encrypted field (an index-less scan
 * on MongoDB and Cosmos DB; on the embedded database a read of each
 * collection, like the statistics), and one read of each spool file.
 */
export async function keyIdsInUse(conn: Connection, spoolDir: string): Promise<KeyUse> {
  const use: KeyUse = {};
  const note = (kids: unknown[], where: string): void => {
    for (const kid of kids) {
      if (typeof kid !== 'string') continue;
      const places = (use[kid] ??= []);
      if (!places.includes(where)) places.push(where);
    }
  };
  const reports = reportModel(conn);
  for (const field of ['narrative.kid', 'evidence.kid', 'notes.body.kid']) note(await reports.distinct(field), 'reports');
  note(await reporterContactModel(conn).distinct('contact.kid'), 'contacts');
  note(await caseMessageModel(conn).distinct('body.kid'), 'messages');
  note(await spoolKeyIds(spoolDir), 'spool');
  return use;
}

/** The key id of each spool entry (the file's encrypted payload names it). */
async function spoolKeyIds(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const kids: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.spool'))) {
    const kid = (JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as { payload?: { kid?: unknown } }).payload?.kid;
    if (typeof kid === 'string') kids.push(kid);
  }
  return kids;
}

/**
 * Refuses to go on when stored data names a key that is not configured:
 * without it those reports cannot be opened (every view would fail), and a
 * spool entry under it would never reach the database. The error names the
 * missing ids and where they are used — never a key.
 */
export async function assertKeysConfigured(conn: Connection, cipher: FieldCipher, spoolDir: string): Promise<KeyUse> {
  const use = await keyIdsInUse(conn, spoolDir);
  const configured = new Set(cipher.kids);
  const missing = Object.keys(use).filter((kid) => !configured.has(kid)).sort();
  if (missing.length > 0) {
    const detail = missing.map((kid) => `${kid} (${use[kid]!.join(', ')})`).join('; ');
    throw new ConfigError('REPORT_ENCRYPTION_KEYS', `stored data is encrypted under key ids that are not configured: ${detail}. Add those keys back (see docs/OPERATIONS.md, "Keys")`);
  }
  return use;
}
