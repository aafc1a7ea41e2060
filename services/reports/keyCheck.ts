import fs from 'node:fs/promises';
import path from 'node:path';
import type { CaseMessageRepository } from '../../models/caseMessageRepository';
import type { KeyLedger } from '../../models/keyLedger';
import type { ReporterContactRepository } from '../../models/reporterContactRepository';
import type { ReportRepository } from '../../models/reportRepository';
import { ConfigError } from '../../core/config';
import type { FieldCipher } from '../crypto/fieldCipher';

/** Where each key id is in use: `reports`, `contacts`, `messages`, `spool`. */
export type KeyUse = Record<string, string[]>;

/** Everything that holds sealed data, and the record of the key ids it may be sealed under. */
export interface KeyedStores {
  reports: ReportRepository;
  contacts: ReporterContactRepository;
  messages: CaseMessageRepository;
  ledger: KeyLedger;
}

/**
 * Every key id that stored ciphertext names — report narratives, evidence
 * and notes, reporter contacts, thread messages, and spool entries — with
 * where it was seen. One `distinct` per encrypted field (an index-less scan
 * on MongoDB and Cosmos DB; on the embedded database a read of each
 * collection, like the statistics), and one read of each spool file.
 */
export async function keyIdsInUse(stores: Omit<KeyedStores, 'ledger'>, spoolDir?: string): Promise<KeyUse> {
  const use: KeyUse = {};
  const note = (kids: unknown[], where: string): void => {
    for (const kid of kids) {
      if (typeof kid !== 'string') continue;
      const places = (use[kid] ??= []);
      if (!places.includes(where)) places.push(where);
    }
  };
  note(await stores.reports.keyIds(), 'reports');
  note(await stores.contacts.keyIds(), 'contacts');
  note(await stores.messages.keyIds(), 'messages');
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
export async function assertKeysConfigured(stores: KeyedStores, cipher: FieldCipher, spoolDir: string): Promise<KeyCheckResult> {
  const configured = new Set(cipher.kids);
  const { ledger } = stores;
  const spoolKids = await spoolKeyIds(spoolDir);
  const recorded = await ledger.read();
  let result: KeyCheckResult;
  if (recorded && [...recorded, ...spoolKids].every((kid) => configured.has(kid))) {
    result = { source: 'ledger', kids: [...new Set([...recorded, ...spoolKids])].sort() };
  } else {
    const use = await keyIdsInUse(stores, spoolDir);
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
