/**
 * `npm run --silent bench:keycheck -- [--count N] [--runs R]`: what the
 * start-up key check costs (services/reports/keyCheck.ts), at N reports
 * (a note on every seventh) and N/2 thread messages, on MONGODB_URI or the
 * embedded database: reading the key ids from the stored data (the first
 * start of a database, or when the record names an unconfigured id) beside
 * the usual start (the key record and the spool folder). Prints JSON (medians).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { caseMessageModel } from '../models/caseMessage';
import { CaseMessageRepository } from '../models/caseMessageRepository';
import { KeyLedger } from '../models/keyLedger';
import { reportModel } from '../models/report';
import { ReporterContactRepository } from '../models/reporterContactRepository';
import { ReportRepository } from '../models/reportRepository';
import { FieldCipher } from '../services/crypto/fieldCipher';
import { parseKeyring } from '../services/crypto/keyring';
import { assertKeysConfigured, keyIdsInUse } from '../services/reports/keyCheck';
import { loadAverage, runBench, time, withBenchDatabase } from './benchDatabase';

const { values } = parseArgs({ options: { count: { type: 'string', default: '20000' }, runs: { type: 'string', default: '3' } } });
const COUNT = Number(values.count);
const RUNS = Number(values.runs);
const b64 = (n: number): string => randomBytes(Math.ceil((n * 3) / 4)).toString('base64').slice(0, n);
const field = (kid: string, size: number): Record<string, string> => ({ kid, iv: b64(16), tag: b64(24), ct: b64(size) });

runBench(async () => {
  await withBenchDatabase('keycheck', async ({ conn, embedded }) => {
    const t0 = Date.now();
    for (let done = 0; done < COUNT; done += 1000) {
      const reports = [];
      const messages = [];
      for (let i = done; i < Math.min(COUNT, done + 1000); i++) {
        const _id = new Types.ObjectId();
        // Two key generations, as after a rotation that is not finished.
        const kid = i % 10 === 0 ? 'k1' : 'k2';
        reports.push({
          _id, caseCode: `C${i}`, submissionKey: `s${i}`, narrative: field(kid, 1200), evidence: field(kid, 200),
          notes: i % 7 === 0 ? [{ _id: new Types.ObjectId(), at: new Date(), by: 'a', body: field(kid, 300) }] : [],
          status: 'new', statusHistory: [{ status: 'new', at: new Date() }], createdAt: new Date(), updatedAt: new Date(),
        });
        if (i % 2 === 0) messages.push({ _id: new Types.ObjectId(), reportId: _id, from: 'staff', body: field(kid, 200), createdAt: new Date() });
      }
      await reportModel(conn).collection.insertMany(reports, { ordered: false });
      await caseMessageModel(conn).collection.insertMany(messages, { ordered: false });
    }
    const seedMs = Date.now() - t0;
    const spool = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-keycheck-spool-'));
    try {
      const stores = { reports: new ReportRepository(conn), contacts: new ReporterContactRepository(conn), messages: new CaseMessageRepository(conn), ledger: new KeyLedger(conn) };
      const scan = await time(RUNS, () => keyIdsInUse(stores, spool));
      const cipher = new FieldCipher(parseKeyring(`k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`));
      await assertKeysConfigured(stores, cipher, spool); // the first start: scans and records
      const ledger = await time(RUNS, () => assertKeysConfigured(stores, cipher, spool));
      console.log(JSON.stringify({
        database: embedded?.kind ?? 'MONGODB_URI', reports: COUNT, messages: Math.ceil(COUNT / 2),
        readStoredDataMs: scan.medianMs, usualStartMs: ledger.medianMs, usualStartSource: ledger.result.source, keyIds: scan.result,
        seedMs, runs: RUNS, loadAverage: loadAverage(),
      }));
    } finally {
      fs.rmSync(spool, { recursive: true, force: true });
    }
  });
});
