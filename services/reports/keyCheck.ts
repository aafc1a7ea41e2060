import fs from 'node:fs/promises';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { caseMessageModel } from '../../models/caseMessage';
import { reportModel } from '../../models/report';
import { reporterContactModel } from '../../models/reporterContact';
import { ConfigError } from '../../core/config';
import type { FieldCipher } from '../crypto/fieldCipher';
import { retryOnDuplicate } from '../../core/duplicateKey';

/** Where each key id is in use: `reports`, `contacts`, `messages`, `spool`. */
export type KeyUse = Record<string, string[]>;

/**
 * Every key id that stored ciphertext names — report narratives, evidence
 * and notes, reporter contacts, thread messages, and spool entries — with
 * where it was seen. One `distinct` per encrypted field (an index-less scan
 * on MongoDB and Cosmos DB; on the embedded database a read of each
 * collection, like the statistics), and one read of each spool file.
 */
export async function keyIdsInUse(conn: Connection, spoolDir?: string): Promise<KeyUse> {
  const use: KeyUse = {};
  const note = (kids: unknown[], where: string): void => {
    for (const kid of kids) {
      if (typeof kid !== 'string') continue;
      const places = (use[kid] ??= []);
      if (!places.includes(where)) places.push(where);
    }
  };
  const reports = reportModel(conn);
  for (const field of ['narrative.kid', 'evidence.kid', 'evidenceAdded.body.kid', 'notes.body.kid']) note(await reports.distinct(field), 'reports');
  note(await reporterContactModel(conn).distinct('contact.kid'), 'contacts');
  note(await caseMessageModel(conn).distinct('body.kid'), 'messages');
  if (spoolDir) note(await spoolKeyIds(spoolDir), 'spool');
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
 * The key ids stored data may be encrypted under, kept in one small
 * document so start-up need not read every report: a superset of the ids in
 * use, because every process records its current key id before it writes
 * under it (the server at start-up, `rotate-keys` before re-encrypting).
 * When it names an id that is not configured, the stored data itself is
 * read to tell a real gap from a key that is no longer used.
 */
export class KeyLedger {
  private readonly docs;

  constructor(conn: Connection) {
    this.docs = conn.collection<{ _id: string; kids: string[]; at: Date }>('report_key_ledger');
  }

  /** The recorded ids, or undefined when nothing was recorded yet (an older database). */
  async read(): Promise<string[] | undefined> {
    return (await this.docs.findOne({ _id: 'kids' }))?.kids;
  }

  /** Adds ids (before anything is written under them). */
  async record(kids: string[]): Promise<void> {
    // Two instances starting at once may both upsert the first record: the loser retries as an update.
    await retryOnDuplicate(() => this.docs.updateOne({ _id: 'kids' }, { $addToSet: { kids: { $each: kids } }, $set: { at: new Date() } }, { upsert: true }));
  }

  /** Replaces the record with ids read from the data itself. */
  async replace(kids: string[]): Promise<void> {
    await retryOnDuplicate(() => this.docs.replaceOne({ _id: 'kids' }, { kids: [...new Set(kids)].sort(), at: new Date() }, { upsert: true }));
  }
}

/** What the key check found. */
export interface KeyCheckResult {
  /** `ledger`: the record sufficed; `scan`: the stored data was read (first start, or the record named an unconfigured id). */
  source: 'ledger' | 'scan';
  /** Ids in use (scan) or recorded (ledger), plus the spool's. */
  kids: string[];
}

/**
 * Refuses to go on when stored data names a key that is not configured:
 * without it those reports cannot be opened (every view would fail), and a
 * spool entry under it would never reach the database. The error names the
 * missing ids and where they are used — never a key. Usually one lookup
 * (the {@link KeyLedger}) and a read of the spool folder; the stored data is
 * read only on the first start of a database or when the record names an id
 * that is not configured. Records the current key id once the check passed.
 */
export async function assertKeysConfigured(conn: Connection, cipher: FieldCipher, spoolDir: string): Promise<KeyCheckResult> {
  const configured = new Set(cipher.kids);
  const ledger = new KeyLedger(conn);
  const spoolKids = await spoolKeyIds(spoolDir);
  const recorded = await ledger.read();
  let result: KeyCheckResult;
  if (recorded && [...recorded, ...spoolKids].every((kid) => configured.has(kid))) {
    result = { source: 'ledger', kids: [...new Set([...recorded, ...spoolKids])].sort() };
  } else {
    const use = await keyIdsInUse(conn, spoolDir);
    const missing = Object.keys(use).filter((kid) => !configured.has(kid)).sort();
    if (missing.length > 0) {
      const detail = missing.map((kid) => `${kid} (${use[kid]!.join(', ')})`).join('; ');
      throw new ConfigError('REPORT_ENCRYPTION_KEYS', `stored data is encrypted under key ids that are not configured: ${detail}. Add those keys back (see docs/OPERATIONS.md, "Keys")`);
    }
    // The data is the truth: a recorded id nothing uses any more is dropped.
    await ledger.replace(Object.keys(use).filter((kid) => use[kid]!.some((where) => where !== 'spool')));
    result = { source: 'scan', kids: Object.keys(use).sort() };
  }
  await ledger.record([cipher.currentKid]);
  return result;
}
