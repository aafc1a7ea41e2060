/**
 * `npx tsx bench/dashboardBench.ts [--count 100000] [--runs 5] [--slow-runs 1] [--json]`:
 * seeds that many reports (realistic sizes: encrypted narrative, evidence,
 * history), fills the queue entries, and times on the same data:
 *
 * - the review queue read from the database (`reportqueue` and its indexes:
 *   what several instances on MongoDB/Cosmos DB use) side by side with the
 *   queue held in memory (what the embedded database uses): page 1, the open
 *   queue, a deep keyset page (90 % down), a filtered page, an authority's
 *   page, a case-code search, the alert count; plus loading the copy and
 *   the heap it takes;
 * - lookups by `_id` (opening a report; one queue-entry sync, which each
 *   status change adds) before and after the embedded launcher's `_id`
 *   index (tools/ferretdb/idindex.go), and how long indexing took;
 * - the reporter's follow-up lookup by case code: by the report field, and
 *   through the case-code link (plus the one-off linking of old reports);
 * - the queue and one report view through the real server over HTTP (signed
 *   in; queue in memory; each request checks the session and appends its
 *   audit event);
 * - a report's thread among one message per two reports: by the messages'
 *   reportId, and through the thread's id list (plus the one-off listing);
 * - an audit append with one event per report already logged, against
 *   finding the last event by sorting (how appends found it before).
 *
 * Medians of `--runs` (`--slow-runs` for the multi-second ones); numbers, not
 * pass/fail. Uses MONGODB_URI or the embedded database in a temporary folder.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { reportModel, urgencyRank } from '../models/report';
import { reportQueueEntryModel, syncReportQueueEntry } from '../models/reportQueueEntry';
import { caseCodeLinkModel } from '../models/caseCodeLink';
import { caseMessageModel } from '../models/caseMessage';
import { reportChildrenModel } from '../models/reportChildren';
import { loadConfig } from '../core/config';
import { startServer } from '../server/index';
import { createLogger } from '../core/logger';
import { AuditLog } from '../services/audit/auditLog';
import { AuditEventRepository } from '../models/auditEventRepository';
import { encodeQueueCursor } from '../services/dashboard/queueCursor';
import { normaliseCaseCode, type ReportQueue } from '../services/dashboard/reportQueue';
import { reportQueueOn } from '../server/dashboard/dashboardServices';
import { FieldCipher } from '../services/crypto/fieldCipher';
import { parseKeyring } from '../services/crypto/keyring';
import { CaseCodeLinks } from '../models/embedded/caseCodeLinks';
import { EMBEDDED_DATABASE, MONGODB_DATABASE, type DatabaseMode } from '../models/database';
import { CaseMessageRepository } from '../models/caseMessageRepository';
import { CATEGORIES, URGENCIES } from '../core/domain/routing';
import { DashboardClient } from '../test/dashboard/dashboardClient';
import { loadAverage, runBench, time, withBenchDatabase } from './benchDatabase';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    'slow-runs': { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const COUNT = Number(values.count);
const RUNS = Number(values.runs);
const SLOW_RUNS = Number(values['slow-runs']);

/** The key the server gets for the one report the bench opens over HTTP. */
const BENCH_KEYS = `b1:${Buffer.alloc(32, 9).toString('base64')}`;

/** Random base64 of about `n` characters (ciphertext-like, so it does not compress). */
const b64 = (n: number): string => randomBytes(Math.ceil((n * 3) / 4)).toString('base64').slice(0, n);

/** A well-formed case code (grouped like K7F9-Q2XM-4HRT-B), unique per i. */
const caseCodeOf = (i: number): string => normaliseCaseCode(`B${i.toString(36).toUpperCase().padStart(12, '0')}`);

function seedReport(i: number, t0: number): Record<string, unknown> {
  const urgency = URGENCIES[i % 50 === 0 ? 2 : i % 5 === 0 ? 1 : 0]!;
  const createdAt = new Date(t0 + i * 60_000);
  const closed = i % 7 === 0;
  const at = (h: number): Date => new Date(createdAt.getTime() + h * 3_600_000);
  return {
    _id: new Types.ObjectId(), caseCode: caseCodeOf(i), submissionKey: `s${i}`, passphraseHash: `$argon2id$v=19$m=19456,t=2,p=1$${b64(22)}$${b64(43)}`,
    access: { failures: 0, lockouts: 0, lockedUntil: null, lastVerifiedAt: null }, locale: 'sr-Latn', reporterRole: 'pupil', victimAge: '14-17', category: CATEGORIES[i % CATEGORIES.length]!,
    platforms: ['instagram', 'tiktok'], urgency, urgencyRank: urgencyRank(urgency), ongoing: true, municipality: 'novi-sad', flags: ['victimIsPupil'],
    narrative: { kid: 'b1', iv: b64(16), tag: b64(24), ct: b64(1200) },
    evidence: { kid: 'b1', iv: b64(16), tag: b64(24), ct: b64(200) },
    hasContact: false,
    routing: [{ authorityId: i % 3 === 0 ? 'police-vtk' : 'nccos', reason: 'rule: category and age' }, { authorityId: 'school', reason: 'rule: victim is a pupil' }],
    status: closed ? 'closed' : 'new',
    statusHistory: closed
      ? [{ status: 'new', at: createdAt }, { status: 'in_review', at: at(2), by: 'a'.repeat(24) }, { status: 'closed', at: at(30), by: 'a'.repeat(24), reason: 'handled' }]
      : [{ status: 'new', at: createdAt }],
    ...(closed ? { resolution: 'advice_given' } : {}),
    forwards: [], notes: closed ? [{ _id: new Types.ObjectId(), at: at(3), by: 'a'.repeat(24), body: { kid: 'b1', iv: b64(16), tag: b64(24), ct: b64(300) } }] : [],
    retention: { closedAt: closed ? at(30) : null, purgedAt: null }, unreadByStaff: 0, createdAt, updatedAt: createdAt,
  };
}

/** Starts the server on the seeded database and times queue requests through HTTP (medians of RUNS). */
async function overHttp(mongodbUri: string, cursor: string, code: string, reportId: string, databaseMode: DatabaseMode): Promise<{ page1: number; deep: number; caseCode: number; alerts: number; reportView: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-dashbench-srv-'));
  const config = loadConfig({
    PORT: '0', MONGODB_URI: mongodbUri, DATA_DIR: dataDir, LOG_LEVEL: 'error',
    DASHBOARD_QUEUE_MODE: 'memory', DASHBOARD_ARGON_MEMORY_KIB: '1024', DASHBOARD_ARGON_TIME_COST: '1',
    REPORT_ENCRYPTION_KEYS: BENCH_KEYS,
  });
  // The bench's own embedded FerretDB is handed over by MONGODB_URI: the server is told to use it the embedded database's way.
  const server = await startServer(config, createLogger('error'), { databaseMode });
  try {
    const password = randomBytes(12).toString('base64url');
    await server.dashboard!.services.staff.create({ email: 'bench@example.org', displayName: 'bench', role: 'reviewer', password });
    const client = new DashboardClient(server.url);
    if ((await client.login('bench@example.org', password)).status !== 200) throw new Error('bench sign-in failed');
    await server.dashboard!.services.queue.ready();
    const get = (q: string) => async () => {
      const res = await client.get(`/api/dashboard/${q}`);
      if (res.status !== 200) throw new Error(`GET ${q}: ${res.status}`);
      return res;
    };
    return {
      page1: (await time(RUNS, get('reports?status=all'))).medianMs,
      deep: (await time(RUNS, get(`reports?status=all&cursor=${cursor}`))).medianMs,
      caseCode: (await time(RUNS, get(`reports?caseCode=${encodeURIComponent(code)}`))).medianMs,
      alerts: (await time(RUNS, get('alerts'))).medianMs,
      reportView: (await time(RUNS, get(`reports/${reportId}`))).medianMs,
    };
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await withBenchDatabase('dashbench', async ({ conn, dbName, uri: dbUri, embedded }) => {
    let memory: ReportQueue | undefined;
    try {
      const model = reportModel(conn);
      const entries = reportQueueEntryModel(conn);
      await model.createIndexes();

      const t0 = Date.now() - COUNT * 60_000;
      const seedStart = Date.now();
      for (let done = 0; done < COUNT; done += 1000) {
        const batch = [];
        for (let i = done; i < Math.min(COUNT, done + 1000); i++) batch.push(seedReport(i, t0));
        await model.collection.insertMany(batch, { ordered: false });
      }
      const seedMs = Date.now() - seedStart;
      // The one-off fill a database with reports but no entries gets at start-up.
      const fillStart = Date.now();
      const database = reportQueueOn(conn, 'database');
      await database.init();
      const fillMs = Date.now() - fillStart;

      const viewer = { userId: 'bench', role: 'reviewer' as const };
      const police = { userId: 'bench', role: 'authority' as const, authorityId: 'police-vtk' };
      const deepAt = Math.floor(COUNT * 0.9);
      // A cursor 90 % of the way down the queue (found once, untimed).
      const [deepEntry] = await entries.find({}, { queueKey: 1 }).sort({ queueKey: 1 }).skip(deepAt).limit(1).lean().exec();
      const cursor = encodeQueueCursor(deepEntry!.queueKey);
      const someId = deepEntry!._id;
      const code = caseCodeOf(deepAt);

      const lookups = async (runs: number): Promise<{ openMs: number; syncMs: number }> => ({
        openMs: (await time(runs, () => model.findById(someId).lean().exec())).medianMs,
        syncMs: (await time(runs, () => syncReportQueueEntry(conn, someId))).medianMs,
      });
      const unindexed = embedded?.kind === 'ferretdb' ? await lookups(SLOW_RUNS) : undefined;
      const indexStart = Date.now();
      const indexedCollections = embedded ? await embedded.indexIdLookups(dbName) : 0;
      const indexMs = Date.now() - indexStart;
      const indexed = await lookups(RUNS);
      // The reporter's follow-up: by the report's caseCode field (before) and through the code's link (now).
      const followUpScan = await time(SLOW_RUNS, () => model.findOne({ caseCode: code }).lean().exec());
      const linkStart = Date.now();
      const links = new CaseCodeLinks(conn);
      await caseCodeLinkModel(conn).createCollection();
      if (embedded) await embedded.indexIdLookups(dbName);
      const linked = await links.init();
      const linkFillMs = Date.now() - linkStart;
      const followUpLink = await time(RUNS, async () => model.findById(await links.reportIdOf(code)).lean().exec());

      // Threads: one message for every second report; a report view reads its thread
      // by the messages' reportId (before) and through the thread's id list (now).
      const messages = caseMessageModel(conn);
      await messages.createIndexes();
      const threadReport = deepEntry!._id;
      for (let done = 0; done < COUNT; done += 2000) {
        const batch = [];
        for (let i = done; i < Math.min(COUNT, done + 2000); i += 2) {
          batch.push({ _id: new Types.ObjectId(), reportId: i === deepAt ? threadReport : new Types.ObjectId(), from: 'reporter', body: { kid: 'b1', iv: b64(16), tag: b64(24), ct: b64(300) }, createdAt: new Date(), readByStaffAt: null, readByReporterAt: null });
        }
        await messages.collection.insertMany(batch, { ordered: false });
      }
      const threadByFilter = await time(SLOW_RUNS, () => messages.find({ reportId: threadReport }).sort({ createdAt: 1 }).lean().exec());
      const threads = new CaseMessageRepository(conn);
      await reportChildrenModel(conn).createCollection();
      if (embedded) await embedded.indexIdLookups(dbName);
      const threadFillStart = Date.now();
      const listed = await threads.init();
      const threadFillMs = Date.now() - threadFillStart;
      const threadByList = await time(RUNS, () => threads.read(threadReport));

      // The audit log at one event per report: an append (what every queue page and report view adds) against
      // the previous way of finding the chain's last link (sort every event), on the same events.
      const audit = new AuditLog(new AuditEventRepository(conn));
      await audit.init();
      for (let done = 0; done < COUNT; done += 1000) {
        const batch = [];
        for (let i = done; i < Math.min(COUNT, done + 1000); i++) batch.push({ seq: i + 1, at: new Date(), actorId: 'a'.repeat(24), actorRole: 'reviewer', action: 'report.read', targetType: 'report', targetId: 'b'.repeat(24), details: {}, prevHash: b64(64), hash: b64(64) });
        await conn.collection('auditevents').insertMany(batch, { ordered: false });
      }
      if (embedded) await embedded.indexIdLookups(dbName);
      const auditLastBySort = await time(SLOW_RUNS, () => conn.collection('auditevents').findOne({}, { sort: { seq: -1 }, projection: { seq: 1, hash: 1 } }));
      const firstAppend = await time(1, () => audit.append({ id: 'bench', role: 'reviewer' }, { action: 'queue.read', targetType: 'queue', targetId: 'reports' }));
      const auditAppend = await time(RUNS, () => audit.append({ id: 'bench', role: 'reviewer' }, { action: 'queue.read', targetType: 'queue', targetId: 'reports' }));

      type Shape = { page1: number; openPage1: number; deep: number; filtered: number; authority: number; caseCode: number; alerts: number; deepRows: number; caseRows: number };
      const shapes = async (queue: ReportQueue, runs: number): Promise<Shape> => {
        const deep = await time(runs, () => queue.page(viewer, { limit: 25, status: 'all', cursor }));
        const caseCode = await time(runs, () => queue.page(viewer, { limit: 25, caseCode: code }));
        return {
          page1: (await time(runs, () => queue.page(viewer, { limit: 25, status: 'all' }))).medianMs,
          openPage1: (await time(runs, () => queue.page(viewer, { limit: 25 }))).medianMs,
          deep: deep.medianMs,
          filtered: (await time(runs, () => queue.page(viewer, { limit: 25, status: 'new', category: 'grooming' }))).medianMs,
          authority: (await time(runs, () => queue.page(police, { limit: 25, status: 'open' }))).medianMs,
          caseCode: caseCode.medianMs,
          alerts: (await time(runs, () => queue.immediateOpen(viewer))).medianMs,
          deepRows: deep.result.items.length,
          caseRows: caseCode.result.items.length,
        };
      };
      const fromDatabase = await shapes(database, SLOW_RUNS);

      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const loadStart = Date.now();
      memory = reportQueueOn(conn, 'memory');
      await memory.init();
      await memory.ready();
      const loadMs = Date.now() - loadStart;
      global.gc?.();
      const heapMiB = Math.round(((process.memoryUsage().heapUsed - heapBefore) / 1048576) * 10) / 10;
      const fromMemory = await shapes(memory, RUNS);

      // The same pages as a browser gets them: the real server on this database (queue in memory),
      // signed in, over HTTP — session check, the page, and its audit event.
      // One report the server can decrypt (the seeded ciphertext is random): opened over HTTP, with its thread.
    const viewed = deepEntry!._id;
    const cipher = new FieldCipher(parseKeyring(BENCH_KEYS));
    const ctx = (field: string) => ({ reportId: viewed.toHexString(), field });
    await model.updateOne({ _id: viewed }, { $set: { narrative: cipher.encrypt('Neko mi šalje poruke.', ctx('narrative')), evidence: cipher.encryptJson({ urls: [], handles: [] }, ctx('evidence')), unreadByStaff: 0 } });
    await messages.deleteMany({ reportId: viewed });
    const staffMessage = new Types.ObjectId();
    await threads.add({ _id: staffMessage, reportId: viewed, from: 'staff', staffId: 'b'.repeat(24), body: cipher.encrypt('Hvala, pogledaćemo.', ctx(`message:${staffMessage.toHexString()}`)), createdAt: new Date() });
    const httpPages = await overHttp(dbUri, cursor, code, viewed.toHexString(), embedded ? EMBEDDED_DATABASE : MONGODB_DATABASE);

      const out = {
        reports: COUNT,
        server: embedded ? `embedded ${embedded.kind}` : 'MONGODB_URI',
        runs: RUNS,
        slowRuns: SLOW_RUNS,
        seedMs,
        fillMs,
        queueFromDatabase: fromDatabase,
        queueFromMemory: fromMemory,
        httpFromMemory: httpPages,
        memoryLoadMs: loadMs,
        memoryHeapMiB: heapMiB,
        reportOpenMs: { unindexed: unindexed?.openMs, indexed: indexed.openMs },
        entrySyncMs: { unindexed: unindexed?.syncMs, indexed: indexed.syncMs },
        indexIdLookups: { collections: indexedCollections, ms: indexMs },
        followUpByCaseCodeFieldMs: followUpScan.medianMs,
        followUpByLinkMs: followUpLink.medianMs,
        linkFill: { reports: linked, ms: linkFillMs },
        threadByReportIdMs: threadByFilter.medianMs,
        threadByListMs: threadByList.medianMs,
        threadFill: { messages: listed, ms: threadFillMs },
        auditLastEventBySortMs: auditLastBySort.medianMs,
        auditFirstAppendMs: firstAppend.medianMs,
        auditAppendMs: auditAppend.medianMs,
        load: loadAverage(),
      };
      if (!values.json) {
        const row = (name: string, key: keyof Shape): string => `  ${name.padEnd(22)} ${String(fromDatabase[key]).padStart(10)} ms   ${String(fromMemory[key]).padStart(8)} ms\n`;
        console.log(
          `dashboard at ${COUNT} reports (${out.server}; medians of ${RUNS}, slow ones of ${SLOW_RUNS})\n` +
            `  review queue           from database   in memory\n` +
            row('page 1 (all)', 'page1') + row('page 1 (open)', 'openPage1') + row('deep keyset page', 'deep') + row('filtered page', 'filtered') +
            row('authority-scoped page', 'authority') + row('case-code search', 'caseCode') + row('alert count', 'alerts') +
            `  over HTTP (real server, queue in memory, signed in, audited): page 1 ${httpPages.page1} ms, deep page ${httpPages.deep} ms, case code ${httpPages.caseCode} ms, alerts ${httpPages.alerts} ms, open a report with its thread ${httpPages.reportView} ms\n` +
            `  loading the in-memory copy ${loadMs} ms, heap ${heapMiB} MiB\n` +
            `  by _id                 without index   with index (indexing ${indexedCollections} collections took ${indexMs} ms)\n` +
            `  open a report          ${String(unindexed?.openMs ?? '-').padStart(10)} ms   ${String(indexed.openMs).padStart(8)} ms\n` +
            `  one entry sync         ${String(unindexed?.syncMs ?? '-').padStart(10)} ms   ${String(indexed.syncMs).padStart(8)} ms\n` +
            `  follow-up by case code: caseCode field ${followUpScan.medianMs} ms, link ${followUpLink.medianMs} ms (linking ${linked} reports once took ${linkFillMs} ms)\n` +
            `  a report's thread among ${COUNT / 2} messages: by reportId ${threadByFilter.medianMs} ms, through its list ${threadByList.medianMs} ms (listing them once took ${threadFillMs} ms)\n` +
            `  audit append with ${COUNT} events: ${auditAppend.medianMs} ms (first, deriving the head once: ${firstAppend.medianMs} ms); finding the last event by sort: ${auditLastBySort.medianMs} ms\n` +
            `  seeding ${seedMs} ms, first fill of the entries ${fillMs} ms; load average ${out.load.join(' ')}`,
        );
      }
      console.log(JSON.stringify(out));
    } finally {
      memory?.close();
    }
  });
}

runBench(main);
