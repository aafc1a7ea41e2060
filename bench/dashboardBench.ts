/**
 * `npx tsx bench/dashboardBench.ts [--count 100000] [--runs 5] [--legacy-runs 1] [--json]`:
 * seeds that many reports (realistic sizes: encrypted narrative, evidence,
 * history), fills the queue entries, and times the dashboard queue — page 1,
 * a deep keyset page (90 % down), a filtered page, an authority's page, a
 * case-code search, the alert count — and, for contrast on the same data,
 * the previous shape (keyset on the report documents themselves) and `skip`.
 * Also times one entry sync (what each status change adds) and a count that
 * matches nothing (the cost of reading every entry once: on FerretDB 1.24's
 * SQLite backend every filtered or sorted query pays at least that).
 * Medians of `--runs`; numbers, not pass/fail. Uses MONGODB_URI or the
 * embedded database in a temporary folder.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose, { Types } from 'mongoose';
import { reportModel, urgencyRank } from '../models/report';
import type { ReportDoc } from '../models/report';
import { reportQueueEntryModel, syncReportQueueEntry } from '../models/reportQueueEntry';
import { startEmbeddedDatabase } from '../server/db/embedded';
import { encodeQueueCursor } from '../services/dashboard/queueCursor';
import { normaliseCaseCode, ReportQueue } from '../services/dashboard/reportQueue';
import { CATEGORIES, URGENCIES } from '../services/routing/types';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    'legacy-runs': { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const COUNT = Number(values.count);
const RUNS = Number(values.runs);
const LEGACY_RUNS = Number(values['legacy-runs']);

async function time<T>(runs: number, fn: () => Promise<T>): Promise<{ medianMs: number; result: T }> {
  const ms: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    result = await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { medianMs: Math.round(ms[Math.floor(ms.length / 2)]! * 10) / 10, result };
}

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

const LEGACY_SORT = { urgencyRank: -1, createdAt: 1, _id: 1 } as const;
const LEGACY_FIELDS = { caseCode: 1, urgency: 1, urgencyRank: 1, status: 1, category: 1, victimAge: 1, createdAt: 1, routing: 1, unreadByStaff: 1 } as const;

async function main(): Promise<void> {
  let uri = process.env.MONGODB_URI;
  const tmp = uri ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-dashbench-'));
  const embedded = tmp ? await startEmbeddedDatabase({ dir: tmp }) : undefined;
  uri = embedded?.uri ?? uri!;
  const dbUri = new URL(uri);
  dbUri.pathname = `/dashbench_${randomBytes(3).toString('hex')}`;
  const conn = await mongoose.createConnection(dbUri.toString(), { autoIndex: false }).asPromise();
  try {
    const model = reportModel(conn);
    const entries = reportQueueEntryModel(conn);
    await model.createIndexes();
    // The previous queue's own index, so the legacy shape is timed as it ran.
    await model.collection.createIndex(LEGACY_SORT, { name: 'queue_keyset' });

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
    const queue = new ReportQueue(conn);
    await queue.init();
    const fillMs = Date.now() - fillStart;

    const viewer = { userId: 'bench', role: 'reviewer' as const };
    const police = { userId: 'bench', role: 'authority' as const, authorityId: 'police-vtk' };
    const deepAt = Math.floor(COUNT * 0.9);
    // Cursors 90 % of the way down the queue (found once, untimed).
    const [deepEntry] = await entries.find({}, { queueKey: 1 }).sort({ queueKey: 1 }).skip(deepAt).limit(1).lean().exec();
    const cursor = encodeQueueCursor(deepEntry!.queueKey);
    const [deepDoc] = await model.find({}, { urgencyRank: 1, createdAt: 1 }).sort(LEGACY_SORT).skip(deepAt).limit(1).lean<ReportDoc[]>().exec();
    const d = deepDoc!;

    const first = await time(RUNS, () => queue.page(viewer, { limit: 25, status: 'all' }));
    const openFirst = await time(RUNS, () => queue.page(viewer, { limit: 25 }));
    const deep = await time(RUNS, () => queue.page(viewer, { limit: 25, status: 'all', cursor }));
    const filtered = await time(RUNS, () => queue.page(viewer, { limit: 25, status: 'new', category: 'grooming' }));
    const authority = await time(RUNS, () => queue.page(police, { limit: 25, status: 'open' }));
    const caseCode = await time(RUNS, () => queue.page(viewer, { limit: 25, caseCode: caseCodeOf(deepAt) }));
    const alerts = await time(RUNS, () => queue.immediateOpen(viewer));
    const scanFloor = await time(RUNS, () => entries.countDocuments({ absentField: true }).exec());
    const someId = deepEntry!._id;
    const sync = await time(RUNS, () => syncReportQueueEntry(conn, someId));

    const legacyFirst = await time(LEGACY_RUNS, () => model.find({}, LEGACY_FIELDS).sort(LEGACY_SORT).limit(26).lean().exec());
    const legacyDeep = await time(LEGACY_RUNS, () =>
      model
        .find({ $or: [{ urgencyRank: { $lt: d.urgencyRank } }, { urgencyRank: d.urgencyRank, createdAt: { $gt: d.createdAt } }, { urgencyRank: d.urgencyRank, createdAt: d.createdAt, _id: { $gt: d._id } }] }, LEGACY_FIELDS)
        .sort(LEGACY_SORT).limit(26).lean().exec(),
    );
    const legacyAlerts = await time(LEGACY_RUNS, () => model.countDocuments({ urgencyRank: 2, status: { $in: ['new', 'in_review'] } }).exec());
    const skipDeep = await time(LEGACY_RUNS, () => entries.find({}).sort({ queueKey: 1 }).skip(deepAt).limit(26).lean().exec());

    const out = {
      reports: COUNT,
      server: embedded ? `embedded ${embedded.kind}` : 'MONGODB_URI',
      runs: RUNS,
      legacyRuns: LEGACY_RUNS,
      seedMs,
      fillMs,
      page1Ms: first.medianMs,
      openPage1Ms: openFirst.medianMs,
      deepKeysetPageMs: deep.medianMs,
      filteredPageMs: filtered.medianMs,
      authorityScopedPageMs: authority.medianMs,
      caseCodeSearchMs: caseCode.medianMs,
      alertCountMs: alerts.medianMs,
      entryScanFloorMs: scanFloor.medianMs,
      entrySyncMs: sync.medianMs,
      legacyPage1Ms: legacyFirst.medianMs,
      legacyDeepKeysetPageMs: legacyDeep.medianMs,
      legacyAlertCountMs: legacyAlerts.medianMs,
      deepSkipPageMs: skipDeep.medianMs,
      deepPageRows: deep.result.items.length,
      caseCodeRows: caseCode.result.items.length,
      load: os.loadavg().map((l) => Math.round(l * 100) / 100),
    };
    if (!values.json) {
      console.log(
        `dashboard queue at ${COUNT} reports (${out.server}, median of ${RUNS}; legacy ${LEGACY_RUNS}):\n` +
          `  page 1 ${out.page1Ms} ms (legacy ${out.legacyPage1Ms} ms), open page 1 ${out.openPage1Ms} ms\n` +
          `  deep keyset page ${out.deepKeysetPageMs} ms (legacy ${out.legacyDeepKeysetPageMs} ms, skip ${out.deepSkipPageMs} ms)\n` +
          `  filtered ${out.filteredPageMs} ms, authority-scoped ${out.authorityScopedPageMs} ms, case code ${out.caseCodeSearchMs} ms\n` +
          `  alert count ${out.alertCountMs} ms (legacy ${out.legacyAlertCountMs} ms); read-every-entry floor ${out.entryScanFloorMs} ms; one entry sync ${out.entrySyncMs} ms\n` +
          `  seeding ${seedMs} ms, first fill of the entries ${fillMs} ms; load average ${out.load.join(' ')}`,
      );
    }
    console.log(JSON.stringify(out));
  } finally {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    await embedded?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
