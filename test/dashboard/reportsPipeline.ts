import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { caseMessageModel } from '../../models/caseMessage';
import { CaseMessageRepository } from '../../models/caseMessageRepository';
import { reportModel } from '../../models/report';
import { ReporterContactRepository } from '../../models/reporterContactRepository';
import { ReportRepository } from '../../models/reportRepository';
import type { Logger } from '../../core/logger';
import { anonymise } from '../../services/anonymise/anonymise';
import type { FieldCipher } from '../../services/crypto/fieldCipher';
import { FollowUpService } from '../../services/reports/followUp';
import { argon2Hasher } from '../../services/reports/passphrase';
import { ReportSpool } from '../../services/reports/reportSpool';
import { ReportStore } from '../../services/reports/reportStore';
import { ReportSubmitter } from '../../services/reports/submitReport';
import { RoutingService } from '../../services/routing/routingService';
import { RoutingRegistry } from '../../models/routingRegistry';

/**
 * The reports service as the server composes it: the real anonymiser, the
 * real routing (seed data), submitReport and followUp on the test database.
 */
export async function reportsPipeline(conn: Connection, cipher: FieldCipher, log: Logger): Promise<{ submitter: ReportSubmitter; followUp: FollowUpService; cleanup: () => void }> {
  await Promise.all([reportModel(conn).createIndexes(), caseMessageModel(conn).createIndexes()]);
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-dash-spool-'));
  const routing = new RoutingService(new RoutingRegistry(conn), { log });
  const submitter = new ReportSubmitter({
    cipher,
    hasher: argon2Hasher,
    anonymise: (text) => anonymise(text),
    route: (s) => routing.route(s),
    store: new ReportStore(new ReportRepository(conn), new ReporterContactRepository(conn)),
    spool: new ReportSpool(spoolDir, cipher),
    log,
    storeTimeoutMs: 4000,
    passphraseWords: 5,
    reissueMinutes: 30,
  });
  const followUp = new FollowUpService({ reports: new ReportRepository(conn), messages: new CaseMessageRepository(conn), cipher, hasher: argon2Hasher, anonymise: (text) => anonymise(text), policy: { maxFailures: 5, lockMinutes: 15 }, tokenMinutes: 30, log });
  return { submitter, followUp, cleanup: () => fs.rmSync(spoolDir, { recursive: true, force: true }) };
}
