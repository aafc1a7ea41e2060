import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { AccountLinkRepository } from '../../../models/accountLink';
import { caseMessageModel } from '../../../models/caseMessage';
import { CaseMessageRepository } from '../../../models/caseMessageRepository';
import { KeyLedger } from '../../../models/keyLedger';
import { EMBEDDED_DATABASE, type DatabaseMode } from '../../../models/database';
import { notificationModel } from '../../../models/notification';
import { reportModel } from '../../../models/report';
import { reporterContactModel } from '../../../models/reporterContact';
import { ReporterContactRepository } from '../../../models/reporterContactRepository';
import { ReportRepository } from '../../../models/reportRepository';
import { createLogger, type Logger } from '../../../core/logger';
import type { AnonymiseResult } from '../../../services/anonymise/types';
import { FieldCipher } from '../../../services/crypto/fieldCipher';
import { parseKeyring } from '../../../services/crypto/keyring';
import { AccountLinks } from '../../../services/reports/accountLinks';
import type { AccountMatcher } from '../../../services/reports/accountMatcher';
import { argon2Hasher } from '../../../services/reports/passphrase';
import type { AnonymiseFn, RouteFn } from '../../../services/reports/prepareReport';
import { ReportSpool } from '../../../services/reports/reportSpool';
import { ReportStore, type OnStored } from '../../../services/reports/reportStore';
import { ReportSubmitter } from '../../../services/reports/submitReport';
import { SpoolFlusher } from '../../../services/reports/spoolFlusher';
import type { Situation } from '../../../core/domain/routing';
import { LogCapture } from '../../support/server';

/**
 * A small stand-in anonymiser for unit tests: removes the name "Marko",
 * moves links and @handles to the evidence list. The integration test uses
 * the real one.
 */
export const fakeAnonymise: AnonymiseFn = (text) => {
  const urls = text.match(/https?:\/\/\S+/g) ?? [];
  const handles = text.match(/@[A-Za-z0-9_.]+/g) ?? [];
  let out = text.replace(/\bMarko\b/g, '[ime]');
  for (const u of urls) out = out.replace(u, '[link]');
  for (const h of handles) out = out.replace(h, '[profil]');
  const result: AnonymiseResult = { text: out, redactions: [], evidence: { urls, handles } };
  return result;
};

/** A stand-in router: the contact centre always, police for criminal categories, immediate when in danger. */
export const fakeRoute: RouteFn = async (s: Situation) => ({
  urgency: s.immediateDanger ? 'immediate' : s.category === 'cyberbullying' ? 'normal' : 'high',
  authorities: [
    { id: 'nccos', reason: 'every report' },
    ...(s.category === 'cyberbullying' ? [] : [{ id: 'police-vtk', reason: 'criminal matter' }]),
  ],
});

export function testCipher(): FieldCipher {
  return new FieldCipher(parseKeyring(`t1:${randomBytes(32).toString('base64')}`));
}

export async function ensureIndexes(conn: Connection): Promise<void> {
  await Promise.all([reportModel(conn), reporterContactModel(conn), caseMessageModel(conn), notificationModel(conn)].map((m) => m.createIndexes()));
}

/** The repositories the reports services take, on a test database. */
export interface TestStores {
  reports: ReportRepository;
  contacts: ReporterContactRepository;
  messages: CaseMessageRepository;
  ledger: KeyLedger;
}

export function storesOf(conn: Connection, mode: DatabaseMode = EMBEDDED_DATABASE): TestStores {
  return { reports: new ReportRepository(conn, undefined, mode), contacts: new ReporterContactRepository(conn), messages: new CaseMessageRepository(conn, mode), ledger: new KeyLedger(conn) };
}

/** What FollowUpService takes of the stores. */
export function followUpStores(conn: Connection, mode: DatabaseMode = EMBEDDED_DATABASE): { reports: ReportRepository; messages: CaseMessageRepository } {
  return { reports: new ReportRepository(conn, undefined, mode), messages: new CaseMessageRepository(conn, mode) };
}

/** A ReportStore on a test database. */
export function storeOn(conn: Connection, onStored?: OnStored, accounts?: AccountLinks, mode: DatabaseMode = EMBEDDED_DATABASE): ReportStore {
  return new ReportStore(new ReportRepository(conn, undefined, mode), new ReporterContactRepository(conn), onStored, accounts);
}

/** AccountLinks on a test database. */
export function accountLinksOn(conn: Connection, matcher: AccountMatcher): AccountLinks {
  return new AccountLinks(new ReportRepository(conn), new AccountLinkRepository(conn), matcher);
}

export interface Rig {
  submitter: ReportSubmitter;
  store: ReportStore;
  spool: ReportSpool;
  flusher: SpoolFlusher;
  cipher: FieldCipher;
  logs: LogCapture;
  log: Logger;
  spoolDir: string;
  cleanup(): void;
}

export function makeRig(conn: Connection, opts: { storeTimeoutMs?: number; onStored?: OnStored; cipher?: FieldCipher; anonymise?: AnonymiseFn; route?: RouteFn; now?: () => Date; mode?: DatabaseMode } = {}): Rig {
  const cipher = opts.cipher ?? testCipher();
  const logs = new LogCapture();
  const log = createLogger('info', logs);
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-spool-'));
  const spool = new ReportSpool(spoolDir, cipher);
  const store = storeOn(conn, opts.onStored, undefined, opts.mode);
  const storeTimeoutMs = opts.storeTimeoutMs ?? 4000;
  const submitter = new ReportSubmitter({
    cipher, hasher: argon2Hasher, anonymise: opts.anonymise ?? fakeAnonymise, route: opts.route ?? fakeRoute, store, spool, log,
    storeTimeoutMs, passphraseWords: 5, reissueMinutes: 30, now: opts.now,
  });
  const flusher = new SpoolFlusher(spool, store, log, { intervalMs: 60_000, storeTimeoutMs });
  return { submitter, store, spool, flusher, cipher, logs, log, spoolDir, cleanup: () => fs.rmSync(spoolDir, { recursive: true, force: true }) };
}

/** A valid pupil draft with a narrative holding a name, a link and a handle. */
export function draft(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    submissionId: randomUUID(),
    reporterRole: 'pupil',
    victimAge: 'under14',
    category: 'grooming',
    platforms: ['Instagram'],
    ongoing: true,
    municipality: 'novi-sad',
    narrative: 'Marko mi stalno piše sa profila @tajni_drug99 i šalje https://example.org/chat/42 i traži da se nađemo.',
    meetingPlanned: true,
    ...overrides,
  };
}
