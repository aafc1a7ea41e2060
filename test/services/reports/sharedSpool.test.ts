import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { DatabaseGate } from '../../../models/databaseGate';
import { notificationModel } from '../../../models/notification';
import { reportModel } from '../../../models/report';
import { createLogger } from '../../../core/logger';
import { createReportServices, type ReportServices } from '../../../services/reports/index';
import { dropTestDb, openTestDb } from '../../support/db';
import { LogCapture } from '../../support/server';
import { draft, fakeAnonymise, fakeRoute, storeOn } from './fixtures';
import { loadSection } from '../../../core/config';

/**
 * Two instances share one spool folder (SPOOL_DIR on a shared volume) and
 * one database, and both flush it — at the same time, several times over.
 * Every report must be stored exactly once, with one set of notices, and the
 * folder must end empty.
 */
describe('a spool shared by two instances', function () {
  this.timeout(120_000);
  let connA: Connection;
  let connB: Connection;
  let spoolDir: string;
  let a: ReportServices;
  let b: ReportServices;
  let down: DatabaseGate;

  before(async () => {
    connA = await openTestDb('sharedspool');
    // The second instance: its own connection to the same database.
    const url = new URL(process.env.MONGODB_URI!);
    url.pathname = `/${connA.name}`;
    connB = await mongoose.createConnection(url.toString(), { autoIndex: false }).asPromise();
    spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-shared-spool-'));
    const env = { DATA_DIR: spoolDir, SPOOL_DIR: spoolDir, REPORT_ENCRYPTION_KEYS: `s1:${randomBytes(32).toString('base64')}` };
    // Every routed authority has a webhook, so each report queues notices (deduplicated per report, target, channel).
    const directory = async () => ({ webhook: 'https://example.org/hook' });
    const log = createLogger('info', new LogCapture());
    // Instance A sees the database as away: its submissions go to the spool.
    down = new DatabaseGate({ ping: () => Promise.reject(new Error('down')), opTimeoutMs: 500, probeIntervalMs: 60_000 });
    down.trip();
    a = createReportServices(connA, loadSection('reports', env), log, { anonymise: fakeAnonymise, route: fakeRoute, directory, gate: down });
    b = createReportServices(connB, loadSection('reports', env), log, { anonymise: fakeAnonymise, route: fakeRoute, directory });
    await a.ensureIndexes();
  });
  after(async () => {
    down.close();
    await connB?.close();
    await dropTestDb(connA);
    fs.rmSync(spoolDir, { recursive: true, force: true });
  });

  it('when both instances flush the same spooled reports at once, then each report is stored exactly once with one set of notices', async () => {
    const drafts = Array.from({ length: 12 }, (_, i) => draft({ narrative: `Prijava ${i}: Marko traži slike.` }));
    const results = [];
    for (const d of drafts) results.push(await a.submitter.submit(d));
    assert.ok(results.every((r) => r.stored === 'spool' && r.passphrase));
    assert.equal(fs.readdirSync(spoolDir).filter((f) => f.endsWith('.spool')).length, drafts.length);

    // The race at its sharpest, forced: both instances store the same spooled copy at the same moment (half of them).
    const entries = (await b.spool.list()).slice(0, drafts.length / 2);
    for (const e of entries) {
      const prepared = (await b.spool.read(e.key))!;
      const outcomes = await Promise.all([storeOn(connA).store(prepared), storeOn(connB).store(prepared)]);
      assert.ok(outcomes.every((o) => o.outcome === 'stored' || o.existing._id.equals(prepared.report._id)));
    }
    // Then both flush the whole folder, concurrently, three times over.
    for (let round = 0; round < 3; round++) await Promise.all([a.spoolFlusher.flush().catch(() => undefined), b.spoolFlusher.flush()]);
    const final = await b.spoolFlusher.flush();
    assert.deepEqual({ remaining: final.remaining, down: final.databaseDown }, { remaining: 0, down: false });
    assert.deepEqual(fs.readdirSync(spoolDir).filter((f) => f.endsWith('.spool')), []);

    const reports = await reportModel(connA).find({}, { caseCode: 1, submissionKey: 1 }).lean().exec();
    assert.equal(reports.length, drafts.length, 'exactly one report per submission');
    assert.deepEqual(new Set(reports.map((r) => r.caseCode)), new Set(results.map((r) => r.caseCode)), 'every code a reporter got is stored');
    const notices = await notificationModel(connA).find({}, { dedupeKey: 1 }).lean().exec();
    const keys = notices.map((n) => n.dedupeKey);
    assert.equal(new Set(keys).size, keys.length, 'no notice twice');
    assert.equal(keys.length, drafts.length * 2, 'two routed authorities per report, one webhook notice each');
  });

  it('when an instance reissued the passphrase in the spool after another had already stored the report, then the flush adopts the new passphrase', async () => {
    const d = draft({ narrative: 'Prijava sa izgubljenim odgovorom.' });
    const first = await a.submitter.submit(d);
    assert.equal(first.stored, 'spool');
    // Instance B stores the spooled copy but has not removed the entry yet …
    const [entry] = await b.spool.list();
    const prepared = await b.spool.read(entry!.key);
    assert.equal(prepared?.report.caseCode, first.caseCode);
    await storeOn(connB).store(prepared!);
    // … when the reporter's lost reply makes instance A reissue the secret words from the spool.
    const reissued = await a.submitter.reissuePassphrase(d.submissionId as string);
    assert.equal(reissued.caseCode, first.caseCode);
    await b.spoolFlusher.flush();
    const verified = await b.followUp.verify(first.caseCode, reissued.passphrase);
    assert.ok(verified.ok, 'the new secret words work');
    assert.equal((await b.followUp.verify(first.caseCode, first.passphrase!)).ok, false, 'the old ones do not');
  });
});
